"""Each user's permissions kept in the cache (untop/security/permission_cache.py): a page reads
them from the cache, and any change of rights is obeyed from the user's very next request,
whichever way it is made, inside a transaction or not, and with the cache down meanwhile."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import accounts
from programs.models import User
from tests.conftest import sign_in_as
from untop import figures_cache, roles
from untop.security import permission_cache

pytestmark = pytest.mark.django_db

APPROVALS = "programs:approvals"  # opens with programs.approve_activity: managers, not staff
PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's


@pytest.fixture(autouse=True)
def _a_cache_that_answers():
    figures_cache._cache_fault["retry_at"] = None
    yield
    figures_cache._cache_fault["retry_at"] = None


def _approve_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="programs", codename="approve_activity")


def _managers() -> Group:
    return Group.objects.get(name=roles.PROGRAMME_MANAGER)


def _status(client: Client) -> int:
    return client.get(reverse(APPROVALS)).status_code


def test_a_signed_in_page_reads_the_permissions_from_the_cache(
    manager_client, django_assert_num_queries
):
    assert _status(manager_client) == 200
    # The session, the user and the second factor's device (the empty queue's counts are
    # cached since the first visit): no permission.
    with django_assert_num_queries(3) as counted:
        assert _status(manager_client) == 200
    assert not [q for q in counted.captured_queries if "auth_permission" in q["sql"]]


def test_the_permissions_stay_cached_while_many_figures_are_kept(
    manager_client, django_assert_num_queries
):
    """The default cache (each process's memory) keeps more than Django's 300 entries: the
    figures of many pages and lists kept meanwhile do not push a user's permissions out."""
    assert _status(manager_client) == 200
    cache = caches["default"]
    cache.set_many({f"tests:figure:{n}": n for n in range(1000)})
    with django_assert_num_queries(3) as counted:
        assert _status(manager_client) == 200
    assert not [q for q in counted.captured_queries if "auth_permission" in q["sql"]]
    cache.delete_many([f"tests:figure:{n}" for n in range(1000)])


def test_a_permission_taken_from_a_group_refuses_its_members_next_request(manager_client):
    assert _status(manager_client) == 200
    _managers().permissions.remove(_approve_permission())
    assert _status(manager_client) == 403
    _managers().permissions.add(_approve_permission())
    assert _status(manager_client) == 200


def test_a_role_taken_away_refuses_the_users_next_request(manager, manager_client, administrator):
    assert _status(manager_client) == 200
    accounts.user_roles_set(user=manager, roles=[roles.PROGRAMME_STAFF], acting_user=administrator)
    assert _status(manager_client) == 403


def test_a_permission_given_to_the_user_alone_opens_the_page_at_their_next_request(
    staff_user, staff_client
):
    assert _status(staff_client) == 403
    staff_user.user_permissions.add(_approve_permission())
    assert _status(staff_client) == 200
    staff_user.user_permissions.clear()
    assert _status(staff_client) == 403


def test_a_deactivated_user_keeps_no_cached_permission(manager, manager_client):
    assert _status(manager_client) == 200
    manager.is_active = False
    manager.save()
    fresh = User.objects.get(pk=manager.pk)
    assert not fresh.has_perm("programs.approve_activity")
    assert fresh.get_all_permissions() == set()


def test_rights_read_in_a_transaction_that_is_rolled_back_are_never_kept(staff_user, staff_client):
    assert _status(staff_client) == 403
    with pytest.raises(RuntimeError), transaction.atomic():
        staff_user.user_permissions.add(_approve_permission())
        # Read inside the transaction, with the permission not yet committed.
        assert User.objects.get(pk=staff_user.pk).has_perm("programs.approve_activity")
        raise RuntimeError("rolled back")
    assert _status(staff_client) == 403
    assert not User.objects.get(pk=staff_user.pk).has_perm("programs.approve_activity")


def test_rights_kept_by_another_process_before_the_commit_are_not_used_after_it(
    manager, manager_client, django_capture_on_commit_callbacks
):
    assert _status(manager_client) == 200
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _managers().permissions.remove(_approve_permission())
        # Meanwhile another process, reading the rights still committed, keeps them under
        # the version of that moment.
        version = caches["default"].get(permission_cache.VERSION_KEY)
        caches["default"].set(
            permission_cache._entry_key(manager),
            (version, frozenset(), frozenset({"programs.approve_activity"})),
        )
    assert _status(manager_client) == 403


def test_pages_read_the_permissions_from_the_database_while_the_cache_is_down(
    manager_client, monkeypatch
):
    assert _status(manager_client) == 200

    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    cache = caches["default"]
    with monkeypatch.context() as outage:
        for operation in ("get", "get_many", "set", "add", "delete"):
            outage.setattr(cache, operation, down)
        with CaptureQueriesContext(connection) as counted:
            assert _status(manager_client) == 200
        assert len([q for q in counted.captured_queries if "auth_permission" in q["sql"]]) == 2
        # Taken away while the cache cannot be told: refused at once all the same.
        _managers().permissions.remove(_approve_permission())
        assert _status(manager_client) == 403
    # The cache answers again with what it held before the fault, the rights of then
    # included: they are not taken as current.
    figures_cache._cache_fault["retry_at"] = 0
    assert _status(manager_client) == 403
    assert _status(manager_client) == 403


def test_a_superuser_made_by_a_bulk_update_has_every_permission(manager, manager_client):
    assert _status(manager_client) == 200
    assert "auth.delete_group" not in User.objects.get(pk=manager.pk).get_all_permissions()
    User.objects.filter(pk=manager.pk).update(is_superuser=True)
    assert "auth.delete_group" in User.objects.get(pk=manager.pk).get_all_permissions()


def test_sessions_still_name_the_model_backend(manager):
    client = Client()
    response = client.post(reverse("login"), {"username": "manager", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


def test_the_version_is_replaced_after_every_migrate():
    before = caches["default"].get(permission_cache.VERSION_KEY)
    call_command("migrate", verbosity=0)
    assert caches["default"].get(permission_cache.VERSION_KEY) not in (None, before)


def test_the_back_office_lists_what_the_cached_permissions_open(administrator):
    client = Client()
    sign_in_as(client, administrator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 200
