"""The role × route matrix: every URL pattern of the portal and the back office, for
anonymous visitors and each role, gets the answer written in access_matrix.py.

The record level (forged ids in URLs and form fields) is in tests/security/.
"""

from __future__ import annotations

import functools
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import sign_in_as
from tests.untop.access_matrix import ADMIN, IMPORT_LETTERS, LOGIN, PORTAL, ROLES, build_records


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), entry


def _route_names() -> list[str]:
    names = []
    for namespace, name, _route, _entry in _patterns(get_resolver()):
        if namespace.split(":")[0] == "admin":
            continue
        names.append(f"{namespace}:{name}" if namespace else str(name))
    return names


ROUTES = _route_names()
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


@pytest.fixture
def world(centre, other_centre, staff_user, manager, hr_officer, administrator):
    records = build_records(
        centre=centre, other_centre=other_centre, staff_user=staff_user, manager=manager
    )
    clients = {"anonymous": Client()}
    for role, user in (
        ("staff", staff_user),
        ("manager", manager),
        ("hr", hr_officer),
        ("administrator", administrator),
    ):
        clients[role] = Client()
        sign_in_as(clients[role], user)
    return records, clients


def _path_of(name: str, expect, records) -> str:
    kwargs = dict(expect.kwargs)
    resolver_match = next(
        entry
        for ns, n, _r, entry in _patterns(get_resolver())
        if (f"{ns}:{n}" if ns else str(n)) == name
    )
    for _conv, arg in CONVERTER.findall(str(resolver_match.pattern)):
        if arg not in kwargs:
            assert expect.record, f"{name}: its <{arg}> needs record= in access_matrix.py"
            kwargs[arg] = records[expect.record].pk
    return reverse(name, kwargs=kwargs or None)


def _answer(response) -> int | str:
    """The status, or LOGIN for a redirect to the portal's or the back office's sign-in."""
    if response.status_code == 302 and response.url.startswith(
        (reverse("login") + "?next=", reverse("admin:login") + "?next=")
    ):
        return LOGIN
    return response.status_code


def test_every_url_pattern_has_an_entry_in_the_matrix():
    missing = sorted(set(ROUTES) - set(PORTAL))
    assert not missing, (
        f"These URL patterns have no entry in tests/untop/access_matrix.py PORTAL: {missing}. "
        "Add one line per URL with the answer each role must get."
    )
    stale = sorted(set(PORTAL) - set(ROUTES))
    assert not stale, f"access_matrix.py names URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(ROUTES) & set(PORTAL)))
def test_each_role_gets_the_answer_of_the_matrix(world, name):
    records, clients = world
    expect = PORTAL[name]
    path = _path_of(name, expect, records)
    got = {}
    for role in ROLES:
        client = clients[role]
        response = client.post(path) if expect.post else client.get(path)
        got[role] = _answer(response)
    wanted = {role: expect.for_role(role) for role in ROLES}
    assert got == wanted, f"{name} ({path})"


def test_every_admin_model_has_an_entry_in_the_matrix():
    registered = {model._meta.label_lower for model in admin.site._registry}
    missing = sorted(registered - set(ADMIN))
    assert not missing, (
        f"These back-office models have no entry in tests/untop/access_matrix.py ADMIN: "
        f"{missing}. Add one line saying what managers and administrators may do."
    )
    assert not sorted(set(ADMIN) - registered), "ADMIN names models no longer in the admin"


def _admin_expected(model_admin, spec) -> list:
    if isinstance(spec, tuple):
        return list(spec)
    from untop.audit.admin import AuditedAdminMixin

    view = "v" in spec
    history = (302 if isinstance(model_admin, AuditedAdminMixin) else 200) if view else 403
    return [
        200 if view else 403,
        200 if "a" in spec else 403,
        ("200+save" if "c" in spec else 200) if view or "c" in spec else 403,
        200 if "d" in spec else 403,
        history,
    ]


def _admin_answers(client, model, obj) -> list:
    info = (model._meta.app_label, model._meta.model_name)
    answers = [
        _answer(client.get(reverse("admin:{}_{}_changelist".format(*info)))),
        _answer(client.get(reverse("admin:{}_{}_add".format(*info)))),
    ]
    if obj is None:
        return answers + ["-", "-", "-"]
    response = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    change = _answer(response)
    if change == 200 and b'name="_save"' in response.content:
        change = "200+save"
    answers.append(change)
    for view in ("delete", "history"):
        answers.append(
            _answer(client.get(reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[obj.pk])))
        )
    return answers


