"""What the elections app adds to the portal (untop.registry): its page in the main menu, its
report sections and the letter's annex table of missions, its importers, audited and
governed models, and the roles' permissions."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from programs.letter_annex import register_annex_part
from programs.rules import govern
from untop import roles
from untop.audit.registry import register_audited
from untop.figures_cache import register_figure_models
from untop.imports.engine import register_importer
from untop.navigation import NavLink, register_nav_link
from untop.reports.registry import register_report_section

from .models import Briefing, Delivery, Milestone, NeedsAssessmentMission, PlannedBriefing
from .reports import ANNEX_PART, DONOR_SECTION, MANDATE_SECTION
from .resources import IMPORTERS

MODELS = (
    "Election",
    "Milestone",
    "NeedsAssessmentMission",
    "Recommendation",
    "Component",
    "Output",
    "Delivery",
    "Ministry",
    "PlannedBriefing",
    "Briefing",
)

register_nav_link(
    NavLink(
        _("Elections"),
        "elections:election_list",
        "elections.view_election",
        # The briefing pages are reached from the elections page.
        current_for=("elections:",),
        order=45,
    )
)
register_report_section(DONOR_SECTION)
register_report_section(MANDATE_SECTION)
# The letter's annex names the period's needs assessment missions.
register_annex_part(ANNEX_PART)

# The import pages, the background jobs and the back office share these importers.
for _importer in IMPORTERS:
    register_importer(_importer)

for _name in MODELS:
    register_audited(apps.get_model("elections", _name))

# Which of the app's records a locked period, a centre and an approval reach
# (programs/rules.py): the day that places each in a mandate period, and its activity.
# A briefing is its activity's: dated, placed in a centre and settled by it.
govern(Briefing, activity="activity")
# The schedule makes the "held against planned" figure of the letter.
govern(PlannedBriefing, day="day")
# A step of the calendar by the day it happened (none yet: no period holds it).
govern(Milestone, day="actual")
govern(NeedsAssessmentMission, day="start")
# Materials by the day handed out, and by their activity if they have one.
govern(Delivery, day="day", activity="activity")

_NAMES = [name.lower() for name in MODELS]
_VIEW = [f"elections.view_{name}" for name in _NAMES]
_EVERY = [f"elections.{action}_{name}" for name in _NAMES for action in ("add", "change", "delete")]
roles.grant(roles.PROGRAMME_STAFF, *_VIEW, "elections.add_briefing")
roles.grant(roles.PROGRAMME_MANAGER, *_VIEW, *_EVERY)
roles.grant(
    roles.ADMINISTRATOR,
    "elections.view_ministry",
    "elections.add_ministry",
    "elections.change_ministry",
)

# Cached figures sum its records.
register_figure_models("elections")
