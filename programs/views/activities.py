"""Activity pages: the filtered list and its export, an activity, its form, approval, evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from untop.exports import query_without_page, requested_export, requested_hxl
from untop.navigation import back_to
from untop.pagination import (
    SEARCH_COUNTED_UP_TO,
    KeysetPaginator,
    cached_count,
    found_up_to,
    with_ids,
)
from untop.uploads import DISK_FULL_MESSAGE, DiskFull

from ..figures import cached_participant_totals
from ..filters import ActivityFilter, activity_export
from ..forms import ActivityForm, EvidenceForm, ParticipantFormSet
from ..models import (
    Activity,
    AgeBand,
    Disability,
    Evidence,
    ParticipantCount,
    ParticipantGroup,
    Sex,
)
from ..models.geography import read_in_language
from ..models.groups import AGE_NOT_RECORDED
from ..rules import Rule, RuleBook
from ..services import (
    COMMENT_MAX,
    RETURN_REASON_MAX,
    EditedMeanwhile,
    activity_approve,
    activity_create,
    activity_return_to_draft,
    activity_submit,
    activity_update,
    comment_add,
    evidence_add,
)
from . import conflicts

ACTIVITIES_PER_PAGE = 25
#: The activity page's breakdown columns, as in the form's grid.
DISABILITY_COLUMNS = (Disability.YES, Disability.NO, Disability.NOT_RECORDED)
#: Newest first; the index activity_start_id serves it (and the pages' keyset).
ACTIVITY_ORDER = ("-start", "-id")


def _listed():
    """The activities as the list shows them: with their project, centre and participants."""
    return (
        Activity.objects.select_related("project", "centre")
        .with_participant_totals()
        .order_by(*ACTIVITY_ORDER)
    )


def _filtered(request: HttpRequest) -> ActivityFilter:
    """The activity list's filters, over every centre's activities (all staff may read them)."""
    return ActivityFilter(request.GET, queryset=_listed(), request=request)


@require_GET
@permission_required("programs.view_activity", raise_exception=True)
def activity_list(request: HttpRequest) -> HttpResponse:
    filters = _filtered(request)
    activities = filters.qs
    if kind := requested_export(request):
        bands = list(AgeBand.objects.all())
        return activity_export(bands).response(
            kind,
            activities.with_breakdown_totals(bands),
            user=request.user,
            hxl=requested_hxl(request),
        )
    # A page starts after the last row of the one before it (untop.pagination): the far
    # pages cost what the first does. The count, like the totals, is read once per filter
    # and kept in the figures cache until the data changes, so paging does not count again.
    # A search is counted no further than SEARCH_COUNTED_UP_TO: a word found in a third of
    # the activities is said to find more than that, and its participants are not summed.
    # Without a search, the rows of a filter are read in the list's order from the index
    # that leads with the filter's column and ends with the start (programs.models.Activity):
    # sorting every row of a centre to show its newest 25 would read them all.
    # What a search finds is read once, as ids (untop.pagination.found_up_to): their number
    # is its count, and when it is counted, the page and the sums read those activities by
    # id rather than searching every activity again, as the tracker reads the
    # recommendations it finds.
    searching = bool(filters.value("q"))
    up_to = SEARCH_COUNTED_UP_TO if searching else None
    if searching:
        found = found_up_to("programs:activity-search", activities, up_to)
        if len(found) <= up_to:
            activities = with_ids(_listed(), found)

        def count() -> int:
            return len(found)

    else:

        def count() -> int:
            return cached_count("programs:activity-count", activities)

    paginator = KeysetPaginator(
        activities,
        ACTIVITIES_PER_PAGE,
        ordering=ACTIVITY_ORDER,
        count=count,
        counted_up_to=up_to,
        sort_matches=searching,
    )
    page = paginator.page(request.GET)
    category = filters.value("category")
    participants = None
    if not paginator.more_than:
        counts = ParticipantCount.objects.filter(activity__in=activities.values("pk"))
        if category:
            counts = counts.filter(category=category)
        # A sum over every filtered activity: cached until the data changes.
        participants = cached_participant_totals(counts)
    return render(
        request,
        "programs/activity_list.html",
        {
            "page": page,
            "filters": filters.form,
            "participants": participants,
            "category": category,
            "query": query_without_page(request),
            "may_add": request.user.has_perm("programs.add_activity"),
        },
    )


@require_GET
@permission_required("programs.view_activity", raise_exception=True)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related(
            "project", "centre", "district__region", "created_by", "approved_by"
        ),
        pk=pk,
    )
    # Each row's breakdown by age and disability comes with the rows, in one more query; the
    # totals are summed from the rows read, not asked of the database again.
    participants = list(
        activity.participants.select_related("category").prefetch_related(
            Prefetch("groups", queryset=ParticipantGroup.objects.select_related("age_band"))
        )
    )
    for count in participants:
        count.breakdown = _breakdown(count.groups.all())
    women, men = sum(c.women for c in participants), sum(c.men for c in participants)
    book = RuleBook(request.user, reading=True)
    may_write = (
        request.user.has_perm("programs.change_activity")
        and book.centre(activity.centre_id) is None
    )
    # What keeps it as it is (a locked period, an approval): no button the rules would refuse,
    # and the reason said instead.
    protection = book.protection(activity, as_loaded=True)
    locked = any(v.rule is Rule.PERIOD_LOCKED for v in protection)
    may_approve = request.user.has_perm("programs.approve_activity") and not locked
    return render(
        request,
        "programs/activity_detail.html",
        {
            "activity": activity,
            "participants": participants,
            "totals": {"women": women, "men": men, "total": women + men},
            "breakdowns": [count for count in participants if count.breakdown],
            "partners": activity.partners.order_by(read_in_language("name")),
            "evidence": activity.evidence.select_related("uploaded_by"),
            "evidence_form": EvidenceForm() if may_write and not protection else None,
            "may_edit": may_write and not protection,
            "may_submit": may_write and not locked and activity.approval == "draft",
            "protection": protection[0].message if protection and may_write else "",
            "may_approve": may_approve and activity.approval == Activity.Approval.SUBMITTED,
            "may_return": may_approve and activity.approval != Activity.Approval.DRAFT,
            "reason_max": RETURN_REASON_MAX,
            "comments": activity.comments.select_related("author"),
            "may_comment": request.user.has_perm("programs.add_activitycomment"),
            "comment_max": COMMENT_MAX,
        },
    )


def _breakdown(groups) -> list[dict]:
    """A row's breakdown as the activity page shows it: the women, then the men, each with a
    line per age band that has any of them (in the bands' order, "age not recorded" last)
    giving how many were with a disability, without, and not recorded (None: no one). No
    groups, nothing to show."""
    sections = []
    for sex in (Sex.WOMEN, Sex.MEN):
        lines: dict = {}
        ordered = sorted(
            (g for g in groups if g.sex == sex),
            key=lambda g: (g.age_band is None, g.age_band.min_age if g.age_band else 0),
        )
        for group in ordered:
            line = lines.setdefault(
                group.age_band_id, {"label": group.age_band or AGE_NOT_RECORDED, "numbers": {}}
            )
            line["numbers"][group.disability] = group.number
        if lines:
            sections.append(
                {
                    "sex": sex.label,
                    "lines": [
                        {
                            "label": line["label"],
                            "numbers": [line["numbers"].get(d) for d in DISABILITY_COLUMNS],
                        }
                        for line in lines.values()
                    ],
                }
            )
    return sections


def _participants_from(formset) -> list[dict]:
    """The rows to save, each with its breakdown grid as groups (an empty grid removes a
    saved breakdown: the grid showed it, so emptying it was the user's choice)."""
    return [
        {
            **{key: form.cleaned_data[key] for key in ("category", "women", "men")},
            "groups": form.groups,
        }
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and form.cleaned_data.get("category")
    ]


def activity_form_arguments(user, form: ActivityForm, formset) -> dict:
    """What the activity form and its participant rows give the services, as keywords."""
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "partners"}
    return {
        "acting_user": user,
        "fields": fields,
        "participants": _participants_from(formset),
        "partners": form.cleaned_data["partners"],
    }


def save_activity_form(
    user, form: ActivityForm, arguments: dict, *, activity, submit: bool, before_update=None
) -> tuple[Activity, str]:
    """Save a valid activity form through the services, as the form page and the offline
    outbox (programs/offline.py) both do: added or changed and, with ``submit``, sent to the
    managers in the same step, or nothing at all (a refused submission saves nothing).
    Returns the activity and what to tell the user; raises what the services raise."""
    with transaction.atomic():
        if activity is None:
            saved = activity_create(**arguments)
            done = _("Activity “%(title)s” was added as a draft.")
        else:
            if before_update is not None:
                before_update()
            saved = activity_update(
                activity=activity, version=form.cleaned_data["version"], **arguments
            )
            done = _("Activity “%(title)s” was saved.")
        if submit:
            saved = activity_submit(activity=saved, acting_user=user)
            done = _("Activity “%(title)s” was saved and sent to the managers.")
    return saved, done


def _activity_form_page(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    instance = activity or Activity()
    data = request.POST if request.method == "POST" else None
    # The activity as saved now, before the form writes the user's values into it: what
    # "take theirs" takes, after someone else's save.
    theirs = conflicts.Version(activity) if activity is not None else None
    form = ActivityForm(data, instance=instance, user=request.user)
    formset = ParticipantFormSet(data, instance=instance, prefix="participants")
    conflict = None
    if data is not None and form.is_valid() and formset.is_valid():
        arguments = activity_form_arguments(request.user, form, formset)
        try:
            saved, done = save_activity_form(
                request.user,
                form,
                arguments,
                activity=activity,
                submit="save_and_submit" in request.POST,
                before_update=lambda: theirs.take(request.POST.getlist("take_theirs"), arguments),
            )
            activity = saved
            messages.success(request, done % {"title": activity.title})
        except ValidationError as error:
            form.add_error(None, error)
        except EditedMeanwhile as meanwhile:
            conflict = conflicts.Conflict(
                theirs=conflicts.Version(meanwhile.saved), mine=arguments, form=form
            )
            form = conflict.form_at_their_version(request.POST, user=request.user)
        else:
            return redirect("programs:activity_detail", pk=activity.pk)
    return render(
        request,
        "programs/activity_form.html",
        {"form": form, "formset": formset, "activity": activity, "conflict": conflict},
        status=(409 if conflict else 400) if data is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("programs.add_activity", raise_exception=True)
def activity_add(request: HttpRequest) -> HttpResponse:
    return _activity_form_page(request, None)


def _editable_activity(request: HttpRequest, pk: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("project"), pk=pk)
    book = RuleBook(request.user)
    book.enforce(book.centre(activity.centre_id))
    return activity


#: The header a device sends when it fetches a page to keep a copy of it for offline entry
#: (static/js/offline-store.js), not to show it: nobody reads what that answer says.
OFFLINE_COPY_HEADER = "X-Untop-Offline-Copy"


def is_offline_copy(request: HttpRequest) -> bool:
    return request.headers.get(OFFLINE_COPY_HEADER) == "1"


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_activity", raise_exception=True)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _editable_activity(request, pk)
    # A locked period or an approval keeps it as it is: the page says why, and the way out.
    # A device keeping a copy of the page (an activity approved since it listed the page)
    # is only sent away: the message would wait for the user's next page, where it would
    # say out of nowhere that an activity is settled, or push out the message of what they
    # just did (an approval's "now counts in reports").
    for violation in RuleBook(request.user, reading=True).protection(activity)[:1]:
        if not is_offline_copy(request):
            messages.error(request, violation.message)
        return redirect("programs:activity_detail", pk=activity.pk)
    return _activity_form_page(request, activity)


TRANSITIONS = {
    "submit": (activity_submit, _("“%(title)s” was sent to the managers for approval.")),
    "approve": (activity_approve, _("“%(title)s” is approved and now counts in reports.")),
    "return": (activity_return_to_draft, _("“%(title)s” was returned to its centre as a draft.")),
}


@require_POST
@permission_required("programs.view_activity", raise_exception=True)
def activity_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    service, message = TRANSITIONS[action]
    arguments = {"reason": request.POST.get("reason", "")} if action == "return" else {}
    try:
        service(activity=activity, acting_user=request.user, **arguments)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message % {"title": activity.title})
    return redirect(back_to(request, reverse("programs:activity_detail", args=[activity.pk])))


@require_POST
@permission_required("programs.add_activitycomment", raise_exception=True)
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    try:
        comment_add(activity=activity, acting_user=request.user, text=request.POST.get("text"))
    except ValidationError as error:
        messages.error(
            request,
            _("The comment was not added: %(problems)s") % {"problems": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("Your comment was added."))
    return redirect(reverse("programs:activity_detail", args=[activity.pk]) + "#comments")


@require_POST
@permission_required("programs.add_evidence", raise_exception=True)
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _editable_activity(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, _("The file was not added: %(problems)s") % {"problems": problems})
        return redirect("programs:activity_detail", pk=activity.pk)
    try:
        evidence_add(
            activity=activity,
            acting_user=request.user,
            file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
    except DiskFull:
        messages.error(request, DISK_FULL_MESSAGE)
    except ValidationError as error:
        messages.error(
            request,
            _("The file was not added: %(problems)s") % {"problems": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The file was added."))
    return redirect("programs:activity_detail", pk=activity.pk)


@require_GET
@permission_required("programs.view_evidence", raise_exception=True)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence, pk=pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True)
