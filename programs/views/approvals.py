"""The managers' approval queue: submitted activities by centre and waiting time, approved
several at once or returned one by one with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

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
    page = Paginator(waiting_activities(), QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    # What the approval would refuse (one's own entry, a locked period), said on its row
    # instead of a tick box: the same rules the service applies.
    book = RuleBook(request.user, reading=True)
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
