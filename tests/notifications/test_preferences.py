"""Each person turns each kind of e-mail off, and on again, on their own account page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.notifications import KINDS
from untop.audit.models import AuditEntry
from untop.notifications.models import NotificationPreference
from untop.notifications.registry import notification_kinds
from untop.notifications.selectors import preferences_for
from untop.notifications.services import notification_preferences_set

pytestmark = pytest.mark.django_db


def _checkbox(page: str, key: str) -> str:
    start = page.index(f'value="{key}"')
    return page[page.rindex("<input", 0, start) : page.index(">", start) + 1]


def test_the_programs_kinds_are_registered():
    assert [kind.key for kind in KINDS] == [
        kind.key for kind in notification_kinds() if kind.key.startswith("programs.")
    ]


def test_each_role_is_offered_the_kinds_meant_for_it(staff_client, manager_client):
    staff_page = staff_client.get(reverse("account")).text
    assert "My activities approved" in staff_page
    assert "Weekly list of my centre&#x27;s old drafts" in staff_page
    assert "Activities submitted for approval" not in staff_page
    manager_page = manager_client.get(reverse("account")).text
    assert "Activities submitted for approval" in manager_page
    assert "Weekly list of submissions waiting for approval" in manager_page
    # On until turned off.
    assert " checked" in _checkbox(manager_page, "programs.activity_submitted")


def test_a_person_turns_a_kind_off_and_on_again(staff_client, staff_user):
    keep = ["programs.activity_approved", "programs.drafts_digest"]
    response = staff_client.post(reverse("account"), {"notify": keep})
    assert response.status_code == 302 and response.url == reverse("account")

    page = staff_client.get(reverse("account")).text
    assert "Your choice of e-mails is saved." in page
    assert " checked" not in _checkbox(page, "programs.activity_returned")
    assert " checked" in _checkbox(page, "programs.activity_approved")
    assert {kind.key: on for kind, on in preferences_for(staff_user)} == {
        "programs.activity_approved": True,
        "programs.activity_returned": False,
        "programs.drafts_digest": True,
    }

    staff_client.post(reverse("account"), {"notify": [*keep, "programs.activity_returned"]})
    assert all(on for _, on in preferences_for(staff_user))


def test_nobody_changes_another_persons_choice(staff_user, manager):
    with pytest.raises(PermissionDenied):
        notification_preferences_set(user=staff_user, acting_user=manager, enabled=[])
    assert not NotificationPreference.objects.exists()


def test_a_kind_not_offered_cannot_be_turned_on_or_off(staff_user):
    """Staff do not approve: a forged "submitted" key neither turns it on nor writes a row."""
    off = notification_preferences_set(
        user=staff_user, acting_user=staff_user, enabled=["programs.activity_submitted"]
    )
    assert "programs.activity_submitted" not in off
    assert not NotificationPreference.objects.filter(kind="programs.activity_submitted").exists()


def test_the_account_page_reads_the_choice_in_one_query(staff_client, staff_user):
    NotificationPreference.objects.create(
        user=staff_user, kind="programs.drafts_digest", enabled=False
    )
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(reverse("account"))
    reads = [query["sql"] for query in queries if "notifications_" in query["sql"]]
    assert len(reads) == 1


def test_a_change_of_choice_is_in_the_audit_trail_under_its_author(staff_client, staff_user):
    staff_client.post(reverse("account"), {"notify": ["programs.activity_approved"]})
    entries = AuditEntry.objects.filter(
        content_type__model="notificationpreference", content_type__app_label="notifications"
    )
    assert entries.count() == 3  # one row per kind offered to programme staff
    assert {entry.actor_id for entry in entries} == {staff_user.pk}
