"""The records a searchable select offers for what is typed (untop.widgets.SearchableSelect)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from untop.widgets import options_response

from ..forms import ActivityForm
from ..models import Project


@require_GET
@permission_required("programs.view_project", raise_exception=True)
def project_options(request: HttpRequest) -> JsonResponse:
    """Every project whose code or title holds ``?q=``, labelled as the lists' project
    filters label them."""
    field = forms.ModelChoiceField(queryset=Project.objects.only("code", "title").order_by("code"))
    return options_response(request, field)


@require_GET
def activity_project_options(request: HttpRequest) -> JsonResponse:
    """The projects an activity may be entered under (the open ones), as the activity form
    offers and labels them, for those who add or change activities."""
    if not (
        request.user.has_perm("programs.add_activity")
        or request.user.has_perm("programs.change_activity")
    ):
        raise PermissionDenied
    return options_response(request, ActivityForm(user=request.user).fields["project"])
