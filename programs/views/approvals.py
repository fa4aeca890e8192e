"""The managers' approval queue: submitted activities by centre and waiting time, approved
several at once or returned one by one with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from untop.figures_cache import cached_figures

from ..models import Activity
from ..rules import RuleBook
from ..services import RETURN_REASON_MAX, activities_approve

#: Enough for a month's submissions of the eight centres on one page.
QUEUE_PER_PAGE = 100


def waiting_activities():
    """Submitted activities, oldest submission first within each centre."""
    return (
        Activity.objects.filter(approval=Activity.Approval.SUBMITTED)
        .select_related("centre", "project", "created_by")
        .with_participant_totals()
        .order_by("centre__name", "submitted_at", "id")
    )


def queue_page(number) -> tuple[Page, dict[int, int]]:
    """A page of the queue (``waiting_activities``' order: by centre name, then oldest
    submission), and how many wait at each centre, by centre id.

    Sorting every waiting activity by its centre's name to show a hundred read all those of
    the first centres, and summed the participants of every row a later page skips (a large
    office's queue of 100,000 took 66 ms for page 1). Here the centres and their counts come
    first, from the index of waiting activities (``activity_waiting``), kept in the figures
    cache until the data changes; then the ids of the page's activities, each centre's read
    in that index's order no further than the page; then those activities, with their
    participants. Three queries, two with the counts cached, however many wait.
    """
    centres = cached_figures(
        "programs:queue-centres",
        lambda: list(
            Activity.objects.filter(approval=Activity.Approval.SUBMITTED)
            .values("centre_id", "centre__name")
            .annotate(waiting=Count("pk"))
            .order_by("centre__name", "centre_id")
        ),
    )
    counts = {centre["centre_id"]: centre["waiting"] for centre in centres}
    page = Paginator(range(sum(counts.values())), QUEUE_PER_PAGE).get_page(number)
    ids = _page_ids(centres, page) if counts else []
    page.object_list = list(waiting_activities().filter(pk__in=ids)) if ids else []
    return page, counts


def _page_ids(centres: list[dict], page: Page) -> list[int]:
    """The ids of the page's activities: of each centre it covers (``centres``: their ids
    and counts, in the queue's order) the slice that falls on the page, oldest submission
    first, in one query (a UNION ALL of the slices). SQLite takes no LIMIT in the parts of
    a compound query: there, the slice of the whole queue in its order (the embedded
    database of a small office)."""
    first, last = page.start_index() - 1, page.end_index()
    waiting = Activity.objects.filter(approval=Activity.Approval.SUBMITTED)
    if not connection.features.supports_slicing_ordering_in_compound:
        ordered = waiting.filter(centre_id__in=[centre["centre_id"] for centre in centres])
        ordered = ordered.order_by("centre__name", "submitted_at", "id")
        return list(ordered.values_list("pk", flat=True)[first:last])
    before, parts = 0, []
    for centre in centres:
        low, high = max(first - before, 0), min(last - before, centre["waiting"])
        if low < high:
            parts.append(
                waiting.filter(centre_id=centre["centre_id"])
                .order_by("submitted_at", "id")
                .values_list("pk", flat=True)[low:high]
            )
        before += centre["waiting"]
    return list(parts[0].union(*parts[1:], all=True))


@require_http_methods(["GET", "POST"])
@permission_required("programs.approve_activity", raise_exception=True)
def approval_queue(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        chosen = Activity.objects.filter(
            approval=Activity.Approval.SUBMITTED,
            pk__in=[pk for pk in request.POST.getlist("activity") if pk.isdigit()],
        ).order_by("pk")
        if not request.POST.getlist("activity"):
            messages.error(request, _("Tick the activities to approve first."))
            return redirect("programs:approvals")
        approved, refused = activities_approve(activities=chosen, acting_user=request.user)
        if approved:
            messages.success(
                request,
                ngettext(
                    "%(count)d activity approved: it now counts in reports.",
                    "%(count)d activities approved: they now count in reports.",
                    len(approved),
                )
                % {"count": len(approved)},
            )
        for activity, reason in refused:
            messages.warning(
                request,
                _("“%(title)s” was not approved: %(reason)s")
                % {"title": activity.title, "reason": reason},
            )
        # Ticked but no longer waiting: approved or returned by someone else meanwhile.
        gone = len(set(request.POST.getlist("activity"))) - len(approved) - len(refused)
        if gone > 0:
            messages.info(
                request,
                ngettext(
                    "%(count)d ticked activity was no longer waiting: another manager dealt "
                    "with it meanwhile.",
                    "%(count)d ticked activities were no longer waiting: another manager dealt "
                    "with them meanwhile.",
                    gone,
                )
                % {"count": gone},
            )
        return redirect("programs:approvals")
    page, waiting = queue_page(request.GET.get("page"))
    now = timezone.now()
    # What the approval would refuse (one's own entry, a locked period), said on its row
    # instead of a tick box: the same rules the service applies.
    book = RuleBook(request.user, reading=True)
    for activity in page.object_list:
        activity.centre.waiting = waiting[activity.centre_id]
    rows = [
        {
            "activity": activity,
            "waiting_days": (now - activity.submitted_at).days if activity.submitted_at else None,
            "refusal": book.approval(activity) or book.period(activity.start),
        }
        for activity in page.object_list
    ]
    return render(
        request,
        "programs/approvals.html",
        {"page": page, "rows": rows, "reason_max": RETURN_REASON_MAX},
    )
