"""Monitoring notes reach only human-rights officers and the users a note is shared with.

Every route a note could leak through is tried for every other kind of user: the portal's
list, detail, search, edit, share and read log; the admin's index, changelist, search, change,
add, delete, history and autocomplete views; the exports; the donor report; the audit trail.
A forged id is a 404, the same as an id that does not exist.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from humanrights.models import MonitoringNote, NoteLog, is_human_rights_officer
from programs.models import Project
from tests.conftest import sign_in_as
from tests.factories import ActivityFactory, ParticipantCountFactory, PledgeFactory
from untop import roles
from untop.audit.models import AuditEntry
from untop.reports.registry import get_report_kind
from untop.reports.services import report_render_pdf

from .factories import (
    ActionFactory,
    NoteFactory,
    ShareFactory,
    make_officer_superuser,
    make_superuser,
)

pytestmark = pytest.mark.django_db

SECRETS = ["SECRET-SUMMARY", "SECRET-SOURCE", "SECRET-ADVICE", "Secret topic"]


def _client(user) -> Client:
    client = Client()
    sign_in_as(client, user)
    return client


@pytest.fixture
def note(hr_officer):
    return NoteFactory(author=hr_officer, topic="Secret topic detention")


@pytest.fixture
def superuser(centre):
    return make_superuser(username="root", home_centre=centre)


@pytest.fixture
def outsiders(staff_user, manager, administrator, superuser):
    """Everyone who is neither a human-rights officer nor given the note."""
    for user in (staff_user, manager, administrator, superuser):
        user.is_staff = True
        user.save()
    return {
        "staff": staff_user,
        "manager": manager,
        "administrator": administrator,
        "root": superuser,
    }


def _assert_no_secret(response) -> None:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    for secret in SECRETS:
        assert secret.encode() not in body


def test_the_superuser_passes_has_perm_but_is_no_officer(superuser):
    assert superuser.has_perm("humanrights.view_monitoringnote")
    assert not is_human_rights_officer(superuser)
    assert MonitoringNote.objects.visible_to(superuser).count() == 0


@pytest.mark.parametrize("who", ["staff", "manager", "administrator", "root"])
def test_outsiders_reach_no_note_on_the_portal(outsiders, who, note):
    client = _client(outsiders[who])
    for url, expected in [
        (reverse("humanrights:note_list"), 403),
        (reverse("humanrights:note_list") + "?q=SECRET", 403),
        (reverse("humanrights:note_add"), 403),
        (reverse("humanrights:note_log"), 403),
        (reverse("humanrights:note_detail", args=[note.pk]), 404),
        (reverse("humanrights:note_edit", args=[note.pk]), 404),
        (reverse("humanrights:note_detail", args=[note.pk + 999]), 404),
    ]:
        response = client.get(url)
        assert response.status_code == expected, (who, url)
        _assert_no_secret(response)
    response = client.post(reverse("humanrights:note_share", args=[note.pk]), {"user": 1})
    assert response.status_code == 404
    assert not NoteLog.objects.filter(user=outsiders[who]).exists()


@pytest.mark.parametrize("who", ["staff", "manager", "administrator", "root"])
def test_outsiders_reach_no_note_in_the_admin(outsiders, who, note):
    client = _client(outsiders[who])
    for index in (client.get("/admin/"), client.get("/admin/humanrights/")):
        assert b"Monitoring notes" not in index.content
        assert b"read log" not in index.content.lower()
    base = "/admin/humanrights/monitoringnote/"
    for url in [
        base,
        base + "?q=SECRET",
        f"{base}{note.pk}/change/",
        f"{base}{note.pk + 999}/change/",
        f"{base}{note.pk}/delete/",
        f"{base}{note.pk}/history/",
        base + "add/",
        "/admin/humanrights/notelog/",
    ]:
        response = client.get(url)
        assert response.status_code in (403, 404), (who, url, response.status_code)
        _assert_no_secret(response)
    # An object's id answers the same whether the note exists or not: nothing leaks.
    assert client.get(f"{base}{note.pk}/change/").status_code == 404
    assert client.get(f"{base}{note.pk + 999}/change/").status_code == 404
    assert client.post(f"{base}{note.pk}/delete/", {"post": "yes"}).status_code == 404
    assert MonitoringNote.objects.filter(pk=note.pk).exists()
    for field in ("note", "user"):
        response = client.get(
            "/admin/autocomplete/",
            {
                "app_label": "humanrights",
                "model_name": "noteshare",
                "field_name": "note",
                "term": "",
            },
        )
        assert response.status_code in (403, 404), field
        _assert_no_secret(response)


def test_the_changelist_actions_cannot_delete_notes_for_outsiders(outsiders, note):
    client = _client(outsiders["root"])
    response = client.post(
        "/admin/humanrights/monitoringnote/",
        {"action": "delete_selected", "_selected_action": [note.pk], "post": "yes"},
    )
    assert response.status_code == 404
    assert MonitoringNote.objects.filter(pk=note.pk).exists()


def test_a_note_shared_with_a_user_is_theirs_to_read_and_no_other(manager, hr_officer, note):
    other = NoteFactory(author=hr_officer, topic="Secret topic other")
    ShareFactory(note=note, user=manager, shared_by=hr_officer)
    client = _client(manager)
    listing = client.get(reverse("humanrights:note_list"))
    assert listing.status_code == 200
    assert note.topic.encode() in listing.content
    assert other.topic.encode() not in listing.content
    assert client.get(reverse("humanrights:note_detail", args=[note.pk])).status_code == 200
    assert client.get(reverse("humanrights:note_detail", args=[other.pk])).status_code == 404
    searched = client.get(reverse("humanrights:note_list") + "?q=other")
    assert other.topic.encode() not in searched.content
    # Reading is not writing: a shared user neither edits nor shares.
    assert client.get(reverse("humanrights:note_edit", args=[note.pk])).status_code == 403
    assert (
        client.post(
            reverse("humanrights:note_share", args=[note.pk]), {"user": manager.pk}
        ).status_code
        == 403
    )
    assert client.get(reverse("humanrights:note_log")).status_code == 403
    # Nor does the back office open to them.
    assert client.get(f"/admin/humanrights/monitoringnote/{note.pk}/change/").status_code == 404


def test_every_read_is_logged_on_the_portal_and_in_the_admin(hr_officer, note):
    client = _client(hr_officer)
    assert client.get(reverse("humanrights:note_detail", args=[note.pk])).status_code == 200
    entry = NoteLog.objects.get(action=NoteLog.Action.READ)
    assert (entry.user, entry.note, entry.note_number) == (hr_officer, note, note.pk)
    assert entry.at is not None
    admin = make_officer_superuser(username="hr-admin")
    response = _client(admin).get(f"/admin/humanrights/monitoringnote/{note.pk}/change/")
    assert response.status_code == 200
    assert NoteLog.objects.filter(action=NoteLog.Action.READ_ADMIN, user=admin, note=note).exists()
    # Listing and searching show topics only and are not reads of a note's content.
    log_page = client.get(reverse("humanrights:note_log"))
    assert b"hr-admin" in log_page.content
    assert b"Read in the back office" in log_page.content


def test_the_read_log_cannot_be_edited_by_anyone(note, hr_officer):
    NoteLog.objects.create(note=note, note_number=note.pk, user=hr_officer, action="read")
    entry = NoteLog.objects.get()
    root_officer = make_officer_superuser(username="root-hr")
    client = _client(root_officer)
    assert client.get("/admin/humanrights/notelog/").status_code == 200
    assert client.get(f"/admin/humanrights/notelog/{entry.pk}/change/").status_code == 200
    assert client.post(f"/admin/humanrights/notelog/{entry.pk}/change/", {}).status_code == 403
    assert client.get(f"/admin/humanrights/notelog/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/humanrights/notelog/add/").status_code == 403
    assert NoteLog.objects.filter(pk=entry.pk).exists()


def test_notes_leave_nothing_in_the_shared_audit_trail(hr_officer, manager):
    client = _client(hr_officer)
    response = client.post(
        reverse("humanrights:note_add"),
        {
            "observed_on": "2006-03-14",
            "region": NoteFactory.build().region.pk if False else _region().pk,
            "topic": "Secret topic via the form",
            "summary": "SECRET-SUMMARY",
            "sources": "",
            "sensitivity": "confidential",
            "advice": "",
        },
    )
    assert response.status_code == 302
    assert (
        not AuditEntry.objects.filter(content_type__app_label="humanrights")
        .filter(content_type__model__in=["monitoringnote", "noteshare", "notelog"])
        .exists()
    )
    manager.is_staff = True
    manager.save()
    trail = _client(manager).get("/admin/audit/auditentry/?q=Secret")
    _assert_no_secret(trail)


def _region():
    from tests.factories import RegionFactory

    return RegionFactory()


def test_exports_carry_no_note(manager, hr_officer, note):
    ActionFactory(recorded_by=hr_officer)
    for client in (_client(manager), _client(hr_officer)):
        for url in [
            reverse("humanrights:tracker") + "?export=csv",
            reverse("programs:activity_list") + "?export=csv",
            reverse("programs:activity_list") + "?export=xlsx",
        ]:
            response = client.get(url)
            assert response.status_code == 200, url
            _assert_no_secret(response)


def test_the_donor_report_carries_no_note(hr_officer, centre, only_our_section):
    pledge = PledgeFactory(project__area=Project.Area.HUMAN_RIGHTS)
    activity = ActivityFactory(
        project=pledge.project,
        centre=centre,
        approval="approved",
        start=datetime.date(2006, 1, 17),
        end=datetime.date(2006, 1, 17),
    )
    ParticipantCountFactory(activity=activity)
    action = ActionFactory(recorded_by=hr_officer, taken_on=datetime.date(2006, 1, 17))
    action.activities.add(activity)
    NoteFactory(author=hr_officer)
    pdf = report_render_pdf(
        kind=get_report_kind("donor"),
        parameters={"donor": pledge.donor.code, "start": "2005-06-01", "end": "2006-05-31"},
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "UN recommendations" in text
    for secret in SECRETS:
        assert secret not in text


def test_an_officer_who_leaves_the_group_loses_the_notes(hr_officer, note):
    hr_officer.groups.remove(Group.objects.get(name=roles.HUMAN_RIGHTS_OFFICER))
    client = _client(hr_officer)
    assert client.get(reverse("humanrights:note_detail", args=[note.pk])).status_code == 404
