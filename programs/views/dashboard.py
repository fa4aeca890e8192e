"""The staff dashboard of a mandate period and the national dialogue page."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from untop.figures_cache import cached_figures

from ..charts import dashboard_chart_data, dialogue_chart_data
from ..dialogue import dialogue_figures
from ..figures import WAITING_COUNTED_UP_TO, cached_dashboard_figures, waiting_for_approval
from ..models import Activity, MandatePeriod
from ..periods import dashboard_period, mandate_periods, requested_period

# Donors' money is the managers' business: others see the dashboard without it.
FUNDING_PERMISSIONS = ("programs.view_pledge", "programs.view_contribution")
# So is budget against actual: those who may see the budgets see how they are spent.
BUDGET_PERMISSION = "programs.view_budgetrevision"


RETURNED_SHOWN = 10


@require_GET
@permission_required("programs.view_activity", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Figures of a mandate period: `?period=<id>`, else the current one, else the latest.

    What the page shows besides the reader's own menu and name is kept whole in the figures
    cache (under its version key, so that a change of the data shows at once): the periods,
    the page's head and figures rendered, and what waits for the reader (activities to
    approve, their centre's returned drafts), under a key naming everything they depend on.
    Queries, the cache warm: the session, the user, the second factor and the permissions
    (two); none of the page's own.
    """
    user = request.user
    show_funding = user.has_perms(FUNDING_PERMISSIONS)
    show_budget = user.has_perm(BUDGET_PERMISSION)
    approver = user.has_perm("programs.approve_activity")
    # The activities returned to the reader's centre: its staff's (and its managers') to mend.
    centre_id = (
        user.home_centre_id
        if user.home_centre_id and user.has_perm("programs.change_activity")
        else None
    )
    shown = _dashboard_page(
        period_id=request.GET.get("period") or "",
        show_funding=show_funding,
        show_budget=show_budget,
        approver=approver,
        centre_id=centre_id,
    )
    period = shown["period"]
    context = {
        "periods": shown["periods"],
        "period": period,
        # The portal's own rendering, its values escaped as it was rendered: safe as it is.
        "page": {name: mark_safe(html) for name, html in shown["parts"].items()},  # noqa: S308
        "show_funding": show_funding,
        "show_budget": show_budget,
        # The figures the page shows, for callers that read them (summed only when asked).
        "figures": None,
        "chart_data": None,
    }
    if period is not None:
        figures = SimpleLazyObject(
            lambda: cached_dashboard_figures(
                period=period, include_funding=show_funding, include_budget=show_budget
            )
        )
        context["figures"] = figures
        context["chart_data"] = SimpleLazyObject(lambda: dashboard_chart_data(figures))
    if approver:
        context["to_approve"] = shown["to_approve"]
        context["waiting_counted_up_to"] = WAITING_COUNTED_UP_TO
    if centre_id is not None:
        context["returned"] = shown["returned"]
    return render(request, "programs/dashboard.html", context)


def _dashboard_page(
    *,
    period_id: str,
    show_funding: bool,
    show_budget: bool,
    approver: bool,
    centre_id: int | None,
) -> dict:
    """The periods, the period shown, the page's parts rendered, and what waits for the
    reader, from the figures cache; an unknown period is a 404 (and nothing is cached).

    The parts are rendered without the request, so nothing of one reader's (their name, their
    menu, a form's token) can enter what another reader is given. The key names all that the
    result depends on besides the data (whose version it carries): the period asked for (or
    today, which picks the current one), whether the money and the budgets are shown,
    whether the reader approves, their centre when they mend its returned drafts, and the
    language.
    """
    if period_id and not (period_id.isdigit() and len(period_id) <= 18):
        raise Http404("No such mandate period.")
    today = timezone.localdate()

    def compute() -> dict:
        periods = mandate_periods()
        try:
            period = dashboard_period(periods=periods, period_id=period_id, today=today)
        except MandatePeriod.DoesNotExist:
            raise Http404("No such mandate period.") from None
        context = {"periods": periods, "period": period}
        parts = {
            "period": str(escape(str(period))) if period else "",
            "head": str(render_to_string("programs/_dashboard_head.html", context)),
            "figures": "",
        }
        if period is not None:
            figures = cached_dashboard_figures(
                period=period, include_funding=show_funding, include_budget=show_budget
            )
            parts["figures"] = str(
                render_to_string(
                    "programs/_dashboard_figures.html",
                    {**context, "figures": figures, "chart_data": dashboard_chart_data(figures)},
                )
            )
        return {
            "periods": periods,
            "period": period,
            "parts": parts,
            "to_approve": waiting_for_approval() if approver else None,
            "returned": _returned_to(centre_id) if centre_id is not None else None,
        }

    return cached_figures(
        "programs:dashboard-page",
        compute,
        int(period_id) if period_id else f"current-on-{today.isoformat()}",
        "funding" if show_funding else "no-funding",
        "budget" if show_budget else "no-budget",
        "approver" if approver else "-",
        f"centre-{centre_id}" if centre_id is not None else "-",
        get_language(),
    )


def _returned_to(centre_id: int) -> list[dict]:
    """The centre's drafts returned with a reason, latest first (one more than shown, so
    the page knows to link to the rest). One query."""
    returned = Activity.objects.filter(
        centre_id=centre_id, approval=Activity.Approval.DRAFT
    ).exclude(return_reason="")
    return list(
        returned.order_by("-returned_at", "-id").values(
            "pk", "title", "start", "return_reason", "returned_at"
        )[: RETURNED_SHOWN + 1]
    )


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
