"""Reads of the human-rights area: the tracker's figures, a recommendation, the milestones.

Every figure is an SQL aggregate; participants are counted from the office's activities
(held and approved), each activity once however many actions it is linked to.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils.timesince import timesince

from programs.models import Activity, Partner
from programs.models.geography import name_in_language, read_in_language
from untop.aggregates import subquery_total

from .models import (
    AffectedGroup,
    ImplementationAction,
    Milestone,
    MonitoringNote,
    NoteLog,
    Recommendation,
    RecommendationStatus,
    StatusChange,
    Theme,
)
from .querysets import overdue_condition

STATUSES = [(value, label) for value, label in RecommendationStatus.choices]


def _status_counts() -> dict[str, Count]:
    counts = {
        value: Count("id", filter=Q(status=value)) for value, _ in RecommendationStatus.choices
    }
    counts["total"] = Count("id")
    return counts


def tracker_recommendations(
    recommendations: QuerySet, *, today: datetime.date | None = None
) -> QuerySet:
    """The tracker's rows: each recommendation with its document, mechanism and last action,
    and, given ``today``, whether its follow-up is overdue (``is_overdue``).

    The actions are counted per row by a subquery rather than a join grouped over every
    recommendation: PostgreSQL works them out for the page's rows only, after sorting, and
    the rows stay one per recommendation."""
    actions = ImplementationAction.objects.filter(recommendation=OuterRef("pk")).order_by()
    if today is not None:
        recommendations = recommendations.annotate(
            is_overdue=ExpressionWrapper(overdue_condition(today), output_field=BooleanField())
        )
    return (
        recommendations.select_related("document__mechanism")
        .prefetch_related("themes")
        .annotate(
            action_count=subquery_total(actions, "recommendation"),
            last_action=Subquery(
                actions.values("recommendation").annotate(last=Max("taken_on")).values("last"),
                output_field=DateField(),
            ),
        )
        .order_by("document__mechanism__code", "document__symbol", "id")
    )


def tracker_progress(recommendations: QuerySet, *, today: datetime.date) -> dict[str, Any]:
    """How many recommendations are at each status and how many are overdue on ``today``
    (``overdue``), overall and per mechanism, and how many each document has
    (``by_document``: (document id, count), in the tracker's order), in one query.

    The counts are the documents' added up: every recommendation comes from one document,
    and every document from one mechanism."""
    counts = _status_counts()
    counts["overdue"] = Count("id", filter=overdue_condition(today))
    documents = (
        recommendations.order_by()
        .values("document_id", "document__mechanism__code", "document__symbol")
        .annotate(**counts)
        .order_by("document__mechanism__code", "document__symbol")
    )
    by_document, by_mechanism = [], {}
    for document in documents:
        by_document.append((document["document_id"], document["total"]))
        code = document["document__mechanism__code"]
        summed = by_mechanism.setdefault(
            code, {"document__mechanism__code": code} | dict.fromkeys(counts, 0)
        )
        for name in counts:
            summed[name] += document[name]
    rows = list(by_mechanism.values())
    overall = {name: sum(row[name] for row in rows) for name in counts}
    for row in [overall, *rows]:
        done = row[RecommendationStatus.IMPLEMENTED] + row[RecommendationStatus.PARTIAL]
        row["share_acted_on"] = (
            round(100 * (row["total"] - row["not_started"]) / row["total"]) if row["total"] else 0
        )
        row["done"] = done
        row["statuses"] = [(value, label, row[value]) for value, label in STATUSES]
    return {"overall": overall, "by_mechanism": rows, "by_document": by_document}


@dataclass(frozen=True, slots=True)
class TrackerRow:
    """A recommendation as a row of the tracker shows it, each value worked out once.

    The template language reads a model's value slowly: each dotted name is tried as a key
    before an attribute, each choice's label is a method call, each overdue date's distance
    a filter. Rendering the page's 25 rows and 20 overdue follow-ups took 11 ms of processor
    time at scale 1; read ready from these rows, 7 ms (building them costs 1.5 ms more)."""

    pk: int
    mechanism: str
    symbol: str
    reference: str
    paragraph: str
    text: str
    status: str
    status_label: str
    priority_label: str
    follow_up_due: datetime.date | None
    is_overdue: bool
    themes: str = ""
    sdg_targets: tuple[tuple[str, str], ...] = ()
    action_count: int = 0
    last_action: datetime.date | None = None
    #: How long ago the follow-up was due ("3 months"), for an overdue follow-up.
    overdue_for: str = ""


def _row(recommendation: Recommendation, **values: Any) -> TrackerRow:
    document = recommendation.document
    return TrackerRow(
        pk=recommendation.pk,
        mechanism=document.mechanism.code,
        symbol=document.symbol,
        reference=recommendation.reference,
        paragraph=recommendation.paragraph,
        text=recommendation.text,
        status=recommendation.status,
        status_label=recommendation.get_status_display(),
        priority_label=recommendation.get_priority_display(),
        follow_up_due=recommendation.follow_up_due,
        **values,
    )


def tracker_rows(recommendations) -> list[TrackerRow]:
    """The tracker's rows (`tracker_recommendations`, one page of them), each with its
    themes (by name, in the reader's language and order) and SDG targets (by code, with the
    target's words): two more queries."""
    page = list(recommendations)
    themes: dict[int, list[str]] = {row.pk: [] for row in page}
    targets: dict[int, list[tuple[str, str]]] = {row.pk: [] for row in page}
    if page:
        links = Recommendation.themes.through.objects.filter(recommendation_id__in=themes)
        for pk, *names in links.order_by(read_in_language("theme__name"), "theme_id").values_list(
            "recommendation_id", "theme__name", "theme__name_ru", "theme__name_tg"
        ):
            themes[pk].append(name_in_language(*names))
        links = Recommendation.sdg_targets.through.objects.filter(recommendation_id__in=targets)
        for link in links.select_related("sdgtarget").order_by("sdgtarget__code"):
            targets[link.recommendation_id].append((link.sdgtarget.code, str(link.sdgtarget)))
    return [
        _row(
            row,
            is_overdue=row.is_overdue,
            themes=", ".join(themes[row.pk]),
            sdg_targets=tuple(targets[row.pk]),
            action_count=row.action_count,
            last_action=row.last_action,
        )
        for row in page
    ]


def overdue_rows(recommendations, *, today: datetime.date) -> list[TrackerRow]:
    """The overdue follow-ups shown (`overdue_follow_ups`, sliced), each with how long ago
    its follow-up was due."""
    return [
        _row(row, is_overdue=True, overdue_for=timesince(row.follow_up_due, today))
        for row in recommendations
    ]


class RowsByDocument:
    """The tracker's rows (``rows``, in its order: mechanism, document, recommendation) for a
    paginator, each page read through the documents it covers (``by_document`` of
    `tracker_progress`): PostgreSQL then sorts those documents' recommendations only.
    Sorting all of them for each page made a page's time grow with the recommendations of
    the first mechanism (15 ms for page 1 of 50,000)."""

    def __init__(self, rows: QuerySet, by_document: list[tuple[int, int]]):
        self.rows = rows
        self.by_document = by_document

    def count(self) -> int:
        return sum(count for _, count in self.by_document)

    def __getitem__(self, part: slice) -> QuerySet:
        start, stop = part.start or 0, part.stop
        documents, skipped, position = [], 0, 0
        for document, count in self.by_document:
            end = position + count
            if position >= stop:
                break
            if end > start:  # some of its rows are on the page
                if not documents:
                    skipped = start - position
                documents.append(document)
            position = end
        if not documents:
            return self.rows.none()
        return self.rows.filter(document_id__in=documents)[skipped : skipped + stop - start]


def overdue_follow_ups(recommendations: QuerySet, *, today: datetime.date) -> QuerySet:
    """Open recommendations whose follow-up date has passed, the longest overdue first."""
    return (
        recommendations.overdue(today)
        .select_related("document__mechanism")
        .order_by("follow_up_due", "id")
    )


#: The projects the tracker names in its reach table, those that reached most people first;
#: the others are summed in one row.
REACH_PROJECTS_SHOWN = 20


def recommendations_reach(recommendations: QuerySet) -> dict[str, int]:
    """Participants of the counted office activities linked to these recommendations' actions:
    in all, and for the REACH_PROJECTS_SHOWN projects that reached most (``by_project``), the
    rest in ``other_projects`` (None when there is no other): the projects past those, and
    those whose linked activities recorded no one.

    One query, summed per project; the totals are the projects' sums added up, as each
    activity belongs to one project. (Three queries over the same activities, the totals and
    the count apart, took three times as long for a search finding thousands.)
    """
    activities = Activity.objects.counted().filter(
        hr_actions__recommendation__in=recommendations.order_by().values("id")
    )
    # Each project's title in every language: the figures are cached for all readers, and
    # the page names the project in its reader's (untop.reports' ``localized``).
    titles = ("title", "title_ru", "title_tg")
    rows = [
        {
            "activity__project__code": row.pop("project__code"),
            **{f"activity__project__{name}": row.pop(f"project__{name}") for name in titles},
            **row,
        }
        for row in Activity.objects.filter(id__in=activities.values("id"))
        .values("project__code", *(f"project__{name}" for name in titles))
        .annotate(
            women_count=Coalesce(Sum("participants__women"), 0),
            men_count=Coalesce(Sum("participants__men"), 0),
            total=Coalesce(Sum(F("participants__women") + F("participants__men")), 0),
            activities=Count("id", distinct=True),
        )
        .order_by("-total", "project__code")
    ]

    def summed(rows: list[dict]) -> dict[str, int]:
        return {
            name: sum(row[name] for row in rows)
            for name in ("activities", "women_count", "men_count", "total")
        }

    everything = summed(rows)
    sums: dict = {
        "women": everything["women_count"],
        "men": everything["men_count"],
        "total": everything["total"],
        "activities": everything["activities"],
        # The projects whose activities had participants, those that reached most first.
        "by_project": [row for row in rows if row["total"]][:REACH_PROJECTS_SHOWN],
        "other_projects": None,
    }
    # The rest (those that reached fewer, or no one): the table's rows add up to the totals.
    rest = rows[len(sums["by_project"]) :]
    if rest:
        sums["other_projects"] = summed(rest)
    return sums


def _activities_with_totals() -> QuerySet:
    return (
        Activity.objects.select_related("project", "centre")
        .with_participant_totals()
        .order_by("start", "id")
    )


def recommendation_detail(pk: int) -> Recommendation:
    """One recommendation with everything its page shows, in a fixed number of queries."""
    return (
        Recommendation.objects.select_related("document__mechanism")
        .prefetch_related(
            # In the reader's language and its alphabetical order (the page's lists).
            Prefetch("themes", queryset=Theme.objects.in_reading_order()),
            Prefetch("affected_groups", queryset=AffectedGroup.objects.in_reading_order()),
            Prefetch("institutions", queryset=Partner.objects.order_by(read_in_language("name"))),
            Prefetch(
                "actions",
                queryset=ImplementationAction.objects.select_related("recorded_by")
                .prefetch_related(Prefetch("activities", queryset=_activities_with_totals()))
                .order_by("-taken_on", "-id"),
            ),
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.select_related("changed_by", "action"),
            ),
        )
        .get(pk=pk)
    )


def milestones_by_track() -> list[dict[str, Any]]:
    """Each institution-building track with its milestones and their linked activities."""
    milestones = (
        Milestone.objects.select_related("region")
        .prefetch_related(Prefetch("activities", queryset=_activities_with_totals()))
        .order_by("track", "planned_on", "region__name_en", "id")
    )
    tracks = {
        value: {"code": value, "label": label, "milestones": []}
        for value, label in Milestone.Track.choices
    }
    for milestone in milestones:
        tracks[milestone.track]["milestones"].append(milestone)
    for track in tracks.values():
        track["achieved"] = sum(1 for m in track["milestones"] if m.is_achieved)
    return list(tracks.values())


def notes_for(user, *, text: str = "") -> QuerySet:
    """The monitoring notes a user may see, searched; never anything else."""
    return (
        MonitoringNote.objects.visible_to(user)
        .search(text)
        .select_related("region", "author")
        .order_by("-observed_on", "-id")
    )


def note_log() -> QuerySet:
    """The notes' log, newest first, with who did it."""
    return NoteLog.objects.select_related("user").order_by("-at", "-id")
