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
