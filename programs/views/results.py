"""A project's results chain, read-only: its outcomes with the SDG targets they serve, the
outputs that serve them with how many activities deliver each, and the indicators measuring
each output with baseline, target and actual in a mandate period."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..models import Outcome, Output, Project
from ..periods import requested_period
from ..results import indicator_progress


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
