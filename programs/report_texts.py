"""The texts a report prints from data, and what it would print in English for want of them.

Reports print names the office records in English, Russian and Tajik (``name``, ``name_ru``,
``name_tg``; a project's or a course's ``title``, ``title_ru``, ``title_tg``; the ``localized``
filter picks the report's language, else English). Before a report in Russian is built, its
preview lists each name it would print in English, saying what it is and where to add it; a
Russian final letter is refused while the list is not empty. The area apps (elections,
training) describe their own names with the same messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

# What is missing, said in the report's language (Russian reports: the only ones not in
# English). Each message names the record and where to add the text.
RUSSIAN_MESSAGES = {
    "donor": _("No Russian name for donor %(name)s: add it in the back office."),
    "indicator_name": _(
        "No Russian name for indicator “%(name)s” of project %(code)s: add it in the back office."
    ),
    "indicator_unit": _(
        "No Russian unit for indicator “%(name)s” of project %(code)s: add it in the back office."
    ),
    "category": _(
        "No Russian name for participant category “%(name)s”: add it in the back office."
    ),
    "centre": _("No Russian name for centre %(name)s: add it in the back office."),
    "age_band": _("No Russian name for age band “%(name)s”: add it in the back office."),
    "mission": _(
        "No Russian title for needs assessment mission “%(name)s”: add it in the back office."
    ),
    "election": _("No Russian title for election “%(name)s”: add it in the back office."),
    "output_name": _("No Russian name for output “%(name)s”: add it in the back office."),
    "output_unit": _("No Russian unit for output “%(name)s”: add it in the back office."),
    "partner": _("No Russian name for partner %(name)s: add it in the back office."),
    "course_title": _("No Russian title for course “%(name)s”: add it in the back office."),
    "project_title": _(
        "No Russian title for project %(code)s (%(title)s): add it in the back office."
    ),
    "outcome_statement": _(
        "No Russian statement for outcome %(code)s of project %(project)s (%(name)s): add it "
        "in the back office."
    ),
}
OTHER_LANGUAGE_MESSAGE = _(
    "“%(name)s” has no text in the report's language: add it in the back office."
)


def missing_text(kind: str, language: str, **values: Any) -> str:
    """The message for one record whose text ``kind`` has no ``language`` version."""
    if language == "ru":
        return str(RUSSIAN_MESSAGES[kind] % values)
    return str(OTHER_LANGUAGE_MESSAGE % values)


def untranslated(
    rows: Iterable[Any], field: str, language: str, kind: str, **names: str
) -> list[str]:
    """A message for each row (a record or a ``values()`` dict) whose ``field`` has no text
    in ``language`` though its English one is there; no query.

    ``names`` says which of the row's fields fill the message: ``name="title"`` fills
    ``%(name)s`` with the row's title (by default ``name`` is ``field``); ``code="project.code"``
    reads a related record already loaded.
    """
    if language == "en":
        return []

    def read(row: Any, name: str) -> Any:
        # "project.code": a related record's field, already loaded.
        for part in name.split("."):
            row = row.get(part) if isinstance(row, dict) else getattr(row, part, None)
        return row

    names = {"name": field, **names}
    messages = []
    for row in rows:
        if read(row, field) and not read(row, f"{field}_{language}"):
            values = {key: read(row, source) for key, source in names.items()}
            message = missing_text(kind, language, **values)
            if message not in messages:
                messages.append(message)
    return messages
