"""Composable filters over recommendations, monitoring notes and the notes' log."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from programs.models.geography import read_in_language
from untop.pagination import with_ids


class NamedQuerySet(models.QuerySet):
    """Themes and affected groups (humanrights.models.NamedInThreeLanguages)."""

    def in_reading_order(self) -> NamedQuerySet:
        """In the alphabetical order of the names the reader reads: the filter's choices and a
        recommendation's lists. The back office keeps Meta.ordering's English order."""
        return self.order_by(read_in_language("name"), "pk")


class RecommendationQuerySet(models.QuerySet):
    def search(self, text: str) -> RecommendationQuerySet:
        """Recommendations whose text contains the text, whose paragraph is it, or whose
        document's symbol contains it (any case).

        The recommendations found are read first, as ids, in one short query: those whose
        text or paragraph matches (the recommendations' trigram index, humanrights 0004),
        joined to those of the documents whose symbol matches. The tracker asks for their
        figures, overdue follow-ups, reach and page, and each of those queries then reads
        them by id instead of searching every recommendation again.
        """
        from .models import Recommendation

        text = text.strip()
        if not text:
            return self
        by_text = Recommendation.objects.filter(Q(text__icontains=text) | Q(paragraph__iexact=text))
        by_document = Recommendation.objects.filter(document__symbol__icontains=text)
        found = (
            by_text.order_by()
            .values_list("pk", flat=True)
            .union(by_document.order_by().values_list("pk", flat=True))
        )
        return with_ids(self, list(found))

    def open(self) -> RecommendationQuerySet:
        """Recommendations not yet implemented."""
        return self.exclude(status="implemented")

    def overdue(self, today: datetime.date) -> RecommendationQuerySet:
        """Open recommendations whose follow-up date has passed (`overdue_condition`)."""
        return self.filter(overdue_condition(today))


def overdue_condition(today: datetime.date) -> Q:
    """The rule of an overdue follow-up, in one place: the recommendation is not implemented
    and its follow-up date has passed. The tracker filters by it, counts by it and flags its
    rows by it."""
    return ~Q(status="implemented") & Q(follow_up_due__lt=today)


class MonitoringNoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> MonitoringNoteQuerySet:
        """The notes a user may see: all for a human-rights officer, else those shared with them.

        Deliberately not ``has_perm``: superusers, managers and administrators see nothing
        unless they are human-rights officers or were given the note.
        """
        from .models import is_human_rights_officer

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if is_human_rights_officer(user):
            return self
        return self.filter(shares__user=user)

    def search(self, text: str) -> MonitoringNoteQuerySet:
        """Notes whose topic, summary, sources or advice contains the text."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(topic__icontains=text)
            | Q(summary__icontains=text)
            | Q(sources__icontains=text)
            | Q(advice__icontains=text)
        )


class NoteLogQuerySet(models.QuerySet):
    def reads(self) -> NoteLogQuerySet:
        """Only the reads (portal and back office)."""
        return self.filter(action__in=["read", "read_admin"])
