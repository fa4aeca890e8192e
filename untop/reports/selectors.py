"""Reads of the reports app."""

from django.db.models import QuerySet

from .models import Report


def reports_visible_to(user) -> QuerySet[Report]:
    """Reports a user may see: all of them for those who may request reports, else none."""
    if not user.has_perm("reports.request_report"):
        return Report.objects.none()
    return Report.objects.select_related("requested_by")
