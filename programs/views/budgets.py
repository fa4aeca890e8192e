"""Budgets: budget against actual for a mandate period, and a project's budget with its
revisions and the form that revises it (programs/budgets.py is the one write).

Money on these pages is summed only from the stored US$ equivalents; a project's own budget
is shown in its currency too, line by line, never summed across currencies.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..budget_forms import BudgetFilter, BudgetReviseForm
from ..budgets import (
    CATEGORIES,
    BudgetRevisedMeanwhile,
    BudgetRow,
    budget_against_actual,
    budget_by_category,
    budget_revise,
    total_row,
)
from ..models import BudgetLine, BudgetRevision, Expenditure, Project
from ..models.money import MONEY_SUM, ZERO_USD
from ..periods import requested_period


@require_GET
@permission_required("programs.view_budgetrevision", raise_exception=True)
def budget_list(request: HttpRequest) -> HttpResponse:
    """Each project's budget for a mandate period against what it spent in it, in US$, with
    the total and the same by category; filtered by area and donor.

    Queries, however many projects: the mandate periods, the donors of the filter, those of
    `budget_against_actual` (three) and `budget_by_category` (two), and the projects'
    current revisions (one); a bad filter value is shown on its field, with no rows.
    """
    periods, period = requested_period(request)
    filters = BudgetFilter(request.GET, queryset=Project.objects.all())
    rows: list[BudgetRow] = []
    categories: list[BudgetRow] = []
    if period is not None and filters.is_valid():
        projects = filters.qs.running(period.start, period.end)
        rows = budget_against_actual(projects, period.start, period.end)
        categories = budget_by_category(projects, period.start, period.end)
        current = dict(
            BudgetRevision.objects.filter(
                is_current=True, project__in=[row.key for row in rows]
            ).values_list("project_id", "number")
        )
        for row in rows:
            row.extra["revision"] = current.get(row.key)
    return render(
        request,
        "programs/budget_list.html",
        {
            "periods": periods,
            "period": period,
            "filters": filters.form,
            "rows": rows,
            "total": total_row(rows, _("All projects")),
            "categories": categories,
            "category_total": total_row(categories, _("All categories")),
            "over": sum(1 for row in rows if row.over),
        },
    )


# -- a project's budget -----------------------------------------------------------------
def _spent_by_year_and_category(project: Project) -> dict[tuple[int, str], Decimal]:
    """What the project booked, in US$, by calendar year and category (one query)."""
    rows = (
        Expenditure.objects.filter(project=project)
        .order_by()
        .annotate(year=ExtractYear("spent_on"))
        .values("year", "category")
        .annotate(usd=Coalesce(Sum("amount_usd"), ZERO_USD, output_field=MONEY_SUM))
    )
    return {(row["year"], row["category"]): row["usd"] for row in rows}


def _budget_table(
    project: Project, lines: list[BudgetLine], spent: dict[tuple[int, str], Decimal]
) -> dict:
    """The revision's lines by year, each category with its budget (in the currency and in
    US$) beside what was spent (US$), each year's subtotal and the total. A category shows in
    a year when it has a budget or spending."""
    by_cell = {(line.year, line.category): line for line in lines}
    years = sorted(
        {line.year for line in lines}
        | {year for year, _c in spent}
        | set(range(project.start.year, project.end.year + 1))
    )
    table, totals = [], defaultdict(Decimal)
    for year in years:
        items, subtotal = [], defaultdict(Decimal)
        for code, label in CATEGORIES.items():
            line, used = by_cell.get((year, code)), spent.get((year, code), Decimal(0))
            if line is None and not used:
                continue
            item = {
                "category": label,
                "amount": line.amount if line else None,
                "row": BudgetRow(
                    key=(year, code), budget=line.amount_usd if line else Decimal(0), spent=used
                ),
                "rate": line.rate if line else None,
            }
            items.append(item)
            subtotal["amount"] += item["amount"] or 0
            subtotal["budget"] += item["row"].budget
            subtotal["spent"] += used
        if items:
            for key, value in subtotal.items():
                totals[key] += value
            table.append(
                {
                    "year": year,
                    "items": items,
                    "amount": subtotal["amount"],
                    "row": BudgetRow(key=year, budget=subtotal["budget"], spent=subtotal["spent"]),
                }
            )
    return {
        "years": table,
        "amount": totals["amount"],
        "row": BudgetRow(key=None, budget=totals["budget"], spent=totals["spent"]),
    }


def _lines_of(revision: BudgetRevision | None) -> list[BudgetLine]:
    return list(revision.lines.all()) if revision is not None else []


@require_http_methods(["GET", "POST"])
@permission_required("programs.view_budgetrevision", raise_exception=True)
def project_budget(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's budget: the current revision (or ``?revision=<number>``) by year and
    category in its currency and in US$ beside what was spent, the revisions' history, and
    for those who may revise it, the form that does (a grid of the current amounts).

    Queries, however long the budget: the project, its revisions (with who made them), the
    shown revision's lines, the spending by year and category, and on the form the current
    revision's lines when another revision is shown.
    """
    project = get_object_or_404(Project, pk=pk)
    may_revise = request.user.has_perm("programs.add_budgetrevision")
    if request.method == "POST" and not may_revise:
        raise PermissionDenied(_("You may not revise budgets."))
    revisions = list(
        BudgetRevision.objects.filter(project=project).select_related("made_by").order_by("-number")
    )
    current = next((r for r in revisions if r.is_current), None)
    shown = current
    if request.GET.get("revision"):
        shown = next((r for r in revisions if str(r.number) == request.GET["revision"]), None)
        if shown is None:
            raise Http404("No such revision of this budget.")
    shown_lines = _lines_of(shown)
    current_lines = shown_lines if shown is current else _lines_of(current)

    form, meanwhile, status = None, None, 200
    if may_revise:
        if request.method == "POST":
            form = BudgetReviseForm(request.POST, project=project)
            status = 400
            if form.is_valid():
                try:
                    revision = budget_revise(
                        project=project,
                        acting_user=request.user,
                        made_on=form.cleaned_data["made_on"],
                        reason=form.cleaned_data["reason"],
                        lines=form.lines(),
                        based_on=form.cleaned_data["based_on"],
                    )
                except ValidationError as error:
                    form.add_service_errors(error.message_dict)
                except BudgetRevisedMeanwhile as error:
                    theirs = error.current
                    if (
                        theirs is not None
                        and theirs.made_by_id == request.user.pk
                        and form.same_as(theirs, _lines_of(theirs))
                    ):
                        # The same form sent twice (a double click): it was saved once.
                        messages.info(
                            request,
                            _(
                                "Your revision %(number)s of the budget was already saved "
                                "(the form was sent twice); it is shown below."
                            )
                            % {"number": theirs.number},
                        )
                        return redirect("programs:project_budget", pk=project.pk)
                    meanwhile, status = _meanwhile(error, theirs, project, request.POST), 409
                    form = meanwhile["form"]
                else:
                    messages.success(
                        request,
                        _("Revision %(number)s of the budget of %(code)s was saved.")
                        % {"number": revision.number, "code": project.code},
                    )
                    return redirect("programs:project_budget", pk=project.pk)
        else:
            form = BudgetReviseForm(
                initial=BudgetReviseForm.initial_from(
                    current_lines, current.number if current else None
                ),
                project=project,
            )
    spent = _spent_by_year_and_category(project)
    return render(
        request,
        "programs/project_budget.html",
        {
            "project": project,
            "revisions": revisions,
            "current": current,
            "shown": shown,
            "table": _budget_table(project, shown_lines, spent),
            "form": form,
            "meanwhile": meanwhile,
        },
        status=status,
    )


def _meanwhile(error: BudgetRevisedMeanwhile, theirs, project: Project, data) -> dict:
    """Someone else's revision became current: the user's own entries kept in a form that
    now starts from it (so saving again revises theirs), with its totals and author."""
    data = data.copy()
    data["based_on"] = str(theirs.number) if theirs is not None else ""
    form = BudgetReviseForm(data, project=project)
    form.is_valid()  # the user's entries, shown as typed
    return {"message": str(error), "theirs": theirs, "form": form}
