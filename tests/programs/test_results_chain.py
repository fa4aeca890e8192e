"""The results chain: outcomes, outputs and the indicators measuring them, of every kind.

What a project's outcomes and outputs refuse, how each kind of indicator reads its actual
(count, percentage, score), cumulative or per period, upwards or downwards, the read-only
page of a project's chain, and the chain of every demo project.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from programs.admin import OutputAdminForm
from programs.models import (
    Activity,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
    Outcome,
    Output,
    Project,
    SdgTarget,
    User,
)
from programs.results import indicator_progress
from tests.conftest import sign_in_as
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

APPROVED = Activity.Approval.APPROVED
COUNT, PERCENTAGE, QUALITATIVE = Indicator.Kind.values


@pytest.fixture
def next_period():
    return MandatePeriod.objects.create(
        start=datetime.date(2006, 6, 1), end=datetime.date(2007, 5, 31)
    )


def _chain(project, outcome_code="1", output_code="1.1"):
    outcome = Outcome.objects.create(
        project=project, code=outcome_code, statement=f"Outcome of {project.code}"
    )
    output = Output.objects.create(
        outcome=outcome, code=output_code, statement=f"Output {output_code} of {project.code}"
    )
    return outcome, output


def _indicator(project, **fields):
    fields.setdefault("name", "People trained")
    fields.setdefault("unit", "people")
    return Indicator.objects.create(project=project, **fields)


def _activity(project, day=datetime.date(2005, 9, 1), **fields):
    fields.setdefault("approval", APPROVED)
    return ActivityFactory(project=project, start=day, end=day, **fields)


def _errors(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def _row(rows, indicator):
    (row,) = [row for row in rows if row["indicator"] == indicator]
    return row


# What the chain refuses -------------------------------------------------------------------


def test_an_indicator_refuses_an_output_of_another_project():
    project, other = ProjectFactory(code="HR-EDU"), ProjectFactory(code="CP-2005")
    _outcome, others_output = _chain(other)
    indicator = Indicator(project=project, output=others_output, name="Teachers", unit="people")

    errors = _errors(indicator)

    assert list(errors) == ["output"]
    assert "CP-2005" in errors["output"][0]
    _outcome, own_output = _chain(project)
    indicator.output = own_output
    indicator.full_clean()


def test_an_output_refuses_an_activity_of_another_project_and_links_none():
    project, other = ProjectFactory(code="HR-EDU"), ProjectFactory(code="CP-2005")
    _outcome, output = _chain(project)
    own, foreign = _activity(project), _activity(other, title="Seminar in Khorog")

    # Refused inside the adding's transaction, so a caller rolls back to its savepoint.
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        output.activities.add(own, foreign)

    assert "Seminar in Khorog" in caught.value.message_dict["activities"][0]
    assert not output.activities.exists()
    with pytest.raises(ValidationError), transaction.atomic():
        foreign.outputs.add(output)
    assert not output.activities.exists()
    output.activities.add(own)
    assert list(output.activities.all()) == [own]


def test_the_back_office_form_of_an_output_names_the_foreign_activity():
    project, other = ProjectFactory(code="HR-EDU"), ProjectFactory(code="CP-2005")
    outcome, _output = _chain(project)
    foreign = _activity(other, title="Seminar in Khorog")
    form = OutputAdminForm(
        data={
            "outcome": outcome.pk,
            "code": "1.2",
            "statement": "Teachers trained",
            "order": 0,
            "activities": [foreign.pk],
        }
    )

    assert not form.is_valid()
    assert "Seminar in Khorog" in form.errors["activities"][0]


def test_a_percentage_refuses_a_zero_denominator(period):
    indicator = _indicator(ProjectFactory(), kind=PERCENTAGE)
    value = IndicatorValue(indicator=indicator, period=period, numerator=3, denominator=0)

    assert _errors(value) == {"denominator": ["Must be more than zero."]}


def test_a_percentage_refuses_a_negative_numerator_and_a_missing_denominator(period):
    indicator = _indicator(ProjectFactory(), kind=PERCENTAGE)
    value = IndicatorValue(indicator=indicator, period=period, numerator=-1)

    errors = _errors(value)

    assert set(errors) == {"numerator", "denominator"}
    assert errors["denominator"] == ["A percentage needs its denominator."]


def test_a_computed_percentage_takes_only_its_denominator(period):
    indicator = _indicator(ProjectFactory(), kind=PERCENTAGE, rule=Indicator.Rule.PARTICIPANTS)

    errors = _errors(IndicatorValue(indicator=indicator, period=period, numerator=5))
    assert set(errors) == {"numerator", "denominator"}
    IndicatorValue(indicator=indicator, period=period, denominator=40).full_clean()


def test_a_count_still_refuses_values_when_computed_and_needs_one_when_typed(period):
    computed = _indicator(ProjectFactory(), rule=Indicator.Rule.ACTIVITIES)
    typed = _indicator(ProjectFactory())

    assert list(_errors(IndicatorValue(indicator=computed, period=period, value=3))) == [
        "indicator"
    ]
    assert _errors(IndicatorValue(indicator=typed, period=period)) == {
        "value": ["Enter the value."]
    }


def test_a_score_outside_the_scale_names_both_ends(period):
    indicator = _indicator(ProjectFactory(), kind=QUALITATIVE, scale_min=1, scale_max=5)

    errors = _errors(IndicatorValue(indicator=indicator, period=period, value=Decimal("6")))

    assert errors == {"value": ["The score must be between 1 and 5."]}
    IndicatorValue(indicator=indicator, period=period, value=Decimal("5")).full_clean()


def test_a_scale_must_rise_and_a_score_is_read_per_period():
    indicator = Indicator(
        project=ProjectFactory(),
        name="Readiness of the law",
        unit="score",
        kind=QUALITATIVE,
        scale_min=5,
        scale_max=5,
        aggregation=Indicator.Aggregation.CUMULATIVE,
    )

    errors = _errors(indicator)

    assert errors["scale_max"] == ["The highest score must be more than the lowest (5)."]
    assert "aggregation" in errors
    assert not Indicator.objects.exists()


# Progress of each kind --------------------------------------------------------------------


def test_a_typed_percentage_shows_its_numerator_and_denominator(period):
    indicator = _indicator(ProjectFactory(), kind=PERCENTAGE, unit="per cent")
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=50)
    IndicatorValue.objects.create(indicator=indicator, period=period, numerator=30, denominator=120)

    row = _row(indicator_progress(period=period), indicator)

    assert row["kind"] == PERCENTAGE
    assert (row["numerator"], row["denominator"]) == (30, 120)
    assert row["actual"] == Decimal("25.0")
    assert row["percent"] == Decimal("50.0")


def test_a_computed_percentage_counts_its_numerator_over_the_entered_denominator(period):
    project, teachers = ProjectFactory(), CategoryFactory(name="Educators")
    indicator = _indicator(
        project, kind=PERCENTAGE, rule=Indicator.Rule.PARTICIPANTS, unit="per cent"
    )
    indicator.rule_categories.set([teachers])
    ParticipantCountFactory(activity=_activity(project), category=teachers, women=20, men=10)
    ParticipantCountFactory(activity=_activity(project), category=CategoryFactory(), women=9)
    IndicatorValue.objects.create(indicator=indicator, period=period, denominator=120)

    row = _row(indicator_progress(period=period), indicator)

    assert (row["numerator"], row["denominator"]) == (Decimal("30"), Decimal("120"))
    assert row["actual"] == Decimal("25.0")


def test_a_qualitative_indicator_gives_its_score_and_narrative(period):
    indicator = _indicator(
        ProjectFactory(), kind=QUALITATIVE, scale_min=1, scale_max=5, unit="score"
    )
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=4)
    IndicatorValue.objects.create(
        indicator=indicator, period=period, value=3, narrative="Draft law with the working group"
    )

    row = _row(indicator_progress(period=period), indicator)

    assert row["actual"] == Decimal("3")
    assert row["narrative"] == "Draft law with the working group"
    assert row["percent"] == Decimal("75.0") and row["met"] is False


def test_a_cumulative_typed_indicator_adds_up_the_periods_up_to_the_one_shown(period, next_period):
    project = ProjectFactory()
    cumulative = _indicator(project, aggregation=Indicator.Aggregation.CUMULATIVE)
    per_period = _indicator(project, name="Laws drafted")
    for indicator in (cumulative, per_period):
        IndicatorValue.objects.create(indicator=indicator, period=period, value=4)
        IndicatorValue.objects.create(indicator=indicator, period=next_period, value=6)

    first, second = indicator_progress(period=period), indicator_progress(period=next_period)

    assert _row(first, cumulative)["actual"] == Decimal("4")
    assert _row(second, cumulative)["actual"] == Decimal("10")
    assert _row(second, per_period)["actual"] == Decimal("6")


def test_a_cumulative_computed_indicator_counts_from_the_projects_start(
    period, next_period, django_assert_num_queries
):
    project = ProjectFactory(start=datetime.date(2005, 6, 1), end=datetime.date(2007, 5, 31))
    cumulative = _indicator(
        project,
        rule=Indicator.Rule.ACTIVITIES,
        aggregation=Indicator.Aggregation.CUMULATIVE,
    )
    per_period = _indicator(project, rule=Indicator.Rule.ACTIVITIES, name="Seminars")
    _activity(project, datetime.date(2005, 9, 1))
    _activity(project, datetime.date(2006, 9, 1))
    _activity(project, datetime.date(2006, 10, 1))

    # The usual six, and the two aggregates from the project's start.
    with django_assert_num_queries(8):
        rows = indicator_progress(period=next_period)

    assert _row(rows, cumulative)["actual"] == Decimal("3")
    assert _row(rows, per_period)["actual"] == Decimal("2")
    assert _row(indicator_progress(period=period), cumulative)["actual"] == Decimal("1")


@pytest.mark.parametrize(
    ("actual", "percent", "met"),
    [(Decimal("30"), Decimal("50.0"), False), (Decimal("15"), Decimal("125.0"), True)],
)
def test_lower_is_better_reads_progress_down_from_the_baseline(period, actual, percent, met):
    complaints = _indicator(
        ProjectFactory(),
        name="Complaints of ill-treatment in custody",
        unit="complaints",
        baseline=Decimal("40"),
        direction=Indicator.Direction.DESCENDING,
    )
    IndicatorTarget.objects.create(indicator=complaints, period=period, target=20)
    IndicatorValue.objects.create(indicator=complaints, period=period, value=actual)

    row = _row(indicator_progress(period=period), complaints)

    assert (row["percent"], row["met"]) == (percent, met)


def test_a_count_reads_as_before(period):
    indicator = _indicator(ProjectFactory(), baseline=Decimal("2"))
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=8)
    IndicatorValue.objects.create(indicator=indicator, period=period, value=6)

    row = _row(indicator_progress(period=period), indicator)

    assert (row["kind"], row["actual"], row["percent"], row["met"]) == (
        COUNT,
        Decimal("6"),
        Decimal("75.0"),
        False,
    )
    assert row["numerator"] is None and row["narrative"] == ""


# The page of a project's results chain ----------------------------------------------------


def _page(client, project, **params):
    return client.get(reverse("programs:project_results", args=[project.pk]), params)


def test_the_page_shows_the_chain_from_outcome_to_indicator(staff_client, period):
    project = ProjectFactory(code="HR-EDU", title="Human rights education")
    outcome, output = _chain(project)
    outcome.sdg_targets.set([SdgTarget.objects.get(code="16.10")])
    output.activities.add(_activity(project), _activity(project))
    indicator = _indicator(
        project,
        output=output,
        name="Teachers trained on the new curriculum",
        baseline=Decimal("12"),
        baseline_year=2004,
        rule=Indicator.Rule.ACTIVITIES,
    )
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=5)
    whole = _indicator(project, name="Curriculum adopted", unit="milestone")

    response = _page(staff_client, project)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Outcome 1: Outcome of HR-EDU" in page
    assert "16.10" in page
    assert "Output 1.1: Output 1.1 of HR-EDU" in page
    assert "Delivered by 2 activities." in page
    assert "Teachers trained on the new curriculum" in page
    assert "(2004)" in page
    assert "40%" in page  # two activities of the five targeted
    assert "Indicators of the whole project" in page and whole.name in page


def test_the_page_shows_a_percentage_and_a_score(staff_client, period):
    project = ProjectFactory()
    _outcome, output = _chain(project)
    share = _indicator(project, output=output, name="Share trained", kind=PERCENTAGE)
    IndicatorValue.objects.create(indicator=share, period=period, numerator=30, denominator=120)
    score = _indicator(
        project, output=output, name="Readiness", kind=QUALITATIVE, scale_min=1, scale_max=5
    )
    IndicatorValue.objects.create(indicator=score, period=period, value=3, narrative="Drafting")

    page = _page(staff_client, project).content.decode()

    assert "25.0%" in page and "30 of 120" in page
    assert "3 on a scale of 1 to 5" in page and "Drafting" in page


def test_the_page_runs_the_same_queries_however_long_the_chain(
    manager_client, period, django_assert_num_queries
):
    project = ProjectFactory()

    def grow(n):
        for _ in range(n):
            number = project.outcomes.count() + 1
            outcome, output = _chain(project, str(number), f"{number}.1")
            outcome.sdg_targets.set(SdgTarget.objects.all()[:2])
            output.activities.add(_activity(project))
            indicator = _indicator(project, output=output, name=f"Indicator {number}")
            IndicatorTarget.objects.create(indicator=indicator, period=period, target=3)

    grow(1)
    _page(manager_client, project)  # the menu's badge, counted once after the writes
    # The session, the user, their devices (the permissions from the cache); the project,
    # the periods, the outcomes, their SDG targets, their outputs; indicator progress (6).
    queries = 14
    with django_assert_num_queries(queries):
        assert _page(manager_client, project).status_code == 200
    grow(4)
    _page(manager_client, project)
    with django_assert_num_queries(queries):
        page = _page(manager_client, project).content.decode()
    assert "Outcome 5:" in page


def test_an_unknown_project_is_not_found(staff_client, period):
    response = staff_client.get(reverse("programs:project_results", args=[999999]))

    assert response.status_code == 404


# The demo --------------------------------------------------------------------------------


def test_every_demo_project_has_a_results_chain(demo):
    for project in Project.objects.all():
        outcomes = list(project.outcomes.all())
        assert 1 <= len(outcomes) <= 2, project.code
        for outcome in outcomes:
            assert outcome.sdg_targets.exists(), project.code
            assert outcome.outputs.exists(), project.code
    # The demo's counts all measure an output, delivered by the project's own activities.
    assert not Indicator.objects.filter(output__isnull=True).exists()
    assert not Output.activities.through.objects.exclude(
        activity__project=F("output__outcome__project")
    ).exists()
    assert Output.objects.filter(activities__isnull=False).distinct().count() > 20


def test_the_demo_shows_an_illustrative_percentage_and_score(demo, client):
    share = Indicator.objects.get(kind=PERCENTAGE)
    score = Indicator.objects.get(kind=QUALITATIVE)
    assert "(illustrative)" in share.name and "(illustrative)" in score.name
    period = MandatePeriod.objects.get(start=datetime.date(2006, 6, 1))

    rows = indicator_progress(period=period, projects=[share.project, score.project])

    assert _row(rows, share)["denominator"] == Decimal("400")
    assert _row(rows, share)["numerator"] is not None
    assert _row(rows, score)["actual"] == Decimal("3") and _row(rows, score)["narrative"]
    sign_in_as(client, User.objects.get(username="manager"))
    page = _page(client, score.project, period=period.pk).content.decode()
    assert "3 on a scale of 1 to 5" in page


def test_the_page_without_any_mandate_period_shows_the_chain_and_says_so(staff_client):
    project = ProjectFactory()
    _chain(project)

    page = _page(staff_client, project).content.decode()

    assert "Outcome 1: Outcome of" in page
    assert "No mandate period is recorded yet." in page
