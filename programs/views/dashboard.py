"""The staff dashboard of a mandate period and the national dialogue page."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..charts import dashboard_chart_data, dialogue_chart_data
from ..dialogue import dialogue_figures
from ..figures import cached_dashboard_figures
from ..models import MandatePeriod
from ..periods import dashboard_period, mandate_periods

# Donors' money is the managers' business: others see the dashboard without it.
FUNDING_PERMISSIONS = ("programs.view_pledge", "programs.view_contribution")


@require_GET
@permission_required("programs.view_activity", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Figures of a mandate period: `?period=<id>`, else the current one, else the latest."""
    periods = mandate_periods()
    try:
        period = dashboard_period(
            periods=periods, period_id=request.GET.get("period"), today=timezone.localdate()
        )
    except MandatePeriod.DoesNotExist:
        raise Http404("No such mandate period.") from None
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
        },
    )


@require_GET
@permission_required("programs.view_activity", raise_exception=True)
def dialogue(request: HttpRequest) -> HttpResponse:
    """National dialogue meetings over the office's whole history, by region and over time."""
    figures = dialogue_figures()
    return render(
        request,
        "programs/dialogue.html",
        {"figures": figures, "chart_data": dialogue_chart_data(figures)},
    )
