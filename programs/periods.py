"""Which mandate period a page shows: the periods to choose from and the one chosen."""

from __future__ import annotations

import datetime

from .models import MandatePeriod


def mandate_periods() -> list[MandatePeriod]:
    """Every mandate period, latest first (a handful: one a year). One query."""
    return list(MandatePeriod.objects.order_by("-start"))


def dashboard_period(
    *, periods: list[MandatePeriod], period_id: str | None, today: datetime.date
) -> MandatePeriod | None:
    """The period the dashboard shows, chosen among `periods` (latest first) without a query.

    The one named by `period_id` when given; else the period containing today, else the latest.
    None when there are no periods. Raises MandatePeriod.DoesNotExist for an unknown id.
    """
    if period_id:
        try:
            wanted = int(period_id)
        except ValueError:
            raise MandatePeriod.DoesNotExist(f"No mandate period {period_id!r}.") from None
        for period in periods:
            if period.pk == wanted:
                return period
        raise MandatePeriod.DoesNotExist(f"No mandate period {wanted}.")
    for period in periods:
        if period.contains(today):
            return period
    return periods[0] if periods else None


def requested_period(request) -> tuple[list[MandatePeriod], MandatePeriod | None]:
    """The periods to choose from and the one a page's ``?period=<id>`` names (else the
    current one, else the latest); an unknown id is a 404. One query."""
    from django.http import Http404
    from django.utils import timezone

    periods = mandate_periods()
    try:
        period = dashboard_period(
            periods=periods, period_id=request.GET.get("period"), today=timezone.localdate()
        )
    except MandatePeriod.DoesNotExist:
        raise Http404("No such mandate period.") from None
    return periods, period
