from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    """Electoral assistance and government–media relations."""

    name = "elections"
    verbose_name = _("Elections assistance")

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

    def ready(self) -> None:
        from untop.audit.tracking import track
        from untop.demo import register_demo_loader
        from untop.navigation import NavLink, register_nav_link
        from untop.reports.registry import register_report_section

        from .demo import load_elections_demo
        from .reports import DONOR_SECTION, MANDATE_SECTION

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
        for name in self.MODELS:
            track(self.get_model(name))
        register_report_section(DONOR_SECTION)
        register_report_section(MANDATE_SECTION)
        # The letter's annex names the period's needs assessment missions.
        from programs.letter_annex import register_annex_part

        from .reports import ANNEX_PART

        register_annex_part(ANNEX_PART)
        register_demo_loader("elections", load_elections_demo)
        self._register_synthetic()
        self._grant()
        self._govern()

    def _govern(self) -> None:
        """Which of the app's records a locked period, a centre and an approval reach
        (programs/rules.py): the day that places each in a mandate period, and its activity."""
        from programs.rules import govern

        # A briefing is its activity's: dated, placed in a centre and settled by it.
        govern(self.get_model("Briefing"), activity="activity")
        # The schedule makes the "held against planned" figure of the letter.
        govern(self.get_model("PlannedBriefing"), day="day")
        # A step of the calendar by the day it happened (none yet: no period holds it).
        govern(self.get_model("Milestone"), day="actual")
        govern(self.get_model("NeedsAssessmentMission"), day="start")
        # Materials by the day handed out, and by their activity if they have one.
        govern(self.get_model("Delivery"), day="day", activity="activity")

    def _grant(self) -> None:
        from programs import roles

        names = [name.lower() for name in self.MODELS]
        view = [f"elections.view_{name}" for name in names]
        every = [
            f"elections.{action}_{name}" for name in names for action in ("add", "change", "delete")
        ]
        roles.grant(roles.PROGRAMME_STAFF, *view, "elections.add_briefing")
        roles.grant(roles.PROGRAMME_MANAGER, *view, *every)
        roles.grant(
            roles.ADMINISTRATOR,
            "elections.view_ministry",
            "elections.add_ministry",
            "elections.change_ministry",
        )

    def _register_synthetic(self) -> None:
        from untop.synthetic import register_synthetic_generator

        from .synthetic import generate_elections

        register_synthetic_generator("elections", generate_elections)
