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


class NarrativeEditedMeanwhile(Exception):
    """Someone saved the section after this form was opened: nothing was saved."""

    def __init__(self, theirs: NarrativeRevision):
        super().__init__(f"Narrative section saved meanwhile (revision {theirs.pk}).")
        self.theirs = theirs


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
    opened_revision: int | None = None,
) -> NarrativeRevision:
    """Keep a new version of a section's narrative, as a draft or published.

    ``opened_revision`` is the section's latest revision when the form was opened (0 for
    none): if someone saved the section since, NarrativeEditedMeanwhile refuses this save
    (their text is not silently buried under this one). The section's row stays locked
    until the save commits, so two saves of one section are checked one after the other.
    """
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
    if opened_revision is not None:
        Narrative.objects.select_for_update().filter(pk=narrative.pk).first()
        latest = narrative.revisions.order_by("-edited_at", "-id").select_related("edited_by")
        latest = latest.first()
        if (latest.pk if latest else 0) != opened_revision:
            raise NarrativeEditedMeanwhile(latest)
    revision = NarrativeRevision(
        narrative=narrative, text=text, published=publish, edited_by=acting_user
    )
    revision.full_clean()
    revision.save()
    return revision


def latest_narratives(*, kind: str, scope: str, language: str) -> dict[str, NarrativeRevision]:
    """The latest saved version of each section for a report's scope in one language,
    published or draft (the other language's text to start a translation from). One query."""
    latest = {}
    for revision in NarrativeRevision.objects.filter(
        narrative__kind=kind, narrative__scope=scope, narrative__language=language
    ).select_related("narrative", "edited_by"):
        latest.setdefault(revision.narrative.section, revision)  # newest first
    return latest
