"""Seminars, police training and its cascade, study visits and publications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

MODELS = ("Course", "Session", "Trainee", "Enrolment", "StudyVisit", "BulletinIssue")


class TrainingConfig(AppConfig):
    """Seminars, police training and its cascade, study visits and publications."""

    name = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from untop.audit.tracking import track
        from untop.demo import register_demo_loader
        from untop.navigation import NavLink, register_nav_link
        from untop.reports.registry import register_report_section

        from .demo import load_training_demo
        from .reports import DONOR_SECTION, MANDATE_SECTION

        self._grant_roles()
        register_nav_link(
            NavLink(
                _("Training"),
                "training:session_list",
                "training.view_session",
                current_for=("training:",),
                order=50,
            )
        )
        for name in MODELS:
            track(self.get_model(name))
        register_report_section(DONOR_SECTION)
        register_report_section(MANDATE_SECTION)
        register_demo_loader("training", load_training_demo)
        self._register_synthetic()
        self._govern()

    def _govern(self) -> None:
        """Which training records a locked period, a centre and an approval reach
        (programs/rules.py): each is dated and placed by the activity it belongs to, and an
        approved activity settles it (a session's trainers, its enrolments' results) until a
        manager returns the activity to draft. Courses and trainees are not dated."""
        from programs.rules import govern

        govern(self.get_model("Session"), activity="activity")
        govern(self.get_model("Enrolment"), activity="session__activity")
        govern(self.get_model("StudyVisit"), activity="activity")
        govern(self.get_model("BulletinIssue"), activity="activity")

    def _register_synthetic(self) -> None:
        from untop.synthetic import register_synthetic_generator

        from .synthetic import generate_training

        register_synthetic_generator("training", generate_training)

    def _grant_roles(self) -> None:
        from programs import roles

        def perms(actions: str, *models: str) -> list[str]:
            return [
                f"training.{action}_{model.lower()}"
                for model in models
                for action in actions.split()
            ]

        readable = perms("view", "Course", "Session", "StudyVisit", "BulletinIssue")
        staff = (
            readable
            + perms("view add change", "Trainee", "Enrolment")
            + perms("add change", "Session")
        )
        manager = (
            staff
            + perms("add change delete", "Course", "StudyVisit", "BulletinIssue")
            + perms("delete", "Session", "Enrolment", "Trainee")
            + ["training.merge_trainee"]
        )
        roles.grant(roles.PROGRAMME_STAFF, *staff)
        roles.grant(roles.PROGRAMME_MANAGER, *manager)
        # Aggregates only: the human-rights officer and the administrator see no trainee.
        roles.grant(roles.HUMAN_RIGHTS_OFFICER, *readable)
        roles.grant(roles.ADMINISTRATOR, *perms("view", "Course"))
