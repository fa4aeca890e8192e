"""Two people edit one activity: the second save does not silently undo the first.

Staff change an activity's title and women 10 → 25; the manager then saves a form opened
before that, changing only the narrative. The manager is shown both versions, field by
field, and chooses: take theirs, keep mine, or a merge of both.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from programs.models import Activity
from programs.services import EditedMeanwhile, activity_update
from tests.admin_checks import browser_post_data
from tests.conftest import sign_in_as
from tests.factories import ActivityFactory, CategoryFactory, ParticipantCountFactory
from untop.audit.models import AuditEntry

DAY = datetime.date(2006, 10, 4)


@pytest.fixture
def activity(centre):
    activity = ActivityFactory(centre=centre, start=DAY, end=DAY, title="Round table")
    ParticipantCountFactory(
        activity=activity, category=CategoryFactory(name="Educators"), women=10, men=5
    )
    return activity


def _client(user) -> Client:
    client = Client()
    sign_in_as(client, user)
    return client


def _opened(client, activity) -> dict:
    """The edit form as its page gives it, ready to send back."""
    page = client.get(reverse("programs:activity_edit", args=[activity.pk])).content.decode()
    values = dict(re.findall(r'<input type="hidden" name="(form_key|version)" value="(\w*)"', page))
    count = activity.participants.get()
    return {
        "form_key": values["form_key"],
        "version": values["version"],
        "project": activity.project_id,
        "kind": activity.kind,
        "title": activity.title,
        "start": activity.start.isoformat(),
        "end": activity.end.isoformat(),
        "centre": activity.centre_id,
        "status": activity.status,
        "narrative": activity.narrative,
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "1",
        "participants-0-id": count.pk,
        "participants-0-activity": activity.pk,
        "participants-0-category": count.category_id,
        "participants-0-women": count.women,
        "participants-0-men": count.men,
    }


def _edit(client, activity, data, **changes):
    url = reverse("programs:activity_edit", args=[activity.pk])
    return client.post(url, data | changes)


@pytest.fixture
def two_forms(activity, staff_user, manager):
    """Both open the form; staff save first (title, women 10 → 25)."""
    staff, boss = _client(staff_user), _client(manager)
    staff_form, manager_form = _opened(staff, activity), _opened(boss, activity)
    saved = _edit(
        staff,
        activity,
        staff_form,
        title="Round table on tolerance",
        **{"participants-0-women": 25},
    )
    assert saved.status_code == 302
    return boss, manager_form


def test_a_stale_save_is_refused_and_shows_both_versions(activity, two_forms):
    boss, stale = two_forms
    before = AuditEntry.objects.count()
    response = _edit(boss, activity, stale, narrative="Agreed a joint statement.")

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone saved this activity after you opened it" in page
    assert "staff" in page  # who saved it
    rows = re.findall(r'name="take_theirs" value="(\w+)"', page)
    assert sorted(rows) == ["narrative", "participants", "title"]
    assert "Round table on tolerance" in page and "Educators: 25 women, 5 men" in page
    # Nothing of the manager's was saved, and the staff's change stands.
    activity.refresh_from_db()
    assert activity.title == "Round table on tolerance" and activity.narrative == ""
    assert activity.participants.get().women == 25
    assert AuditEntry.objects.count() == before


def test_the_merge_keeps_theirs_where_ticked_and_mine_elsewhere(activity, two_forms):
    boss, stale = two_forms
    conflict = _edit(boss, activity, stale, narrative="Agreed a joint statement.")
    # The page sends the form back at the version now saved, with the ticks.
    version = re.search(r'name="version" value="(\d+)"', conflict.content.decode()).group(1)
    merged = boss.post(
        reverse("programs:activity_edit", args=[activity.pk]),
        stale
        | {"version": version, "narrative": "Agreed a joint statement."}
        | {"take_theirs": ["title", "participants"]},
    )
    assert merged.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Round table on tolerance"
    assert activity.narrative == "Agreed a joint statement."
    assert activity.participants.get().women == 25


def test_keeping_mine_overwrites_theirs_knowingly(activity, two_forms):
    boss, stale = two_forms
    conflict = _edit(boss, activity, stale, narrative="Agreed a joint statement.")
    version = re.search(r'name="version" value="(\d+)"', conflict.content.decode()).group(1)
    kept = _edit(boss, activity, stale, version=version, narrative="Agreed a joint statement.")
    assert kept.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Round table" and activity.participants.get().women == 10


def test_every_save_counts_a_version_and_a_stale_one_is_refused_by_the_service(
    activity, staff_user
):
    assert activity.version == 1
    activity_update(
        activity=activity,
        acting_user=staff_user,
        fields={"title": "A"},
        participants=None,
        version=1,
    )
    assert Activity.objects.get(pk=activity.pk).version == 2
    with pytest.raises(EditedMeanwhile) as meanwhile:
        activity_update(
            activity=Activity.objects.get(pk=activity.pk),
            acting_user=staff_user,
            fields={"title": "B"},
            participants=None,
            version=1,
        )
    assert meanwhile.value.saved.title == "A"
    assert Activity.objects.get(pk=activity.pk).title == "A"


def test_the_back_office_refuses_a_stale_save(activity, manager, staff_user):
    client = _client(manager)
    url = reverse("admin:programs_activity_change", args=[activity.pk])
    opened = browser_post_data(client.get(url).text)
    activity_update(
        activity=activity, acting_user=staff_user, fields={"title": "Changed"}, participants=None
    )
    opened["title"] = ["Back office title"]
    response = client.post(url, opened)
    assert response.status_code == 200
    assert "Someone saved this record after you opened it" in response.text
    assert "Changed" in response.text  # their version, beside the user's
    assert Activity.objects.get(pk=activity.pk).title == "Changed"

    # Sent again as it came back, the user's title is saved over theirs, knowingly.
    assert client.post(url, browser_post_data(response.text)).status_code == 302
    assert Activity.objects.get(pk=activity.pk).title == "Back office title"


def test_a_back_office_save_racing_another_is_refused_not_lost(activity, manager, staff_user):
    """A save landing between the form's check and the service's: refused with a message.

    Posted without the form's opened state, the service's own version check is the one that
    sees the other save, as it does when the save lands after the form's check."""
    client = _client(manager)
    url = reverse("admin:programs_activity_change", args=[activity.pk])
    data = browser_post_data(client.get(url).text)
    del data["opened_state"]
    activity_update(
        activity=activity, acting_user=staff_user, fields={"title": "Changed"}, participants=None
    )
    response = client.post(url, data, follow=True)
    assert "Someone saved this record at the same moment, so nothing was saved" in response.text
    assert Activity.objects.get(pk=activity.pk).title == "Changed"


def test_the_versions_are_shown_in_the_reader_s_language(activity, staff_user, manager):
    staff, boss = _client(staff_user), _client(manager)
    stale = _opened(boss, activity)
    _edit(staff, activity, _opened(staff, activity), title="Round table on tolerance")
    page = boss.post(
        reverse("programs:activity_edit", args=[activity.pk]), stale, HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "Кто-то сохранил это мероприятие после того, как вы его открыли" in page
    assert '<th scope="row">Название</th>' in page
