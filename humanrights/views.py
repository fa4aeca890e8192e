"""Human-rights pages: the recommendations tracker, a recommendation, milestones, notes.

Monitoring-note pages never ask ``has_perm`` alone: they read notes only through
``MonitoringNote.objects.visible_to(user)``, so a note the user may not see is a 404
(its existence does not leak) for managers, administrators and superusers alike.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs.charts import chart_locale
from untop.concurrency import EditedMeanwhile
from untop.exports import query_without_page, requested_export, requested_hxl
from untop.figures_cache import cached_figures, query_digest
from untop.widgets import options_response

from .filters import TRACKER_EXPORT, TrackerFilter
from .forms import ImplementationActionForm, MonitoringNoteForm, NoteSearchForm, NoteShareForm
from .models import MonitoringNote, Recommendation, is_human_rights_officer
from .selectors import (
    RowsByDocument,
    milestones_by_track,
    note_log,
    notes_for,
    overdue_follow_ups,
    overdue_rows,
    recommendation_detail,
    recommendations_reach,
    tracker_progress,
    tracker_recommendations,
    tracker_rows,
)
from .services import (
    action_record,
    note_create,
    note_read,
    note_share,
    note_update,
    notes_listed,
)

PER_PAGE = 25
OVERDUE_SHOWN = 20


@require_GET
@permission_required("humanrights.view_recommendation", raise_exception=True)
def tracker(request: HttpRequest) -> HttpResponse:
    """Every recommendation, filtered, with its progress, overdue follow-ups and reach."""
    filters = TrackerFilter(request.GET, queryset=Recommendation.objects.all(), request=request)
    recommendations = filters.qs
    # The export writes each row's SDG targets, read in one query.
    if kind := requested_export(request):
        rows = tracker_recommendations(recommendations).prefetch_related("sdg_targets")
        return TRACKER_EXPORT.response(kind, rows, user=request.user, hxl=requested_hxl(request))
    today = timezone.localdate()
    rows = tracker_recommendations(recommendations, today=today)
    # Sums over every recommendation filtered, how many are overdue among them: cached until
    # the data changes (and, for the overdue, until tomorrow).
    digest = query_digest(recommendations)
    progress = cached_figures(
        "humanrights:progress-by-document",
        lambda: tracker_progress(recommendations, today=today),
        digest,
        today.isoformat(),
    )
    # The longest overdue only; how many are overdue in all is the progress's count.
    overdue = overdue_rows(
        overdue_follow_ups(recommendations, today=today)[:OVERDUE_SHOWN], today=today
    )
    overdue_count = progress["overall"]["overdue"]
    # The rows' number is the documents' counts, already read: the page does not count again.
    paginator = Paginator(
        RowsByDocument(rows.prefetch_related(None), progress["by_document"]), PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = tracker_rows(page.object_list)
    # The chart in the reader's language, shaped after the figures cache; mechanisms with
    # the most recommendations first.
    mechanisms = sorted(
        progress["by_mechanism"], key=lambda row: (-row["total"], row["document__mechanism__code"])
    )
    chart = {
        "locale": chart_locale(),
        "axis": gettext("Recommendations"),
        "labels": [row["document__mechanism__code"] for row in mechanisms],
        "statuses": [
            {"label": str(label), "code": value, "data": [row[value] for row in mechanisms]}
            for value, label in Recommendation.Status.choices
        ],
    }
    return render(
        request,
        "humanrights/tracker.html",
        {
            "filters": filters.form,
            "page": page,
            "query": query_without_page(request),
            "progress": progress,
            "overdue": overdue,
            "overdue_count": overdue_count,
            "reach": cached_figures(
                "humanrights:reach", lambda: recommendations_reach(recommendations), digest
            ),
            "chart_data": chart,
            "today": today,
        },
    )


@require_GET
@permission_required("humanrights.add_implementationaction", raise_exception=True)
def action_activity_options(request: HttpRequest) -> JsonResponse:
    """What an action's "Office activities" offers for what is typed: the held activities
    of the human-rights projects, as the action form offers and labels them."""
    return options_response(request, ImplementationActionForm().fields["activities"])


def _recommendation_or_404(pk: int) -> Recommendation:
    try:
        recommendation = recommendation_detail(pk)
    except Recommendation.DoesNotExist:
        raise Http404("No such recommendation.") from None
    # The SDG targets the page lists, in one query.
    prefetch_related_objects([recommendation], "sdg_targets")
    return recommendation


@require_http_methods(["GET", "POST"])
@permission_required("humanrights.view_recommendation", raise_exception=True)
def recommendation_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A recommendation, its actions and the activities behind them, its status history."""
    recommendation = _recommendation_or_404(pk)
    may_add = request.user.has_perm("humanrights.add_implementationaction")
    form = None
    status = 200
    if may_add:
        form = ImplementationActionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                fields = {
                    name: form.cleaned_data[name]
                    for name in ("taken_on", "description", "taken_by", "evidence", "new_status")
                }
                try:
                    action_record(
                        recommendation=recommendation,
                        acting_user=request.user,
                        fields=fields,
                        activities=form.cleaned_data["activities"],
                    )
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(request, _("The action was recorded."))
                    return redirect("humanrights:recommendation", pk=recommendation.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("You may not record implementation actions."))
    actions = list(recommendation.actions.all())
    return render(
        request,
        "humanrights/recommendation.html",
        {
            "recommendation": recommendation,
            "actions": actions,
            "history": recommendation.status_changes.all(),
            "form": form,
        },
        status=status,
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
@permission_required("humanrights.view_milestone", raise_exception=True)
def milestones(request: HttpRequest) -> HttpResponse:
    """Institution building: the Ombudsman and the school curriculum, planned and achieved."""
    return render(
        request,
        "humanrights/milestones.html",
        {"tracks": milestones_by_track(), "today": timezone.localdate()},
    )


# Monitoring notes ------------------------------------------------------------------------


def _may_see_any_note(user) -> bool:
    return is_human_rights_officer(user) or MonitoringNote.objects.visible_to(user).exists()


def _visible_note_or_404(request: HttpRequest, pk: int) -> MonitoringNote:
    note = (
        MonitoringNote.objects.visible_to(request.user)
        .select_related("region", "author")
        .filter(pk=pk)
        .first()
    )
    if note is None:
        raise Http404("No such note.")
    return note


@require_GET
def note_list(request: HttpRequest) -> HttpResponse:
    """The notes the user may read, searched; 403 for users who may read none."""
    if not _may_see_any_note(request.user):
        raise PermissionDenied(_("Monitoring notes are for human-rights officers."))
    form = NoteSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page = Paginator(notes_for(request.user, text=text), PER_PAGE).get_page(request.GET.get("page"))
    notes_listed(notes=list(page.object_list), reader=request.user)
    return render(
        request,
        "humanrights/note_list.html",
        {
            "page": page,
            "search": form,
            "text": text,
            "is_officer": is_human_rights_officer(request.user),
        },
    )


@require_GET
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One note; the read is logged. Another user's forged id is a 404."""
    note = _visible_note_or_404(request, pk)
    note_read(note=note, reader=request.user)
    is_officer = is_human_rights_officer(request.user)
    return render(
        request,
        "humanrights/note_detail.html",
        {
            "note": note,
            "is_officer": is_officer,
            "shares": note.shares.select_related("user", "shared_by") if is_officer else [],
            "share_form": NoteShareForm() if is_officer else None,
        },
    )


def _note_form_page(request: HttpRequest, note: MonitoringNote | None) -> HttpResponse:
    """The form to write or change a note. A page that shows an existing note (its form, or the
    form shown again after a refused save) is a read, and logged as one."""
    if not is_human_rights_officer(request.user):
        raise PermissionDenied(_("Only human-rights officers write monitoring notes."))
    data = request.POST if request.method == "POST" else None
    # The form fills a copy: the service compares with the note as saved to log what changed.
    form = MonitoringNoteForm(data, instance=copy.copy(note) if note else MonitoringNote())
    if data is not None and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if note is None:
                note = note_create(acting_user=request.user, fields=fields)
            else:
                note = note_update(
                    note=note, acting_user=request.user, fields=fields, opened=form.opened_now
                )
        except ValidationError as error:
            _add_errors(form, error)
        except EditedMeanwhile:
            form.add_error(
                None,
                _(
                    "Someone saved this note at the same moment, so nothing was saved. "
                    "Open it again to see their version."
                ),
            )
        else:
            messages.success(request, _("The note was saved."))
            return redirect("humanrights:note_detail", pk=note.pk)
    if note is not None:
        note_read(note=note, reader=request.user)
    return render(
        request,
        "humanrights/note_form.html",
        {"form": form, "note": note},
        status=400 if data is not None else 200,
    )


@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest) -> HttpResponse:
    return _note_form_page(request, None)


@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = _visible_note_or_404(request, pk)
    return _note_form_page(request, note)


@require_POST
def note_share_view(request: HttpRequest, pk: int) -> HttpResponse:
    note = _visible_note_or_404(request, pk)
    if not is_human_rights_officer(request.user):
        raise PermissionDenied(_("Only human-rights officers share notes."))
    form = NoteShareForm(request.POST)
    if form.is_valid():
        try:
            note_share(note=note, user=form.cleaned_data["user"], acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The note is now shared with %(user)s.") % {"user": form.cleaned_data["user"]},
            )
    else:
        messages.error(request, _("Choose a user to share the note with."))
    return redirect("humanrights:note_detail", pk=note.pk)


@require_GET
def note_log_page(request: HttpRequest) -> HttpResponse:
    """Who read or changed which note, when: for human-rights officers only."""
    if not is_human_rights_officer(request.user):
        raise PermissionDenied(_("The read log is for human-rights officers."))
    page = Paginator(note_log(), 50).get_page(request.GET.get("page"))
    return render(request, "humanrights/note_log.html", {"page": page})
