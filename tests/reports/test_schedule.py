"""The donors' monthly reports, asked for by Celery beat on the first of each month."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from celery.schedules import crontab
from django.urls import reverse

from programs.models import Contribution, Donor
from programs.scheduling import (
    SCHEDULER_USERNAME,
    donors_due_monthly_report,
    monthly_donor_reports_request,
    previous_month,
    scheduler_account,
)
from programs.tasks import monthly_donor_reports_task
from tests.factories import DonorFactory, PledgeFactory, ProjectFactory
from untop.celery import app as celery_app
from untop.reports.models import Report

MAY_2006 = datetime.date(2006, 5, 1), datetime.date(2006, 5, 31)


def test_beat_asks_on_the_first_of_each_month(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-donor-reports"]
    assert entry["task"] == "programs.request_monthly_donor_reports"
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.day_of_month == {1}
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1
    assert "programs.request_monthly_donor_reports" in celery_app.tasks


@pytest.mark.parametrize(
    "today,month",
    [
        (datetime.date(2006, 6, 1), MAY_2006),
        (datetime.date(2006, 3, 1), (datetime.date(2006, 2, 1), datetime.date(2006, 2, 28))),
        (datetime.date(2007, 1, 1), (datetime.date(2006, 12, 1), datetime.date(2006, 12, 31))),
    ],
)
def test_the_report_covers_the_previous_calendar_month(today, month):
    assert previous_month(today) == month


@pytest.fixture
def donors(db):
    """Donors with and without the flag, active in May 2006 or not."""
    running = ProjectFactory(start=datetime.date(2006, 1, 1), end=datetime.date(2006, 12, 31))
    finished = ProjectFactory(start=datetime.date(2004, 1, 1), end=datetime.date(2006, 4, 30))
    later = ProjectFactory(start=datetime.date(2006, 6, 1), end=datetime.date(2007, 5, 31))
    pledged = PledgeFactory(donor__code="NOR", donor__monthly_report=True, project=running)
    PledgeFactory(donor__code="JPN", donor__monthly_report=True, project=finished)
    PledgeFactory(donor__code="CHE", donor__monthly_report=True, project=later)
    PledgeFactory(donor__code="SWE", donor__monthly_report=False, project=running)
    DonorFactory(code="UNDP", monthly_report=True)  # nothing pledged at all
    # A donor whose money reached the running project through its pledge.
    paying = PledgeFactory(donor__code="FIN", donor__monthly_report=True, project=running)
    Contribution.objects.create(
        donor=paying.donor,
        pledge=paying,
        received_on=datetime.date(2006, 5, 10),
        amount=Decimal("5000.00"),
        amount_usd=Decimal("5000.00"),
    )
    return pledged


def test_only_flagged_donors_active_that_month_are_due(donors):
    with_flag = Donor.objects.filter(monthly_report=True).count()
    due = donors_due_monthly_report(start=MAY_2006[0], end=MAY_2006[1])
    assert [donor.code for donor in due] == ["FIN", "NOR"]
    assert with_flag == 5


def test_each_due_donor_is_asked_for_once_even_when_run_twice(donors, manager_client):
    scheduler = scheduler_account()
    first = monthly_donor_reports_request(start=MAY_2006[0], end=MAY_2006[1], acting_user=scheduler)
    second = monthly_donor_reports_request(
        start=MAY_2006[0], end=MAY_2006[1], acting_user=scheduler
    )

    assert second == []
    assert len(first) == 2
    reports = Report.objects.order_by("parameters__donor")
    assert [report.parameters["donor"] for report in reports] == ["FIN", "NOR"]
    for report in reports:
        assert (report.kind, report.status) == ("donor", Report.Status.QUEUED)
        assert (report.parameters["start"], report.parameters["end"]) == (
            "2006-05-01",
            "2006-05-31",
        )
        assert report.requested_by == scheduler
    # The history shows who asked.
    history = manager_client.get(reverse("reports:list")).text
    assert history.count(f'<td class="optional">{SCHEDULER_USERNAME}<br>') == 2


def test_the_scheduler_account_cannot_sign_in(db, client):
    scheduler = scheduler_account()
    assert scheduler_account() == scheduler
    assert scheduler.username == SCHEDULER_USERNAME
    assert not scheduler.has_usable_password()
    assert not scheduler.is_active
    assert not client.login(username=SCHEDULER_USERNAME, password="")


def test_the_task_asks_for_the_past_month(db, monkeypatch):
    """The task reads the date in the office's time zone and asks for the month before it."""
    monkeypatch.setattr("programs.tasks.timezone.localdate", lambda: datetime.date(2006, 6, 1))
    running = ProjectFactory(start=datetime.date(2006, 1, 1), end=datetime.date(2006, 12, 31))
    PledgeFactory(donor__code="NOR", donor__monthly_report=True, project=running)

    assert monthly_donor_reports_task.apply().get() == 1
    assert monthly_donor_reports_task.apply().get() == 0

    report = Report.objects.get()
    assert report.parameters["start"] == "2006-05-01"
    assert report.requested_by.username == SCHEDULER_USERNAME


@pytest.mark.django_db
def test_the_flag_is_set_in_the_donor_list_of_the_back_office(admin_client):
    donor = DonorFactory(code="NOR", monthly_report=False)
    page = admin_client.get(reverse("admin:programs_donor_changelist"))
    assert page.status_code == 200
    assert 'name="form-0-monthly_report"' in page.text
    change = admin_client.get(reverse("admin:programs_donor_change", args=[donor.pk]))
    assert 'name="monthly_report"' in change.text