ADMIN_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.label_lower in ADMIN),
    key=lambda model: model._meta.label_lower,
)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=[m._meta.label_lower for m in ADMIN_MODELS])
def test_each_role_gets_the_answer_of_the_matrix_in_the_back_office(world, model):
    records, clients = world
    from django.contrib.auth import get_user_model

    from tests.untop.access_matrix import build_admin_records

    users = get_user_model().objects
    build_admin_records(
        manager=users.get(username="manager"), administrator=users.get(username="administrator")
    )
    obj = model._default_manager.order_by("pk").first()
    model_admin = admin.site._registry[model]
    spec = ADMIN[model._meta.label_lower]
    for role in ROLES:
        got = _admin_answers(clients[role], model, obj)
        if role in ("anonymous", "staff", "hr"):
            # Not back-office users: every page sends them to a sign-in page.
            wanted = [LOGIN] * 2 + ([LOGIN] * 3 if obj is not None else ["-"] * 3)
        else:
            wanted = _admin_expected(model_admin, spec[role])
            if obj is None:
                wanted[2:] = ["-", "-", "-"]
        assert got == wanted, f"{model._meta.label_lower} as {role}"
        imports = _import_export_answers(clients[role], model)
        letters = IMPORT_LETTERS.get(model._meta.label_lower, spec).get(role, "")
        assert imports == _import_export_expected(imports, role, letters), (
            f"{model._meta.label_lower}'s import and export pages as {role}"
        )


STANDARD_ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history")
IMPORT_EXPORT_VIEWS = ("import", "export", "process_import")


def _admin_site_names() -> list[str]:
    """The back office's named URLs that are not one of a model's standard or import pages."""
    per_model = {
        f"{model._meta.app_label}_{model._meta.model_name}_{view}"
        for model in admin.site._registry
        for view in STANDARD_ADMIN_VIEWS + IMPORT_EXPORT_VIEWS
    }
    return sorted(
        {
            name
            for namespace, name, _route, _entry in _patterns(get_resolver())
            if namespace == "admin" and name and name not in per_model
        }
    )


def test_every_back_office_page_has_an_entry_in_the_matrix():
    from tests.untop.access_matrix import ADMIN_SITE

    missing = sorted(set(_admin_site_names()) - set(ADMIN_SITE))
    assert not missing, (
        f"These back-office URLs have no entry in tests/untop/access_matrix.py ADMIN_SITE: "
        f"{missing}."
    )


def _admin_site_args(name: str, expect, records) -> list:
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if expect.record == "content_type_and_activity":
        activity = records["activity"]
        return [ContentType.objects.get_for_model(activity).pk, activity.pk]
    if expect.record == "totp_device":
        return [TOTPDevice.objects.get().pk]
    if expect.record == "staff_user":
        return [records["activity"].created_by.pk]
    return list(expect.kwargs.values())


@pytest.mark.django_db
def test_each_role_gets_the_answer_of_the_matrix_on_the_back_offices_own_pages(world):
    from django.contrib.auth import get_user_model

    from tests.untop.access_matrix import ADMIN_SITE, build_admin_records

    records, clients = world
    users = get_user_model().objects
    build_admin_records(
        manager=users.get(username="manager"), administrator=users.get(username="administrator")
    )
    # Sign-out last: it ends the sessions the other pages need.
    names = sorted(set(ADMIN_SITE) & set(_admin_site_names()), key=lambda n: n == "logout")
    for name in names:
        expect = ADMIN_SITE[name]
        path = reverse(f"admin:{name}", args=_admin_site_args(name, expect, records) or None)
        got = {}
        for role in ROLES:
            response = clients[role].post(path) if expect.post else clients[role].get(path)
            got[role] = _answer(response)
        assert got == {role: expect.for_role(role) for role in ROLES}, f"admin:{name} ({path})"


def _import_export_answers(client, model) -> dict[str, int | str]:
    info = (model._meta.app_label, model._meta.model_name)
    return {
        view: _answer(client.get(reverse(f"admin:{info[0]}_{info[1]}_{view}")))
        for view in IMPORT_EXPORT_VIEWS
        if f"{info[0]}_{info[1]}_{view}" in _admin_site_names_all()
    }


def _import_export_expected(views, role: str, letters) -> dict[str, int | str]:
    letters = letters if isinstance(letters, str) else ""
    wanted = {}
    for view in views:
        if role in ("anonymous", "staff", "hr"):
            wanted[view] = LOGIN
        elif view == "process_import":
            wanted[view] = 405  # POST only
        else:
            wanted[view] = 200 if ("a" if view == "import" else "v") in letters else 403
    return wanted


@functools.cache
def _admin_site_names_all() -> frozenset[str]:
    return frozenset(
        name
        for namespace, name, _route, _entry in _patterns(get_resolver())
        if namespace == "admin" and name
    )
