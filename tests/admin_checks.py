"""Checks every back-office test file runs for each of its app's admins."""

from collections.abc import Callable
from html.parser import HTMLParser

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def assert_admin_pages_open(
    client, app_label: str, model_name: str, *, search: str, add_status: int = 200
) -> None:
    """The changelist, a search, the add page and a record's change page answer."""
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": search}).status_code == 200
    add = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert add.status_code == add_status
    obj = apps.get_model(app_label, model_name)._default_manager.first()
    if obj is not None:
        change = reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200


def assert_changelist_queries_fixed(
    client,
    app_label: str,
    model_name: str,
    *,
    add_records: Callable[[], object],
    django_assert_num_queries,
) -> None:
    """The changelist runs the same number of queries after more records are added."""
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    add_records()
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200


class _FormValues(HTMLParser):
    """What a browser sends for the page's main form: each field's current value."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.append(
                (name, a.get("value") or ("on" if a.get("type") == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            name, text = self.values.pop()
            self.values.append((name, text + data))


def browser_post_data(html: str) -> dict[str, list[str]]:
    """The fields of the page's forms as a browser would send them (unchanged)."""
    parser = _FormValues()
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.values:
        if name not in ("csrfmiddlewaretoken", "_selected_action"):
            data.setdefault(name, []).append(value)
    return data
