"""The staff dashboard of a mandate period and the national dialogue page."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..charts import dashboard_chart_data, dialogue_chart_data
from ..dialogue import dialogue_figures
from ..figures import cached_dashboard_figures, waiting_for_approval
from ..models import Activity
from ..periods import mandate_periods, requested_period

# Donors' money is the managers' business: others see the dashboard without it.
FUNDING_PERMISSIONS = ("programs.view_pledge", "programs.view_contribution")


@require_GET
@permission_required("programs.view_activity", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Figures of a mandate period: `?period=<id>`, else the current one, else the latest."""
    periods, period = requested_period(request)
    figures = chart_data = None
    show_funding = request.user.has_perms(FUNDING_PERMISSIONS)
    if period is not None:
        figures = cached_dashboard_figures(period=period, include_funding=show_funding)
        chart_data = dashboard_chart_data(figures)
    return render(
        request,
        "programs/dashboard.html",
        {
            "periods": periods,
            "period": period,
            "figures": figures,
            "chart_data": chart_data,
            "show_funding": show_funding,
            **_waiting_for(request.user),
        },
    )


RETURNED_SHOWN = 10


def _waiting_for(user) -> dict:
    """What waits for this user: activities to approve (managers), activities returned to
    their centre with the managers' reasons (the centre's staff)."""
    waiting = {}
    if user.has_perm("programs.approve_activity"):
        waiting["to_approve"] = waiting_for_approval()
    if user.home_centre_id and user.has_perm("programs.change_activity"):
        returned = Activity.objects.filter(
            centre_id=user.home_centre_id, approval=Activity.Approval.DRAFT
        ).exclude(return_reason="")
        waiting["returned"] = list(
            returned.order_by("-returned_at", "-id").only(
                "pk", "title", "start", "return_reason", "returned_at"
            )[: RETURNED_SHOWN + 1]
        )
    return waiting


# The dialogue page's choice of the office's whole history rather than one mandate period.
ALL_YEARS = "all"


@require_GET
@permission_required("programs.view_activity", raise_exception=True)
def dialogue(request: HttpRequest) -> HttpResponse:
    """National dialogue meetings of a mandate period (`?period=<id>`, else the current one,
    else the latest) or of every year (`?period=all`), by region and over time."""
    if request.GET.get("period") == ALL_YEARS:
        periods, period = mandate_periods(), None
    else:
        periods, period = requested_period(request)
    figures = dialogue_figures(period=period, periods=periods)
    return render(
        request,
        "programs/dialogue.html",
        {
            "periods": periods,
            "period": period,
            "all_years": ALL_YEARS,
            "figures": figures,
            "chart_data": dialogue_chart_data(figures),
        },
    )
