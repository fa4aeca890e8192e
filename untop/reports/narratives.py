"""Managers' narrative for reports: drafts kept with who wrote them, the latest published used.

A report's figures come from the data; its words come from here. Each save is a revision,
so nothing a manager wrote is lost, and a draft never reaches a PDF until it is published.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from .models import Narrative, NarrativeRevision
from .registry import (
    Placeholder,
    ReportKind,
    narrative_slots,
    report_sections,
    slot_placeholders,
)

MAX_NARRATIVE_LENGTH = 20_000

# A narrative names a figure as {name}; {{ and }} write a brace. Any other brace is unbalanced.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")


def _known_list(placeholders: tuple[Placeholder, ...]) -> str:
    return ", ".join(f"{{{placeholder.name}}}" for placeholder in placeholders)


def narrative_text_errors(text: str, placeholders: tuple[Placeholder, ...]) -> list[str]:
    """What is wrong with a narrative's braces, in words naming each fault; empty when the
    text names only figures its section knows and every other brace is doubled."""
    known = {placeholder.name for placeholder in placeholders}
    errors: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is not None:
            if match.group(1) in known:
                continue
            if placeholders:
                message = gettext_lazy(
                    "%(placeholder)s is not a figure this section knows; it knows: %(known)s."
                ) % {"placeholder": token, "known": _known_list(placeholders)}
            else:
                message = gettext_lazy(
                    "%(placeholder)s is not a figure this section knows; it knows none "
                    "(write {{ and }} for a brace in the text)."
                ) % {"placeholder": token}
        else:
            near = text[max(match.start() - 20, 0) : match.end() + 20].strip()
            message = gettext_lazy(
                "An unmatched “%(brace)s” near “%(near)s”: name a figure as {name}, and write "
                "{{ or }} for a brace in the text."
            ) % {"brace": token, "near": near}
        if str(message) not in map(str, errors):
            errors.append(message)
    return errors


def narrative_fill(
    text: str,
    placeholders: tuple[Placeholder, ...],
    context: dict[str, Any],
    *,
    prose: str = "rounded",
    preview: bool = False,
) -> SafeString:
    """A narrative's text for a report's HTML, escaped, each ``{name}`` replaced by its
    figure as the report prints it (in the active language) and ``{{``, ``}}`` by a brace.

    A text saved before a name was known, or with a stray brace, is printed as written.
    """
    by_name = {placeholder.name: placeholder for placeholder in placeholders}
    parts, position = [], 0
    for match in _TOKEN.finditer(text):
        parts.append(conditional_escape(text[position : match.start()]))
        token, name = match.group(0), match.group(1)
        if token in ("{{", "}}"):
            parts.append(token[0])
        elif name is not None and name in by_name:
            parts.append(by_name[name].html_in(context, prose=prose, preview=preview))
        else:
            parts.append(conditional_escape(token))
        position = match.end()
    parts.append(conditional_escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 (each part escaped)


def placeholder_values(
    *, kind: ReportKind, parameters: dict[str, Any], language: str
) -> dict[str, list[tuple[Placeholder, str]]]:
    """Each slot's figures with their value for this report, as it would print them:
    {slot: [(placeholder, "over 500"), …]}. Builds the report's context (the kind's and each
    area section's), so a fixed number of queries however many narratives were saved."""
    prose = parameters.get("prose") or "rounded"
    values: dict[str, list[tuple[Placeholder, str]]] = {}
    with override(language):
        if kind.placeholders:
            context = kind.build_context(parameters)
            for slot, _label in kind.narrative_slots:
                values[slot] = [
                    (placeholder, placeholder.value_in(context, prose=prose))
                    for placeholder in kind.placeholders
                ]
        for section in report_sections(kind.code):
            if not section.placeholders:
                continue
            context = section.build(parameters)
            values[section.code] = [
                (placeholder, placeholder.value_in(context, prose=prose) if context else "…")
                for placeholder in section.placeholders
            ]
    return values


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

    The text may name the section's figures as ``{name}`` (printed from the data when the
    report is built); a name the section does not know, or an unmatched brace, is refused
    with a ValidationError on ``text`` naming it, and nothing is saved.

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
    # A figure the section does not know, or a stray brace, would print as typed: refused,
    # naming it, on the text itself (the page shows it under the section's box).
    errors = narrative_text_errors(text, slot_placeholders(kind, section))
    if errors:
        raise ValidationError({"text": errors})
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
