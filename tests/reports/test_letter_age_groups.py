"""The letter's annex shows who took part by age band and disability: the breakdowns of the
period's counted activities, the "not recorded" remainder stated, in the report's language; a
Russian letter names each band it would print in English; the letter's queries stay fixed."""

from __future__ import annotations

import datetime

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.mandate_report import MANDATE_REPORT, mandate_report_context, missing_letter_texts
from programs.models import Activity, AgeBand, MandatePeriod, ParticipantGroup
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    CentreFactory,
    ParticipantCountFactory,
    ProjectFactory,
)
from untop.reports.services import report_render_html

pytestmark = pytest.mark.django_db


def _row(activity, women, men, groups=()):
    """A participant row with its breakdown, (sex, band code or None, disability, number)."""
    count = ParticipantCountFactory(
        activity=activity, category=CategoryFactory(), women=women, men=men
    )
    for sex, band, disability, number in groups:
        ParticipantGroup.objects.create(
            count=count,
            sex=sex,
            age_band=AgeBand.objects.get(code=band) if band else None,
            disability=disability,
            number=number,
        )
    count.full_clean()  # the breakdown adds up, as the rule asks
    return count


def _activity(project, day, approval=Activity.Approval.APPROVED, centre=None):
    extra = {"centre": centre} if centre else {}
    return ActivityFactory(project=project, start=day, end=day, approval=approval, **extra)


def _parameters(period: MandatePeriod, language: str = "en") -> dict:
    return {
        "period": period.pk,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "version": "draft",
        "symbol": "S/2006/355",
        "dated": "2006-05-26",
        "distributed": "2006-05-31",
        "original": "en",
        "language": language,
    }


@pytest.fixture
def recorded(period):
    """Two counted activities of the period with breakdowns and a row without; a draft and an
    activity of the next period, both broken down, which the letter leaves out."""
    project = ProjectFactory(code="DLG-05")
    first = _activity(project, datetime.date(2005, 9, 14))
    _row(
        first,
        7,
        5,
        [
            ("women", "18-24", "no", 4),
            ("women", "60-plus", "yes", 3),
            ("men", "under-18", "no", 2),
            ("men", None, "unrecorded", 3),
        ],
    )
    _row(first, 10, 20)  # recorded without a breakdown
    second = _activity(project, datetime.date(2006, 3, 2))
    _row(second, 2, 1, [("women", "25-59", "yes", 2), ("men", "25-59", "yes", 1)])
    draft = _activity(project, datetime.date(2005, 10, 1), approval=Activity.Approval.DRAFT)
    _row(draft, 40, 0, [("women", "under-18", "yes", 40)])
    later = _activity(project, datetime.date(2006, 7, 1))
    _row(later, 0, 50, [("men", "under-18", "yes", 50)])
    return period


# Women 7 + 10 + 2 = 19 and men 5 + 20 + 1 = 26 were counted, 7 + 5 + 2 + 1 = 15 of them in
# rows with a breakdown; neither the draft nor the next period's activity counts.
BY_AGE = [
    ["Under 18", "0", "2", "2"],
    ["18–24", "4", "0", "4"],
    ["25–59", "2", "1", "3"],
    ["60 and over", "3", "0", "3"],
    ["Age not recorded", "10", "23", "33"],
    ["All participants", "19", "26", "45"],
]
BY_DISABILITY = [
    ["With a disability", "5", "1", "6"],
    ["Without a disability", "4", "2", "6"],
    ["Not recorded", "10", "23", "33"],
    ["All participants", "19", "26", "45"],
]
LINE = "A breakdown by age and disability was recorded for 15 of the 45 people counted."


def _annex(html: str) -> lxml.html.HtmlElement:
    annex = lxml.html.fromstring(html).find_class("annex")
    assert annex, "the letter has no annex"
    return annex[0]


def _words(element) -> str:
    return " ".join(element.text_content().split())


def _table_under(annex, heading: str) -> list[list[str]]:
    """The body and last line of the annex table under this heading, as the reader sees it."""
    for h3 in annex.iter("h3"):
        if _words(h3) == heading:
            table = next(h3.itersiblings("table"))
            return [
                [_words(cell) for cell in row if cell.tag in ("td", "th")]
                for row in table.iter("tr")
                if row.getparent().tag != "thead"
            ]
    raise AssertionError(f"no annex table under {heading!r}")


