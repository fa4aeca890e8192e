"""The office's IATI activity file: the page that lists which projects are published, and
the download, offered only when the file validates against the IATI 2.03 schema.

Both read money (budgets, pledges, contributions, expenditures), so both ask the right to
read budget revisions, the managers'.
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from untop.exports import export_filename

from ..iati import OFFICE_NAME, iati_file, reporting_org_ref
from ..models import Project

PERMISSION = "programs.view_budgetrevision"


# The projects not published are listed up to this many (the office publishes the few its
# donors ask for; a long list of the rest grew with the office's record): the rest are
# counted, and found in the back office's list of projects not published.
UNPUBLISHED_LISTED = 50
FIELDS = ("pk", "code", "title", "title_ru", "title_tg", "status", "iati_published")


def _page(request: HttpRequest, problems: list[str], *, status: int = 200) -> HttpResponse:
    projects = Project.objects.order_by("code").only(*FIELDS)
    unpublished = projects.filter(iati_published=False)
    listed = list(unpublished[:UNPUBLISHED_LISTED])
    count = unpublished.count()
    return render(
        request,
        "programs/iati.html",
        {
            "published": list(projects.filter(iati_published=True)),
            "unpublished": listed,
            "unpublished_count": count,
            "unpublished_more": count - len(listed),
            "unpublished_url": reverse("admin:programs_project_changelist")
            + "?iati_published__exact=0",
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

    Queries: the projects published, the first of those not and their count (three), and
    those of building the file (programs/iati.py)."""
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
