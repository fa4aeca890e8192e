"""Checks every back-office test file runs for each of its app's admins."""

from collections.abc import Callable

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
