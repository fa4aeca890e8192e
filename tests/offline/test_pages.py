"""What the device keeps (programs/offline.py): the service worker, the manifest, the
reference data and recent activities of the signed-in user, and the outbox page."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from programs.models import Activity, MandatePeriod
from tests.factories import ActivityFactory, CategoryFactory, ProjectFactory
from training.models import Trainee

pytestmark = pytest.mark.django_db

DATA = "programs:offline_data"


def test_the_service_worker_covers_the_activity_pages_and_is_never_cached(client):
    response = client.get(reverse("programs:offline_sw"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/programs/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert 'importScripts("/static/js/offline-store.js")' in body
    assert reverse("programs:activity_add").startswith(response["Service-Worker-Allowed"])


def test_the_manifest_starts_at_the_activity_form(client):
    response = client.get(reverse("programs:offline_manifest"))

    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["start_url"] == reverse("programs:activity_add")
    assert manifest["scope"] == "/programs/"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_every_page_names_the_manifest_and_the_outbox_for_staff(staff_client):
    page = staff_client.get(reverse("programs:activity_list")).content.decode()

    assert 'rel="manifest"' in page
    assert 'id="offline-outbox"' in page and 'data-user="' in page
    assert "js/offline.js" in page
    assert 'id="offline-clear"' not in page


def test_a_signed_out_page_clears_the_device(client):
    page = client.get(reverse("login")).content.decode()

    assert 'id="offline-clear"' in page
    assert 'id="offline-outbox"' not in page


def _world(centre, other_centre, n: int = 1):
    project = ProjectFactory(start=datetime.date(2005, 1, 1), end=datetime.date(2007, 12, 31))
    closed = ProjectFactory(status="closed")
    for i in range(n):
        ActivityFactory(
            centre=centre,
            project=project,
            title=f"Ours {i}",
            start=datetime.date(2006, 10, 1),
            end=datetime.date(2006, 10, 1),
        )
        ActivityFactory(
            centre=other_centre,
            project=project,
            title=f"Theirs {i}",
            start=datetime.date(2006, 10, 1),
            end=datetime.date(2006, 10, 1),
        )
        CategoryFactory()
    return project, closed


def test_the_data_holds_only_what_staff_may_see(staff_client, staff_user, centre, other_centre):
    project, closed = _world(centre, other_centre)
    locked = ActivityFactory(
        centre=centre,
        project=project,
        title="In a locked period",
        start=datetime.date(2005, 10, 1),
        end=datetime.date(2005, 10, 1),
    )
    MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), locked=True
    )

    data = staff_client.get(reverse(DATA)).json()

    assert data["user"] == staff_user.pk
    assert [c["id"] for c in data["centres"]] == [centre.pk]
    assert {a["title"] for a in data["activities"]} == {"Ours 0", "In a locked period"}
    codes = {p["code"] for p in data["projects"]}
    assert project.code in codes and closed.code not in codes
    edits = {a["title"]: a["edit_url"] for a in data["activities"]}
    assert edits["In a locked period"] is None  # its edit page would refuse: not kept
    assert edits["Ours 0"] in data["pages"]
    assert reverse("programs:activity_edit", args=[locked.pk]) not in data["pages"]
    assert reverse("programs:activity_add") in data["pages"]


def test_the_data_holds_no_personal_data_and_no_monitoring_notes(
    staff_client, centre, other_centre
):
    _world(centre, other_centre)
    text = staff_client.get(reverse(DATA)).content.decode()
    keys = set()

    def walk(value):
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(text))
    assert keys.isdisjoint(
        {"narrative", "trainees", "participants", "email", "phone", "notes", "username"}
    ), keys
    assert Trainee._meta.db_table not in text


def test_a_manager_gets_every_centre(manager_client, centre, other_centre):
    _world(centre, other_centre)

    data = manager_client.get(reverse(DATA)).json()

    assert {c["id"] for c in data["centres"]} >= {centre.pk, other_centre.pk}
    assert {a["title"] for a in data["activities"]} == {"Ours 0", "Theirs 0"}


def test_signed_out_the_data_tells_the_device_to_keep_nothing(client):
    response = client.get(reverse(DATA))

    assert response.status_code == 200
    assert response.json() == {"status": "signed-out"}


def test_the_data_costs_the_same_queries_with_more_rows(
    staff_client, centre, other_centre, django_assert_num_queries
):
    _world(centre, other_centre, n=1)
    staff_client.get(reverse(DATA))  # the session's and permissions' first reads
    with django_assert_num_queries(10) as few:
        staff_client.get(reverse(DATA))
    _world(centre, other_centre, n=30)
    with django_assert_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse(DATA))
    assert len(response.json()["activities"]) == 20


def test_the_outbox_page(staff_client):
    response = staff_client.get(reverse("programs:offline_outbox"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="outbox-entries"' in page and "js/offline-outbox.js" in page
    assert 'data-keep-mine="Keep mine"' in page and 'data-take-theirs="Take theirs"' in page


def test_the_outbox_page_queries_are_few(staff_client, django_assert_num_queries):
    staff_client.get(reverse("programs:offline_outbox"))
    with django_assert_num_queries(3):
        staff_client.get(reverse("programs:offline_outbox"))


def test_the_activity_form_is_hooked_to_the_outbox(staff_client, centre):
    activity = ActivityFactory(
        centre=centre, start=datetime.date(2006, 10, 1), end=datetime.date(2006, 10, 1)
    )

    add = staff_client.get(reverse("programs:activity_add")).content.decode()
    edit = staff_client.get(reverse("programs:activity_edit", args=[activity.pk])).content.decode()

    assert "data-offline-form" in add and "data-offline-activity" not in add
    assert f'data-offline-activity="{activity.pk}"' in edit
    assert Activity.objects.count() == 1


def test_an_edit_page_kept_after_its_activity_was_approved_leaves_no_message(
    manager_client, centre
):
    """The device lists an activity's edit page to keep while it is submitted; fetched just
    after a manager approved it, the page sends the device away, and the manager's next
    page shows what they did, not that the activity is settled."""
    activity = ActivityFactory(centre=centre, approval=Activity.Approval.APPROVED)
    edit = reverse("programs:activity_edit", args=[activity.pk])
    detail = reverse("programs:activity_detail", args=[activity.pk])

    kept = manager_client.get(edit, headers={"X-Untop-Offline-Copy": "1"})
    assert kept.status_code == 302 and kept["Location"] == detail
    assert 'class="messages"' not in manager_client.get(detail).text

    # A person following an old "Edit" link is told why.
    opened = manager_client.get(edit, follow=True)
    assert opened.redirect_chain == [(detail, 302)]
    assert '<li class="message message-error">The activity “' in opened.text
