"""Composable filters and sums over the office's activities and participants."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, F, Func, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.lookups import IContains

from untop.aggregates import subquery_total

if TYPE_CHECKING:
    from .models import User


#: What joins a record's searched fields into the one text a search index holds: the unit
#: separator, a control character no typed search contains, so a text found in the joined
#: fields is a text found in one of them.
SEARCH_SEPARATOR = "\x1f"


class SearchText(Func):
    """A record's searched text fields joined into one, ``a || chr(31) || b …``: one trigram
    index of its upper case (``UPPER((a || chr(31) || b)::text) gin_trgm_ops``, written
    alike in the apps' search migrations) answers ``icontains`` on all the fields at once,
    where an OR of one condition per field makes PostgreSQL read every row. The fields must
    be not null (a null would empty the joined text)."""

    output_field = models.TextField()

    def as_sql(self, compiler, connection, **extra_context):
        separator = "chr(31)" if connection.vendor == "postgresql" else "char(31)"
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, part_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(part_params)
        return "(" + f" || {separator} || ".join(parts) + ")", params


def contains_text(text: str, *fields: str) -> Q:
    """Records one of whose ``fields`` contains ``text``, in any case, as ``icontains`` finds
    it: written as one condition on the fields' SearchText, which their search index answers.
    A text holding the separator itself is looked for field by field."""
    if SEARCH_SEPARATOR in text:
        found = Q()
        for name in fields:
            found |= Q(**{f"{name}__icontains": text})
        return found
    return Q(IContains(SearchText(*fields), text))


#: The activity fields a search reads, in the order of their index (programs 0025).
ACTIVITY_SEARCH_FIELDS = ("title", "narrative")


class ActivityQuerySet(models.QuerySet):
    def held(self) -> ActivityQuerySet:
        """Activities that took place (not planned, not cancelled)."""
        from .rules import HELD

        return self.filter(status=HELD)

    def approved(self) -> ActivityQuerySet:
        """Activities a manager has approved."""
        from .rules import APPROVED

        return self.filter(approval=APPROVED)

    def counted(self) -> ActivityQuerySet:
        """What reports and figures count: held and approved (programs.rules.counted)."""
        from .rules import counted

        return self.filter(counted())

    def in_period(self, start: datetime.date, end: datetime.date) -> ActivityQuerySet:
        """Activities that began within [start, end], both days included."""
        return self.filter(start__gte=start, start__lte=end)

    def search(self, text: str) -> ActivityQuerySet:
        """Activities whose title, narrative or project code contains the text (any case).

        The projects whose code matches are read first (one short query): a condition on a
        joined table inside the OR would make PostgreSQL read every activity, where the
        title and narrative have a trigram index (programs 0025) and the project a B-tree one.
        """
        from .models import Project

        text = text.strip()
        if not text:
            return self
        projects = list(Project.objects.filter(code__icontains=text).values_list("pk", flat=True))
        matches = contains_text(text, *ACTIVITY_SEARCH_FIELDS)
        return self.filter(matches | Q(project__in=projects) if projects else matches)

    def editable_by(self, user: User) -> ActivityQuerySet:
        """Activities the user may change: every centre's, or only their home centre's."""
        from .rules import centre_scope

        if not user.has_perm("programs.change_activity"):
            return self.none()
        scope = centre_scope(user)
        return self if scope is None else self.filter(scope)

    def with_participant_totals(self) -> ActivityQuerySet:
        """Annotate women, men and total participants, summed in SQL.

        Correlated subqueries rather than a join with GROUP BY: the rows stay one per
        activity, so a paginator's COUNT(*) needs no grouping and ignores the sums.
        """
        from .models import ParticipantCount

        def summed(field: str) -> Coalesce:
            rows = ParticipantCount.objects.filter(activity=OuterRef("pk"))
            return subquery_total(rows, "activity", Sum(field))

        return self.annotate(women_total=summed("women"), men_total=summed("men")).annotate(
            participant_total=F("women_total") + F("men_total")
        )

    def with_breakdown_totals(self, bands) -> ActivityQuerySet:
        """Annotate, after ``with_participant_totals``, the people of each age band
        (``band_<id>``), of age not recorded, and with a disability, without, or not recorded
        (programs/models/groups.py): correlated sums of the activity's breakdowns, one row per
        activity still. People of rows without a breakdown are "not recorded"."""
        from .models import Disability, ParticipantGroup

        def summed(**condition) -> Coalesce:
            rows = ParticipantGroup.objects.filter(count__activity=OuterRef("pk"), **condition)
            return subquery_total(rows, "count__activity", Sum("number"))

        banded = {f"band_{band.pk}": summed(age_band=band) for band in bands}
        queryset = self.annotate(
            **banded,
            disability_yes=summed(disability=Disability.YES),
            disability_no=summed(disability=Disability.NO),
        )
        in_bands = sum((F(name) for name in banded), models.Value(0))
        return queryset.annotate(
            age_not_recorded=F("participant_total") - in_bands,
            disability_not_recorded=F("participant_total")
            - F("disability_yes")
            - F("disability_no"),
        )

    def participant_totals(self) -> dict[str, int]:
        """One row of sums: activities, women, men and all participants."""
        from .models import ParticipantCount

        sums = ParticipantCount.objects.filter(activity__in=self.values("id")).totals()
        sums["activities"] = self.aggregate(n=Count("id"))["n"]
        return sums


class ParticipantCountQuerySet(models.QuerySet):
    def totals(self) -> dict[str, int]:
        """Women, men and all participants in these rows, as one SQL aggregate."""
        sums = self.aggregate(
            women=Coalesce(Sum("women"), 0),
            men=Coalesce(Sum("men"), 0),
        )
        sums["total"] = sums["women"] + sums["men"]
        return sums

    def by_category(self) -> models.QuerySet:
        """Women and men per participant category, largest first."""
        return per_category(self)


def per_category(rows: models.QuerySet) -> models.QuerySet:
    """Women and men per participant category of rows with ``category``, ``women`` and
    ``men`` (participant rows, or their monthly summary rows), largest first."""
    return (
        rows.values("category__code", "category__name", "category__name_ru", "category__name_tg")
        .annotate(
            women_count=Sum("women"),
            men_count=Sum("men"),
            total=Sum(F("women") + F("men")),
        )
        .filter(total__gt=0)
        .order_by("-total", "category__name")
    )


class CodeOrTitleSearch(models.QuerySet):
    """``search(text)`` for the short tables of records with a code and a title in each of
    the portal's languages (projects, courses): any of them containing the text, in any case,
    read as they are."""

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(code__icontains=text)
            | Q(title__icontains=text)
            | Q(title_ru__icontains=text)
            | Q(title_tg__icontains=text)
        )


class ProjectQuerySet(CodeOrTitleSearch):
    def running(self, start: datetime.date, end: datetime.date) -> ProjectQuerySet:
        """Projects whose dates meet [start, end]: those that ran in a period."""
        return self.filter(start__lte=end, end__gte=start)
