"""A computed indicator may count only women or men, an age range and people with or
without a disability: "women under 25 trained". Ages and disability are read from the
participant rows' breakdowns; the summary rows and the activities give the same figures."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from programs import summary
from programs.models import AgeBand, Indicator, ParticipantGroup
from programs.results import indicator_progress
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2005, 10, 4)


def _row(activity, category, women, men, groups=()):
    count = ParticipantCountFactory(activity=activity, category=category, women=women, men=men)
    for sex, band, disability, number in groups:
        ParticipantGroup.objects.create(
            count=count,
            sex=sex,
            age_band=AgeBand.objects.get(code=band) if band else None,
            disability=disability,
            number=number,
        )
    return count


@pytest.fixture
def project(period):
    project = ProjectFactory(code="HR-EDU", start=datetime.date(2005, 1, 1))
    teachers, police = CategoryFactory(code="teachers"), CategoryFactory(code="police")
    held = ActivityFactory(project=project, start=DAY, end=DAY, approval="approved")
    _row(
        held,
        teachers,
        6,
        4,
        [
            ("women", "under-18", "no", 1),
            ("women", "18-24", "yes", 2),
            ("women", "25-59", "no", 3),
            ("men", "18-24", "no", 4),
        ],
    )
    _row(held, police, 10, 20)  # no breakdown: not recorded
    draft = ActivityFactory(project=project, start=DAY, end=DAY, approval="draft")
    _row(draft, teachers, 50, 0, [("women", "18-24", "no", 50)])
    project.teachers = teachers
    return project


def _indicator(project, **rule):
    fields = {"name": "People", "unit": "people", "rule": Indicator.Rule.PARTICIPANTS} | rule
    indicator = Indicator(project=project, **fields)
    indicator.full_clean()
    indicator.save()
    return indicator


def _actuals(period):
    return {row["name"]: row["actual"] for row in indicator_progress(period=period)}


def test_an_indicator_counts_women_of_an_age_range_and_people_with_a_disability(project, period):
    _indicator(project, name="Women under 25", rule_sex="women", rule_age_to=24)
    _indicator(project, name="With a disability", rule_disability="yes")
    _indicator(project, name="Men aged 18 and over", rule_sex="men", rule_age_from=18)
    _indicator(project, name="Women", rule_sex="women")
    _indicator(project, name="Everyone")
    actuals = _actuals(period)
    assert actuals == {
        "Women under 25": 3,  # under 18 and 18–24 of the breakdown; the draft not counted
        "With a disability": 2,
        "Men aged 18 and over": 4,  # the police's 20 men have no ages recorded
        "Women": 16,  # women need no breakdown: the police's count
        "Everyone": 40,
    }


def test_the_summary_rows_and_the_activities_give_the_same_counts(project, period, monkeypatch):
    _indicator(project, name="Women under 25", rule_sex="women", rule_age_to=24)
    _indicator(project, name="Without a disability", rule_disability="no")
    kept = _actuals(period)
    monkeypatch.setattr(summary, "people_by_project_and_category", lambda *args: None)
    assert _actuals(period) == kept == {"Women under 25": 3, "Without a disability": 8}


def test_only_the_categories_chosen_are_counted(project, period):
    indicator = _indicator(project, name="Teachers with a disability", rule_disability="yes")
    indicator.rule_categories.set([project.teachers])
    assert _actuals(period)["Teachers with a disability"] == 2


def test_ages_that_cut_a_band_are_refused_naming_it(project):
    with pytest.raises(ValidationError) as refused:
        _indicator(project, rule_age_from=20)
    assert "cut the age band “18–24”" in str(refused.value.message_dict["rule_age_from"])
    with pytest.raises(ValidationError) as refused:
        _indicator(project, rule_age_from=25, rule_age_to=17)
    assert "end before they begin" in str(refused.value.message_dict["rule_age_to"])
    with pytest.raises(ValidationError) as refused:
        _indicator(project, rule=Indicator.Rule.MANUAL, rule_sex="women")
    assert "narrow a participant rule" in str(refused.value.message_dict["rule_sex"])
    assert not Indicator.objects.exists()


def test_indicators_without_groups_read_no_breakdowns(project, period, django_assert_num_queries):
    _indicator(project, name="Everyone")
    # Six, as before ages and disability: no breakdowns and no bands are read.
    with django_assert_num_queries(6):
        indicator_progress(period=period)
    _indicator(project, name="Women under 25", rule_sex="women", rule_age_to=24)
    with django_assert_num_queries(8):
        indicator_progress(period=period)
