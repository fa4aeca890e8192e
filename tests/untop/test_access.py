"""Every page but the sign-in pages needs a signed-in user."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "health",
    "favicon",
}


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), entry


def _example_path(route: str) -> str:
    """A concrete path for a route: every converter gets a plausible value."""
    import re

    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:slug|str):\w+>", "donor", path)
    path = re.sub(r"<path:\w+>", "x", path)
    path = re.sub(r"<\w+>", "x", path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


PORTAL_ROUTES = [
    (ns, name, route)
    for ns, name, route, _ in _patterns(get_resolver())
    if ns != "admin" and name not in PUBLIC and "(?P" not in route
]


@pytest.mark.django_db
@pytest.mark.parametrize("namespace,name,route", PORTAL_ROUTES, ids=[r[2] for r in PORTAL_ROUTES])
def test_anonymous_visitors_are_sent_to_sign_in(client, namespace, name, route):
    path = _example_path(route)
    response = client.get(path)
    assert response.status_code == 302, path
    assert response.url.startswith(reverse("login") + "?next=")


@pytest.mark.django_db
def test_the_admin_sends_anonymous_visitors_to_the_portals_sign_in(client):
    response = client.get("/admin/programs/activity/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/programs/activity/"


@pytest.mark.django_db
def test_sign_in_page_health_check_and_icon_are_open(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("health")).content == b"ok"
    assert client.get("/favicon.ico").url == "/static/favicon.svg"
