"""Reports the portal asks for by itself: each donor's monthly report, on Celery beat's clock.

A donor gets its report for the past calendar month when its ``monthly_report`` flag is on and
it was active that month: it had a pledge, or a contribution, to a project running in it. The
reports are asked for by the ``scheduler`` account, which the report history shows and which
cannot sign in.
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from untop.reports.models import Report
from untop.reports.services import report_request

from .models import Contribution, Donor, Pledge, User
from .reports import DONOR_REPORT

logger = logging.getLogger(__name__)

SCHEDULER_USERNAME = "scheduler"


def scheduler_account() -> User:
    """The system account that asks for scheduled reports: no usable password, never active."""
    user, _ = User.objects.get_or_create(
        username=SCHEDULER_USERNAME,
        defaults={"password": make_password(None), "is_active": False},
    )
    return user


def previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the calendar month before ``today``'s."""
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return last.replace(day=1), last


def donors_due_monthly_report(*, start: datetime.date, end: datetime.date) -> QuerySet[Donor]:
    """Donors with the monthly report on that pledged or paid to a project running in the period."""
    running = {"project__start__lte": end, "project__end__gte": start}
    pledged = Pledge.objects.filter(donor=OuterRef("pk"), **running)
    paid = Contribution.objects.filter(
        donor=OuterRef("pk"), **{f"pledge__{key}": value for key, value in running.items()}
    )
    return Donor.objects.filter(Exists(pledged) | Exists(paid), monthly_report=True).order_by(
        "code"
    )


@transaction.atomic
def monthly_donor_reports_request(
    *, start: datetime.date, end: datetime.date, acting_user: User
) -> list[Report]:
    """Ask for the donor report of the period for each donor due one, once per donor and period.

    Donors that ``acting_user`` already asked a report of this period for are skipped, so a
    second run (beat catching up, an operator running it again) asks for nothing new.
    """
    # Two runs at once take turns on this row (PostgreSQL; SQLite locks the whole database).
    User.objects.select_related(None).select_for_update().filter(pk=acting_user.pk).first()
    already_asked = set(
        Report.objects.filter(
            kind=DONOR_REPORT.code,
            requested_by=acting_user,
            parameters__start=start.isoformat(),
            parameters__end=end.isoformat(),
        ).values_list("parameters__donor", flat=True)
    )
    reports = []
    for donor in donors_due_monthly_report(start=start, end=end).exclude(code__in=already_asked):
        form = DONOR_REPORT.form_class(
            data={
                "donor": donor.code,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "language": "en",
            }
        )
        if not form.is_valid():
            logger.error("Monthly report of donor %s not asked for: %s", donor.code, form.errors)
            continue
        reports.append(
            report_request(
                kind=DONOR_REPORT, parameters=form.to_parameters(), acting_user=acting_user
            )
        )
    return reports
