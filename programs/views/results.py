"""A project's results chain, read-only: its outcomes with the SDG targets they serve, the
outputs that serve them with how many activities deliver each, and the indicators measuring
each output with baseline, target and actual in a mandate period."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from untop.exports import query_without_page
from untop.figures_cache import cached_figures, query_digest

from .. import standings
from ..filters import IndicatorFilter
from ..models import Indicator, Outcome, Output, Project
from ..periods import requested_period
from ..results import (
    BEHIND,
    indicator_progress,
    progress_counts,
)

INDICATORS_PER_PAGE = 50


@require_GET
@permission_required("programs.view_indicator", raise_exception=True)
def project_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The chain from activities to outcomes, as donors and UN reporting read it.

    Queries, whatever the length of the chain: the project, the mandate periods, the
    outcomes, their SDG targets, their outputs (each with its count of activities), and
    those of `indicator_progress` (six, or one when the project has no indicator).
    """
    project = get_object_or_404(Project, pk=pk)
    periods, period = requested_period(request)
    outcomes = list(
        Outcome.objects.filter(project=project).prefetch_related(
            "sdg_targets",
            Prefetch(
                "outputs",
                queryset=Output.objects.annotate(activity_count=Count("activities")).order_by(
                    "order", "code"
                ),
            ),
        )
    )
    rows = indicator_progress(period=period, projects=[project]) if period else []
    by_output: dict[int | None, list] = {}
    for row in rows:
        by_output.setdefault(row["output_id"], []).append(row)
    chain = [
        {
            "outcome": outcome,
            "outputs": [
                {"output": output, "indicators": by_output.pop(output.pk, [])}
                for output in outcome.outputs.all()
            ],
        }
        for outcome in outcomes
    ]
    # Indicators of the project as a whole (no output) close the chain, in one table.
    whole = [row for rows in by_output.values() for row in rows]
    if whole:
        chain.append({"outcome": None, "outputs": [{"output": None, "indicators": whole}]})
    return render(
        request,
        "programs/project_results.html",
        {"project": project, "periods": periods, "period": period, "chain": chain},
    )


@require_GET
@permission_required("programs.view_indicator", raise_exception=True)
def indicator_list(request: HttpRequest) -> HttpResponse:
    """Every indicator of the projects that ran in a mandate period, with its baseline,
    target, actual and progress: the whole of what the dashboard sums up. Filtered by area,
    project and standing ("needs attention" lists them as the dashboard does, the furthest
    behind first; the others by project), fifty to a page.

    The counts and the order come from the indicators' standings (programs/standings.py,
    as the dashboard's), and only the page's fifty are measured: a large office's 4,000
    indicators are never read at once. Both are kept in the figures cache until the data
    changes. Queries, however many indicators: the mandate periods, then, unless cached,
    two of the standings and those of `indicator_progress` for the page's rows; a bad filter
    value is shown on its field, with no rows.
    """
    periods, period = requested_period(request)
    filters = IndicatorFilter(request.GET, queryset=Indicator.objects.all())
    counts, ids = progress_counts([]), []
    standing = filters.value("standing") if filters.is_valid() else None
    if period is not None and filters.is_valid():
        projects = Project.objects.running(period.start, period.end).filter(
            pk__in=filters.qs.values("project_id")
        )
        digest = query_digest(projects)

        def listed() -> tuple[dict[str, int], list[int]]:
            kept = standings.kept_in(period, projects)
            if standing == "attention":
                chosen = standings.attention_first(kept)
            else:
                chosen = standings.in_order(kept.filter(status=standing) if standing else kept)
            return standings.standing_counts(kept), list(
                chosen.values_list("indicator_id", flat=True)
            )

        counts, ids = cached_figures(
            "programs:indicator-list", listed, period.pk, digest, standing or ""
        )
    page = Paginator(ids, INDICATORS_PER_PAGE).get_page(request.GET.get("page"))
    if page.object_list:
        page.object_list = cached_figures(
            "programs:indicator-page",
            lambda: standings.measured(period, list(page.object_list)),
            period.pk,
            digest,
            standing or "",
            page.number,
        )
    return render(
        request,
        "programs/indicator_list.html",
        {
            "periods": periods,
            "period": period,
            "filters": filters.form,
            "page": page,
            "counts": counts,
            "behind": BEHIND,
            "query": query_without_page(request),
        },
    )
