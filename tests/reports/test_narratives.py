"""Managers write a report's narrative: drafts are kept with who wrote them, published text is
printed, and bad input changes nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from programs.mandate_report import MANDATE_REPORT
from programs.models import MandatePeriod, User
from tests.conftest import sign_in_as
from untop.reports.models import Narrative, NarrativeRevision, Report
from untop.reports.narratives import narrative_save, published_narratives
from untop.reports.services import report_render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo):
    # These tests write a letter's narrative from nothing: the demo's published wording of
    # 2005–06 (tests/reports/test_narrative_placeholders.py reads it) is set aside.
    Narrative.objects.all().delete()


@pytest.fixture
def letter(demo):
    manager = User.objects.get(username="manager")
    period = MandatePeriod.objects.get(start="2005-06-01")
    return Report.objects.create(
        kind="mandate",
        parameters={
            "period": period.pk,
            "start": "2005-06-01",
            "end": "2006-05-31",
            "symbol": "",
            "dated": "2006-05-26",
            "language": "en",
        },
        title="Mandate-renewal report",
        requested_by=manager,
    )


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_draft_is_kept_but_only_published_text_reaches_the_pdf(letter):
    manager = User.objects.get(username="manager")
    scope = MANDATE_REPORT.narrative_scope(letter.parameters)
    narrative_save(
        kind=MANDATE_REPORT,
        scope=scope,
        section="context",
        language="en",
        text="Tajikistan has made considerable progress in strengthening stability.",
        publish=True,
        acting_user=manager,
    )
    narrative_save(
        kind=MANDATE_REPORT,
        scope=scope,
        section="context",
        language="en",
        text="An unfinished draft about the elections.",
        publish=False,
        acting_user=manager,
    )
    text = _pdf_text(report_render_pdf(kind=MANDATE_REPORT, parameters=letter.parameters))
    assert "considerable progress in strengthening stability" in text
    assert "unfinished draft" not in text
    assert NarrativeRevision.objects.filter(edited_by=manager).count() == 2


def test_area_sections_print_their_own_narrative(letter):
    manager = User.objects.get(username="manager")
    narrative_save(
        kind=MANDATE_REPORT,
        scope=MANDATE_REPORT.narrative_scope(letter.parameters),
        section="training",
        language="en",
        text="The civilian police adviser led the training.",
        publish=True,
        acting_user=manager,
    )
    text = _pdf_text(report_render_pdf(kind=MANDATE_REPORT, parameters=letter.parameters))
    assert "The civilian police adviser led the training." in text
    # Another period's letter does not print it.
    other = MandatePeriod.objects.exclude(pk=letter.parameters["period"]).first()
    assert published_narratives(kind="mandate", scope=f"period:{other.pk}", language="en") == {}


def test_a_section_the_report_does_not_have_is_refused(letter):
    manager = User.objects.get(username="manager")
    with pytest.raises(ValidationError, match="no section"):
        narrative_save(
            kind=MANDATE_REPORT,
            scope="period:1",
            section="nonsense",
            language="en",
            text="x",
            publish=True,
            acting_user=manager,
        )
    assert not NarrativeRevision.objects.exists()


def test_the_narrative_page_saves_drafts_publishes_and_shows_who_wrote(client, letter):
    manager = User.objects.get(username="manager")
    sign_in_as(client, manager)
    url = reverse("reports:narrative", args=[letter.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "National dialogue" in page.text and "Conflict-prevention training" in page.text
    response = client.post(url, {"section": "national_dialogue", "text": "First words."})
    assert response.url == url
    page = client.get(url)
    assert "First words." in page.text
    assert "draft by" in page.text
    client.post(url, {"section": "national_dialogue", "text": "Final words.", "publish": "on"})
    page = client.get(url)
    assert "Published by" in page.text
    assert "2 saved versions" in page.text
    assert published_narratives(
        kind="mandate", scope=f"period:{letter.parameters['period']}", language="en"
    ) == {"national_dialogue": "Final words."}


def test_markup_in_a_narrative_is_shown_as_text(client, letter):
    sign_in_as(client, User.objects.get(username="manager"))
    url = reverse("reports:narrative", args=[letter.pk])
    client.post(url, {"section": "context", "text": "<script>alert(1)</script>", "publish": "on"})
    page = client.get(url)
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    preview = client.get(reverse("reports:preview", args=[letter.pk]))
    assert "<script>alert(1)</script>" not in preview.text


@pytest.mark.parametrize(
    "data,message",
    [
        ({"section": "nowhere", "text": "x"}, "This report has no such section."),
        ({"section": "context", "text": "x" * 20_001}, "at most 20,000 characters"),
    ],
)
def test_bad_narrative_input_gets_a_message_and_saves_nothing(client, letter, data, message):
    sign_in_as(client, User.objects.get(username="manager"))
    response = client.post(reverse("reports:narrative", args=[letter.pk]), data)
    assert response.status_code == 200
    assert message in response.text
    assert not NarrativeRevision.objects.exists()


def test_staff_may_not_write_a_narrative(client, letter):
    client.force_login(User.objects.get(username="staff.khujand"))
    url = reverse("reports:narrative", args=[letter.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"section": "context", "text": "x"}).status_code == 403
    assert not NarrativeRevision.objects.exists()


def test_two_managers_writing_one_section_see_each_others_text(client, letter):
    """The second save of a section opened before the first is refused with both texts;
    sent again (merged by hand), it is saved as the newest revision."""
    from django.test import Client

    from tests.admin_checks import browser_post_data

    manager = User.objects.get(username="manager")
    colleague = Client()
    sign_in_as(client, manager)
    sign_in_as(colleague, manager)
    url = reverse("reports:narrative", args=[letter.pk])

    def opened(who) -> dict[str, list[str]]:
        data = browser_post_data(who.get(url).text)
        # The page holds one form per section: keep the context section's fields.
        return {"section": ["context"], "opened_revision": [data["opened_revision"][0]]}

    theirs, mine = opened(colleague), opened(client)
    assert colleague.post(url, {**theirs, "text": ["Their words."]}).status_code == 302

    refused = client.post(url, {**mine, "text": ["My words."]})
    assert refused.status_code == 200
    assert "Someone saved this section after you opened it" in refused.text
    assert "Their words." in refused.text and "My words." in refused.text
    assert list(NarrativeRevision.objects.values_list("text", flat=True)) == ["Their words."]

    again = browser_post_data(refused.text)
    merged = {
        "section": ["context"],
        "opened_revision": again["opened_revision"][:1],  # the context section comes first
        "text": ["Their words. My words."],
    }
    assert client.post(url, merged).status_code == 302
    assert NarrativeRevision.objects.order_by("-id").first().text == "Their words. My words."
