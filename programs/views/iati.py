"""The office's IATI activity file: the page that lists which projects are published, and
the download, offered only when the file validates against the IATI 2.03 schema.

Both read money (budgets, pledges, contributions, expenditures), so both ask the right to
read budget revisions, the managers'.
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from untop.exports import export_filename

from ..iati import OFFICE_NAME, iati_file, reporting_org_ref
from ..models import Project

PERMISSION = "programs.view_budgetrevision"


def _page(request: HttpRequest, problems: list[str], *, status: int = 200) -> HttpResponse:
    projects = list(
        Project.objects.order_by("code").only(
            "pk", "code", "title", "title_ru", "title_tg", "status", "iati_published"
        )
    )
    return render(
        request,
        "programs/iati.html",
        {
            "published": [project for project in projects if project.iati_published],
            "unpublished": [project for project in projects if not project.iati_published],
            "problems": problems,
            "reporting_org": reporting_org_ref(),
            "office_name": OFFICE_NAME,
        },
        status=status,
    )


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def iati_page(request: HttpRequest) -> HttpResponse:
    """Which projects the file publishes and which it does not, and the download button, or
    what makes the file invalid, project by project.

    Queries: the projects (one), and those of building the file (programs/iati.py)."""
    _content, problems = iati_file()
    return _page(request, problems)


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def iati_download(request: HttpRequest) -> HttpResponse:
    """The file, checked against the schema first: an invalid one is refused (409) with the
    page naming what is wrong, and no file."""
    content, problems = iati_file()
    if problems:
        return _page(request, problems, status=409)
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename("iati-activities", "xml")}"'
    )
    return response
