"""The records a searchable select offers for what is typed (untop.widgets.SearchableSelect)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from untop.widgets import options_response

from ..models import Project


@require_GET
@permission_required("programs.view_project", raise_exception=True)
def project_options(request: HttpRequest) -> JsonResponse:
    """Every project whose code or title holds ``?q=``, labelled as the lists' project
    filters label them."""
    field = forms.ModelChoiceField(queryset=Project.objects.only("code", "title").order_by("code"))
    return options_response(request, field)
