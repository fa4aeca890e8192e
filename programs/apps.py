from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs) -> None:
    # post_migrate is sent once per app with models, and each app's permissions are created
    # on its own turn: sync once they all exist, on the last such app's turn.
    from django.apps import apps as global_apps

    from .roles import sync_roles

    with_models = [config for config in global_apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        sync_roles()


class ProgramsConfig(AppConfig):
    """The office, its money and its work: centres, donors, projects and activities."""

    name = "programs"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from untop.reports.registry import register_report_kind

        from .mandate_report import MANDATE_REPORT
        from .reports import DONOR_REPORT

        register_report_kind(DONOR_REPORT)
        register_report_kind(MANDATE_REPORT)
        self._register_demo()
        self._register_pages()
        self._track_changes()
        # After every migrate and flush, so that a flushed database gets its roles back.
        post_migrate.connect(_sync_roles, dispatch_uid="programs.sync_roles")
        self._register_synthetic()
        self._govern()

    def _register_demo(self) -> None:
        from untop.demo import register_demo_loader

        from .demo.narratives import load_letter_narratives

        # The 2005–06 letter's published narrative, the Secretariat's usual wording.
        register_demo_loader("letter-narratives", load_letter_narratives)

    def _govern(self) -> None:
        """Which of the app's records a locked period, a centre and an approval reach."""
        from . import models
        from .rules import govern

        govern(models.Activity, activity="")
        govern(models.ParticipantCount, activity="activity")
        govern(models.Evidence, activity="activity")
        govern(models.IndicatorValue, day="period__start")
        govern(models.IndicatorTarget, day="period__start")
        govern(models.Pledge, day="pledged_on")
        govern(models.Contribution, day="received_on")
        govern(models.Expenditure, day="spent_on")

    def _register_synthetic(self) -> None:
        from untop.synthetic import register_synthetic_generator

        from .dashboard import watch_dashboard_data
        from .synthetic import generate_programs

        # The dashboard's cached figures are forgotten whenever programme data changes.
        watch_dashboard_data()
        register_synthetic_generator("programs", generate_programs)

    def _register_pages(self) -> None:
        from untop.navigation import NavLink, register_nav_link

        view = "programs.view_activity"
        register_nav_link(NavLink(_("Dashboard"), "programs:dashboard", view, order=10))
        register_nav_link(NavLink(_("National dialogue"), "programs:dialogue", view, order=20))
        register_nav_link(
            NavLink(
                _("Activities"),
                "programs:activity_list",
                view,
                current_for=("programs:activit", "programs:evidence"),
                order=30,
            )
        )

    def _track_changes(self) -> None:
        from untop.audit.tracking import track

        for name in (
            "Region",
            "District",
            "Centre",
            "MandatePeriod",
            "Partner",
            "Project",
            "Donor",
            "Pledge",
            "Contribution",
            "Expenditure",
            "ParticipantCategory",
            "Activity",
            "ParticipantCount",
            "Evidence",
            "Indicator",
            "IndicatorTarget",
            "IndicatorValue",
        ):
            track(self.get_model(name), exclude=("updated_at",))
        track(self.get_model("User"), exclude=("password", "last_login"))
