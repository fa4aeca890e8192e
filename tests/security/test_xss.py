"""User text with markup shows as text everywhere: the portal's pages, the back office and
the PDFs. Each free-text field of activities, evidence, human-rights recommendations and
their actions, trainees and courses is filled with markup in turn."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.untop.access_matrix import build_records

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
SHORT = "<b>x</b>"  # for fields too short for the others
RAW_SIGNS = ("<script>alert(1)", "<img src=x onerror", "<b>x</b>")

# (record of build_records, field, portal pages that show it)
FIELDS = [
    ("activity", "title", ["programs:activity_detail", "programs:activity_list"]),
    ("activity", "narrative", ["programs:activity_detail"]),
    ("evidence", "description", ["evidence:activity"]),
    ("hr_recommendation", "paragraph", ["humanrights:recommendation", "humanrights:tracker"]),
    ("hr_recommendation", "text", ["humanrights:recommendation", "humanrights:tracker"]),
    ("hr_action", "description", ["action:recommendation"]),
    ("hr_action", "taken_by", ["action:recommendation"]),
    ("hr_action", "evidence", ["action:recommendation"]),
    ("trainee", "family_name", ["training:trainee_detail", "training:trainee_list"]),
    ("trainee", "given_name", ["training:trainee_detail", "training:trainee_list"]),
    ("trainee", "organisation", ["training:trainee_detail"]),
    ("trainee", "unit", ["training:trainee_detail"]),
    ("trainee", "position", ["training:trainee_detail"]),
    ("trainee", "personnel_number", ["training:trainee_detail"]),
    ("course", "code", ["training:course_list"]),
    ("course", "title", ["training:course_list"]),
    ("course", "audience", ["training:course_list"]),
]


def _payload(record, field: str, markup: str) -> str:
    max_length = type(record)._meta.get_field(field).max_length
    return markup if max_length is None or len(markup) <= max_length else SHORT


def _page(name: str, records) -> str:
    kind, _, url_name = name.partition(":")
    if kind == "evidence":
        return reverse("programs:activity_detail", args=[records["activity"].pk])
    if kind == "action":
        return reverse("humanrights:recommendation", args=[records["hr_recommendation"].pk])
    arg = {
        "programs:activity_detail": "activity",
        "humanrights:recommendation": "hr_recommendation",
        "training:trainee_detail": "trainee",
    }.get(name)
    return reverse(name, args=[records[arg].pk]) if arg else reverse(name)


def _admin_change(record) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def _assert_escaped(content: str, payload: str, where: str) -> None:
    for sign in RAW_SIGNS:
        assert sign not in content, f"{sign!r} unescaped in {where}"


@pytest.fixture
def records(centre, other_centre, staff_user, manager):
    from humanrights.models import ImplementationAction

    built = build_records(
        centre=centre, other_centre=other_centre, staff_user=staff_user, manager=manager
    )
    built["hr_action"] = ImplementationAction.objects.get(recommendation=built["hr_recommendation"])
    return built


@pytest.mark.parametrize("markup", [SCRIPT, ATTRIBUTE], ids=["script", "attribute"])
@pytest.mark.parametrize("record_name,field,pages", FIELDS, ids=[f"{r}.{f}" for r, f, _ in FIELDS])
def test_markup_in_a_free_text_field_shows_escaped(
    records, manager_client, record_name, field, pages, markup
):
    record = records[record_name]
    payload = _payload(record, field, markup)
    type(record).objects.filter(pk=record.pk).update(**{field: payload})
    shown_escaped = False
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for name in pages:
        path = _page(name, records)
        response = manager_client.get(path)
        assert response.status_code == 200, path
        content = response.content.decode()
        _assert_escaped(content, payload, path)
        shown_escaped |= escaped.replace('"', "&quot;") in content

    parent = records["activity"] if record_name == "evidence" else record
    if record_name == "hr_action":
        parent = records["hr_recommendation"]
    for path in (_admin_change(parent), _admin_change(parent).rsplit("/", 3)[0] + "/"):
        response = manager_client.get(path)
        assert response.status_code == 200, path
        content = response.content.decode()
        _assert_escaped(content, payload, path)
        shown_escaped |= escaped.replace('"', "&quot;") in content
    assert shown_escaped, f"{record_name}.{field} shows nowhere: {pages} and the back office"


@pytest.mark.parametrize("markup", [SCRIPT, ATTRIBUTE], ids=["script", "attribute"])
def test_markup_in_a_trainee_and_course_prints_as_text_in_the_certificate(
    records, manager_client, markup
):
    trainee, course = records["trainee"], records["course"]
    type(trainee).objects.filter(pk=trainee.pk).update(family_name=markup)
    type(course).objects.filter(pk=course.pk).update(title=markup)
    response = manager_client.get(reverse("training:certificate", args=[records["enrolment"].pk]))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    compact = "".join(text.split())
    assert "".join(markup.split()) in compact, text


@pytest.mark.parametrize("markup", [SCRIPT, ATTRIBUTE], ids=["script", "attribute"])
def test_markup_in_an_activity_title_prints_as_text_in_the_donor_report(tmp_path, markup):
    from django.core.management import call_command

    from tests.factories import ActivityFactory, ParticipantCountFactory, PledgeFactory

    pledge = PledgeFactory(donor__code="CHE", donor__name="Switzerland")
    activity = ActivityFactory(project=pledge.project, title=markup, approval="approved")
    ParticipantCountFactory(activity=activity, women=4, men=6)
    output = tmp_path / "che.pdf"
    call_command(
        "build_report",
        "donor",
        "--donor",
        "CHE",
        "--start",
        "2005-06-01",
        "--end",
        "2006-05-31",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "".join(markup.split()) in "".join(text.split()), text
