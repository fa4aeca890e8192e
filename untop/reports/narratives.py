"""Managers' narrative for reports: drafts kept with who wrote them, the latest published used.

A report's figures come from the data; its words come from here. Each save is a revision,
so nothing a manager wrote is lost, and a draft never reaches a PDF until it is published.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy

from .models import Narrative, NarrativeRevision
from .registry import ReportKind, narrative_slots

MAX_NARRATIVE_LENGTH = 20_000


def published_narratives(*, kind: str, scope: str, language: str) -> dict[str, str]:
    """The latest published text of each section for a report's scope. One query."""
    latest = NarrativeRevision.objects.filter(narrative=OuterRef("pk"), published=True).order_by(
        "-edited_at", "-id"
    )
    rows = (
        Narrative.objects.filter(kind=kind, scope=scope, language=language)
        .annotate(text=Subquery(latest.values("text")[:1]))
        .values_list("section", "text")
    )
    return {section: text for section, text in rows if text}


def narrative_revisions(*, kind: str, scope: str, language: str) -> QuerySet[NarrativeRevision]:
    """Every saved version for a report's scope, newest first, with who wrote it."""
    return NarrativeRevision.objects.filter(
        narrative__kind=kind, narrative__scope=scope, narrative__language=language
    ).select_related("narrative", "edited_by")


@transaction.atomic
def narrative_save(
    *,
    kind: ReportKind,
    scope: str,
    section: str,
    language: str,
    text: str,
    publish: bool,
    acting_user,
) -> NarrativeRevision:
    """Keep a new version of a section's narrative, as a draft or published."""
    if section not in dict(narrative_slots(kind)):
        raise ValidationError(
            gettext_lazy("The %(lower)s has no section %(section)s.")
            % {"lower": kind.label.lower(), "section": repr(section)}
        )
    text = text.strip()
    if len(text) > MAX_NARRATIVE_LENGTH:
        raise ValidationError(
            gettext_lazy("A narrative may have at most %(limit)s characters.")
            % {"limit": format(MAX_NARRATIVE_LENGTH, ",")}
        )
    narrative, _ = Narrative.objects.get_or_create(
        kind=kind.code, scope=scope, section=section, language=language
    )
    revision = NarrativeRevision(
        narrative=narrative, text=text, published=publish, edited_by=acting_user
    )
    revision.full_clean()
    revision.save()
    return revision
