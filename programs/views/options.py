"""The records a searchable select offers for what is typed (untop.widgets.SearchableSelect)."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from ..models import Project

#: Records offered for one search: the select lists the first of them, in code order.
OPTIONS_OFFERED = 20


@require_GET
@permission_required("programs.view_project", raise_exception=True)
def project_options(request: HttpRequest) -> JsonResponse:
    """Projects whose code or title contains ``?q=`` (any case), labelled as the lists'
    project filters label them: ``{"results": [{"value": "12", "text": "ND-1 …"}]}``, in
    Tom Select's own names."""
    text = request.GET.get("q", "").strip()[:100]
    projects = Project.objects.only("code", "title").order_by("code")
    if text:
        projects = projects.filter(Q(code__icontains=text) | Q(title__icontains=text))
    return JsonResponse(
        {
            "results": [
                {"value": str(project.pk), "text": str(project)}
                for project in projects[:OPTIONS_OFFERED]
            ]
        }
    )
