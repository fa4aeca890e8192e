"""The managers' data-quality page: what to check in a mandate period before its reports."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..periods import requested_period
from ..quality import OUTLIER_SCORE, SILENT_MONTHS, quality
from ..rules import STALE_DRAFT_DAYS


@require_GET
@permission_required("programs.approve_activity", raise_exception=True)
def quality_page(request: HttpRequest) -> HttpResponse:
    periods, period = requested_period(request)
    return render(
        request,
        "programs/quality.html",
        {
            "periods": periods,
            "period": period,
            "quality": quality(period.start, period.end) if period else None,
            "stale_days": STALE_DRAFT_DAYS,
            "silent_months": SILENT_MONTHS,
            "outlier_score": OUTLIER_SCORE,
        },
    )
