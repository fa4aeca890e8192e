from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each role may do here. Monitoring notes are granted to the human-rights officers only,
# but the note pages and admin check the group itself, never has_perm alone.
_REFERENCE = ["mechanism", "document", "theme", "affectedgroup"]
_TRACKER = [*_REFERENCE, "recommendation", "implementationaction", "statuschange", "milestone"]


class HumanrightsConfig(AppConfig):
    """UN recommendations and their implementation, institution building, monitoring."""

    name = "humanrights"
    verbose_name = _("Human rights")

    def ready(self) -> None:
        self._grant()
        self._register_pages()
        self._track_changes()
        self._register_report()
        self._register_demo()
        self._register_synthetic()
        self._govern()

    def _govern(self) -> None:
        """Which of the area's records a locked mandate period freezes (programs/rules.py):
        what was done on a recommendation and the status it justified, by the day it was
        done, and a milestone of institution building by the day it was achieved. None of
        them belongs to an activity (actions and milestones link activities, many to many)."""
        from programs.rules import govern

        govern(self.get_model("ImplementationAction"), day="taken_on")
        govern(self.get_model("StatusChange"), day="changed_on")
        govern(self.get_model("Milestone"), day="achieved_on")

    def _register_synthetic(self) -> None:
        from untop.synthetic import register_synthetic_generator

        from .synthetic import generate_humanrights

        register_synthetic_generator("humanrights", generate_humanrights)

    def _grant(self) -> None:
        from programs import roles

        views = [f"humanrights.view_{model}" for model in _TRACKER]
        roles.grant(roles.PROGRAMME_STAFF, *views)
        roles.grant(roles.PROGRAMME_MANAGER, *views)
        roles.grant(
            roles.HUMAN_RIGHTS_OFFICER,
            *views,
            *(
                f"humanrights.{verb}_{model}"
                for model in [*_REFERENCE, "recommendation", "implementationaction", "milestone"]
                for verb in ("add", "change", "delete")
            ),
            *(f"humanrights.{verb}_monitoringnote" for verb in ("view", "add", "change", "delete")),
            "humanrights.view_noteshare",
            "humanrights.add_noteshare",
            "humanrights.delete_noteshare",
            "humanrights.view_notelog",
            "programs.view_partner",
        )
        roles.grant(
            roles.ADMINISTRATOR,
            *(
                f"humanrights.{verb}_{model}"
                for model in _REFERENCE
                for verb in ("view", "add", "change")
            ),
        )

    def _register_pages(self) -> None:
        from untop.navigation import NavLink, register_nav_link

        from .models import is_human_rights_officer

        register_nav_link(
            NavLink(
                _("Human rights"),
                "humanrights:tracker",
                "humanrights.view_recommendation",
                # Institution building is reached from the tracker's page.
                current_for=(
                    "humanrights:tracker",
                    "humanrights:recommendation",
                    "humanrights:milestone",
                ),
                order=60,
            )
        )
        # Shown to officers only, as the pages are: a superuser holds the permission but not
        # the group, and would be shown a link to a page that refuses them.
        register_nav_link(
            NavLink(
                _("Monitoring notes"),
                "humanrights:note_list",
                "humanrights.view_monitoringnote",
                current_for=("humanrights:note",),
                order=62,
                # Only officers hold the permission, but a superuser holds them all: ask the
                # group of superusers only (no query on an officer's pages).
                shown_to=lambda user: not user.is_superuser or is_human_rights_officer(user),
            )
        )

    def _track_changes(self) -> None:
        from untop.audit.tracking import track

        # Not the monitoring notes, their shares or log: the shared audit trail is read by
        # managers and administrators, so the notes keep their own log (NoteLog).
        for name in (
            "Mechanism",
            "Document",
            "Theme",
            "AffectedGroup",
            "Recommendation",
            "ImplementationAction",
            "StatusChange",
            "Milestone",
        ):
            track(self.get_model(name))

    def _register_report(self) -> None:
        from untop.reports.registry import ReportSection, register_report_section

        from .reports import MANDATE_SECTION, donor_section

        register_report_section(
            ReportSection(
                kind="donor",
                code="humanrights",
                title=_("Human rights: UN recommendations and institution building"),
                template_name="humanrights/reports/donor_section.html",
                build=donor_section,
                order=60,
            )
        )
        register_report_section(MANDATE_SECTION)

    def _register_demo(self) -> None:
        from untop.demo import register_demo_loader

        from .demo import load_humanrights_demo

        register_demo_loader("humanrights", load_humanrights_demo)