def test_the_annex_shows_who_took_part_by_age_and_disability(recorded):
    annex = _annex(report_render_html(kind=MANDATE_REPORT, parameters=_parameters(recorded)))

    text = _words(annex)
    assert "Who took part, by age and disability" in text
    assert LINE in text
    assert _table_under(annex, "Participants by age") == BY_AGE
    assert _table_under(annex, "Participants by disability") == BY_DISABILITY
    # The tables' people are the annex's: its opening line counts as many.
    assert "45 participants (19 women, 26 men)" in text


def test_a_period_of_part_months_sums_the_same_from_the_activities(recorded):
    """A period that is not whole months is summed from the activities, not the summary rows,
    to its last day."""
    part = MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 7, 1)
    )
    after = _activity(ProjectFactory(), datetime.date(2006, 7, 2))
    _row(after, 1, 0, [("women", "18-24", "no", 1)])
    annex = _annex(report_render_html(kind=MANDATE_REPORT, parameters=_parameters(part)))
    by_age = _table_under(annex, "Participants by age")
    # The next period's 50 men under 18, counted from 1 July, join those of the period.
    assert by_age[0] == ["Under 18", "0", "52", "52"]
    assert by_age[-1] == ["All participants", "19", "76", "95"]


def test_the_russian_annex_names_the_bands_in_russian(recorded):
    annex = _annex(report_render_html(kind=MANDATE_REPORT, parameters=_parameters(recorded, "ru")))
    by_age = _table_under(annex, "Участники по возрасту")
    assert [row[0] for row in by_age] == [
        "До 18 лет",
        "18–24 года",
        "25–59 лет",
        "60 лет и старше",
        "Возраст не указан",
        "Все участники",
    ]
    assert [row[1:] for row in by_age] == [row[1:] for row in BY_AGE]
    assert "60 and over" not in _words(annex)


def test_without_a_breakdown_the_annex_says_none_was_recorded(period):
    _row(_activity(ProjectFactory(), datetime.date(2005, 12, 5)), 3, 4)

    text = _words(_annex(report_render_html(kind=MANDATE_REPORT, parameters=_parameters(period))))

    assert "Who took part, by age and disability" in text
    assert (
        "No breakdown by age and disability was recorded for the people of these activities."
        in text
    )
    assert "Participants by age" not in text and "Age not recorded" not in text


def test_without_participants_the_annex_has_no_such_table(period):
    _activity(ProjectFactory(), datetime.date(2005, 12, 5))

    text = _words(_annex(report_render_html(kind=MANDATE_REPORT, parameters=_parameters(period))))

    assert "Participants by category and sex" in text
    assert "Who took part, by age and disability" not in text


def test_a_russian_letter_names_the_age_bands_it_would_print_in_english(recorded):
    AgeBand.objects.filter(code="60-plus").update(name_ru="")
    message = "No Russian name for age band “60 and over”: add it in the back office."

    missing = missing_letter_texts(recorded, "ru")
    assert message in missing
    assert not [m for m in missing if "“18–24”" in m]
    # The letter lists the same, from the figures it has read.
    assert mandate_report_context(_parameters(recorded, "ru"))["missing_texts"] == missing
    assert missing_letter_texts(recorded, "en") == []
    # Nobody broken down: no band is printed, none is asked for.
    ParticipantGroup.objects.all().delete()
    assert not [m for m in missing_letter_texts(recorded, "ru") if "age band" in m]


def test_the_letter_runs_the_same_queries_however_many_people_are_broken_down(recorded):
    parameters = _parameters(recorded)

    def build() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            html = report_render_html(kind=MANDATE_REPORT, parameters=parameters)
        return len(captured.captured_queries), html

    before, _html = build()
    # More broken-down activities: other months, centres, projects and categories.
    for month in range(1, 11):
        activity = _activity(
            ProjectFactory(),
            datetime.date(2005 if month >= 6 else 2006, month, 10),
            centre=CentreFactory(),
        )
        _row(activity, 2, 2, [("women", "25-59", "yes", 2), ("men", None, "no", 2)])
    after, html = build()

    assert after == before
    by_age = _table_under(_annex(html), "Participants by age")
    assert by_age[2] == ["25–59", "22", "1", "23"]
    assert by_age[-1] == ["All participants", "39", "46", "85"]
