"""Staff pages: the elections, an election's page, the briefings and a ministry's calendar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs.rules import is_counted
from untop.exports import query_without_page, requested_export
from untop.figures_cache import cached_figures
from untop.pagination import CachedCountPaginator
from untop.widgets import DateInput, options_response

from .filters import BRIEFING_EXPORT, RECORD_START, BriefingFilter
from .forms import BriefingForm, CalendarYearForm, FollowUpForm, MilestoneActualForm
from .models import Election, Milestone, Ministry, Recommendation
from .selectors import (
    briefing_list,
    briefing_regularity,
    calendar_year,
    countdown,
    election_list,
    election_overview,
    ministry_calendar,
    ministry_record,
    percent,
)
from .services import briefing_record, milestone_record_actual, recommendation_follow_up

#: Elections, latest first: a few a year, so a page holds several years of them.
ELECTIONS_PER_PAGE = 25


def _today():
    return timezone.localdate()


@require_GET
@permission_required("elections.view_election", raise_exception=True)
def election_index(request: HttpRequest) -> HttpResponse:
    today = _today()
    page = Paginator(election_list(), ELECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    for election in page.object_list:
        election.countdown = countdown(election.election_day, today)
    return render(
        request, "elections/election_list.html", {"elections": page.object_list, "page": page}
    )


@require_GET
@permission_required("elections.view_election", raise_exception=True)
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election.objects.select_related("authority"), pk=pk)
    context = election_overview(election, _today())
    context["election"] = election
    context["may_change_milestones"] = request.user.has_perm("elections.change_milestone")
    if context["may_change_milestones"]:
        # Each step's date typed as the reader's language writes it (untop.widgets).
        for milestone in context.get("milestones") or ():
            milestone.actual_input = DateInput(attrs={"id": f"actual-{milestone.pk}"}).render(
                "actual", milestone.actual
            )
    context["may_follow_up"] = request.user.has_perm("elections.change_recommendation")
    context["follow_up_choices"] = Recommendation.FollowUp.choices
    return render(request, "elections/election_detail.html", context)


@require_POST
@permission_required("elections.change_milestone", raise_exception=True)
def milestone_actual(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("election"), pk=pk)
    form = MilestoneActualForm(request.POST, instance=Milestone(pk=milestone.pk))
    if form.is_valid():
        try:
            milestone_record_actual(
                milestone=milestone, acting_user=request.user, actual=form.cleaned_data["actual"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(title)s” was updated.") % {"title": milestone.title})
    else:
        messages.error(request, " ".join(form.errors.get("actual", [_("Enter a valid date.")])))
    return redirect("elections:election_detail", pk=milestone.election_id)


@require_POST
@permission_required("elections.change_recommendation", raise_exception=True)
def recommendation_update(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation.objects.select_related("mission"), pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        recommendation_follow_up(
            recommendation=recommendation,
            acting_user=request.user,
            follow_up=form.cleaned_data["follow_up"],
            note=form.cleaned_data["follow_up_note"],
        )
        messages.success(
            request, _("Recommendation %(number)s was updated.") % {"number": recommendation.number}
        )
    else:
        messages.error(request, _("Choose a follow-up status."))
    return redirect("elections:election_detail", pk=recommendation.mission.election_id)


#: Briefings listed on a page of the briefing list.
BRIEFINGS_PER_PAGE = 50


@require_GET
@permission_required("elections.view_briefing", raise_exception=True)
def briefing_index(request: HttpRequest) -> HttpResponse:
    filters = BriefingFilter(request.GET, queryset=briefing_list(), request=request)
    start, end = filters.period()
    if kind := requested_export(request):
        return BRIEFING_EXPORT.response(kind, filters.qs, user=request.user)
    # The ministries' regularity and the number of briefings in the period, summed once per
    # period and kept in the figures cache until the data changes; the briefings a page at a
    # time (the whole record is thousands; the export has them all).
    rows = cached_figures(
        "elections:briefing-regularity",
        lambda: briefing_regularity(start, end),
        start.isoformat(),
        end.isoformat(),
    )
    # In the alphabetical order of the names the reader reads (the cache keeps one order).
    rows = sorted(rows, key=lambda row: str(row.ministry))
    paginator = CachedCountPaginator(
        filters.qs, BRIEFINGS_PER_PAGE, name="elections:briefing-count"
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "elections/briefing_list.html",
        {
            "form": filters.form,
            "start": start,
            "end": end,
            "rows": rows,
            "totals": {
                "planned": sum(row.planned for row in rows),
                "held": sum(row.held for row in rows),
                "journalists": sum(row.journalists for row in rows),
            },
            "page": page,
            "query": query_without_page(request),
            "may_add": request.user.has_perm("elections.add_briefing"),
        },
    )


@require_GET
@permission_required("elections.add_briefing", raise_exception=True)
def briefing_project_options(request: HttpRequest) -> JsonResponse:
    """What the briefing form's project offers for what is typed: the elections projects."""
    return options_response(request, BriefingForm(user=request.user).fields["project"])


@require_http_methods(["GET", "POST"])
@permission_required("elections.add_briefing", raise_exception=True)
def briefing_add(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = BriefingForm(data, user=request.user, initial={"ministry": request.GET.get("ministry")})
    if data is not None and form.is_valid():
        try:
            briefing = briefing_record(acting_user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _briefing_recorded(briefing))
            return redirect("elections:ministry_calendar", pk=briefing.ministry_id)
    return render(
        request,
        "elections/briefing_form.html",
        {"form": form},
        status=400 if data is not None else 200,
    )


def _add_errors(form, error: ValidationError | PermissionDenied) -> None:
    """A refusal of the service as the form's errors: each rule's message on its field."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, getattr(error, "messages", None) or str(error))


def _briefing_recorded(briefing) -> str:
    """A manager's briefing waits for another manager's approval; anyone else's is a draft."""
    ministry = briefing.ministry
    if briefing.activity.approval == briefing.activity.Approval.SUBMITTED:
        return _(
            "The briefing of the %(ministry)s was recorded and submitted: it counts once "
            "another programme manager approves its activity."
        ) % {"ministry": ministry}
    return _(
        "The briefing of the %(ministry)s was recorded; it counts once a manager approves its "
        "activity."
    ) % {"ministry": ministry}


@require_GET
@permission_required("elections.view_briefing", raise_exception=True)
def ministry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = _today()
    ministry = get_object_or_404(Ministry.objects.select_related("partner"), pk=pk)
    # The figures of every year and the years themselves are sums over the ministry's whole
    # record (thousands of briefings): kept in the figures cache until the data changes.
    record = cached_figures(
        "elections:ministry",
        lambda: ministry_record(ministry, RECORD_START, today),
        ministry.pk,
        today.isoformat(),
    )
    years = record["years"]
    year, year_error = calendar_year(years, today), None
    if "year" in request.GET:
        form = CalendarYearForm(request.GET, years=years)
        if form.is_valid():
            year = form.cleaned_data["year"]
        else:
            year_error = form.errors["year"][0]
    days = ministry_calendar(ministry, year) if year else []
    return render(
        request,
        "elections/ministry_calendar.html",
        {
            "ministry": ministry,
            "record": record,
            "years": years,
            "year": year,
            "year_error": year_error,
            "days": days,
            "year_planned": sum(1 for day in days if day.planned),
            # Held as the figures above count them: approved, not those still waiting.
            "year_held": sum(
                1 for day in days if day.briefing and is_counted(day.briefing.activity)
            ),
            "regularity": percent(record["held_count"], record["planned_count"]),
            "today": today,
            "may_add": request.user.has_perm("elections.add_briefing"),
        },
    )
