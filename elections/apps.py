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
        register_demo_loader("elections", load_elections_demo)
        self._register_synthetic()
        self._grant()

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
