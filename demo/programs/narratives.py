"""The demo's published narrative of the 2005–06 letter (S/2006/355), in English and Russian.

The Secretariat's usual wording of each section (programs/letter_defaults.py and each area
app's reports.py), published through the narrative service by the demo manager, so that the
demo's 2005–06 letter says what S/2006/355 says, its figures read from the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from programs.mandate_report import MANDATE_REPORT
from programs.models import MandatePeriod, User
from untop.reports.narratives import narrative_save, published_narratives
from untop.reports.registry import narrative_default, narrative_slots

LETTER_PERIOD_START = datetime.date(2005, 6, 1)
LANGUAGES = ("en", "ru")


def load_letter_narratives(write: Callable[[str], None]) -> None:
    """Publish each section's usual wording for 2005–06; a section whose latest published
    text is already that wording is left alone (running it again saves nothing)."""
    period = MandatePeriod.objects.get(start=LETTER_PERIOD_START)
    manager = User.objects.get(username="manager")
    scope = MANDATE_REPORT.narrative_scope({"period": period.pk})
    worded = 0
    for language in LANGUAGES:
        published = published_narratives(kind=MANDATE_REPORT.code, scope=scope, language=language)
        for slot, _label in narrative_slots(MANDATE_REPORT):
            text = narrative_default(MANDATE_REPORT, slot, language)
            worded += bool(text)
            if text and published.get(slot) != text:
                narrative_save(
                    kind=MANDATE_REPORT,
                    scope=scope,
                    section=slot,
                    language=language,
                    text=text,
                    publish=True,
                    acting_user=manager,
                )
    # The same line on every run (load_demo's output is compared between runs).
    write(
        f"Letter narrative of 2005–06: the Secretariat's usual wording, {worded} sections in "
        "English and Russian, published by the manager."
    )
