"""What the training app adds to the portal (untop.registry): its page in the main menu, its
report sections, importers, audited and governed models, the trainees' data withheld from
exports, and the roles' permissions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from programs.rules import govern
from untop import roles
from untop.audit.registry import register_audited
from untop.exports import withhold
from untop.figures_cache import register_figure_models
from untop.imports.engine import register_importer
from untop.navigation import NavLink, register_nav_link
from untop.reports.registry import register_report_section

from .filters import VIEW_TRAINEE
from .models import BulletinIssue, Course, Enrolment, Session, StudyVisit, Trainee
from .reports import DONOR_SECTION, MANDATE_SECTION
from .resources import IMPORTERS

register_nav_link(
    NavLink(
        _("Training"),
        "training:session_list",
        "training.view_session",
        current_for=("training:",),
        order=50,
    )
)
register_report_section(DONOR_SECTION)
register_report_section(MANDATE_SECTION)

# The import pages, the background jobs and the back office share these importers.
for _importer in IMPORTERS:
    register_importer(_importer)

for _model in (Course, Session, Trainee, Enrolment, StudyVisit, BulletinIssue):
    register_audited(_model)

# Which training records a locked period, a centre and an approval reach (programs/rules.py):
# each is dated and placed by the activity it belongs to, and an approved activity settles
# it (a session's trainers, its enrolments' results) until a manager returns the activity to
# draft. Courses and trainees are not dated.
govern(Session, activity="activity")
govern(Enrolment, activity="session__activity")
govern(StudyVisit, activity="activity")
govern(BulletinIssue, activity="activity")

# Trainees' personal data leave the portal only to users who may see trainees.
withhold(
    Trainee,
    reason="trainees' personal data go only to users who may see trainees",
    unless_permission=VIEW_TRAINEE,
)
withhold(
    Enrolment,
    reason="a trainee's attendance and scores go only to users who may see trainees",
    unless_permission=VIEW_TRAINEE,
)


def _perms(actions: str, *models: str) -> list[str]:
    return [f"training.{action}_{model.lower()}" for model in models for action in actions.split()]


_READABLE = _perms("view", "Course", "Session", "StudyVisit", "BulletinIssue")
_STAFF = (
    _READABLE + _perms("view add change", "Trainee", "Enrolment") + _perms("add change", "Session")
)
_MANAGER = (
    _STAFF
    + _perms("add change delete", "Course", "StudyVisit", "BulletinIssue")
    + _perms("delete", "Session", "Enrolment", "Trainee")
    + ["training.merge_trainee"]
)
roles.grant(roles.PROGRAMME_STAFF, *_STAFF)
roles.grant(roles.PROGRAMME_MANAGER, *_MANAGER)
# Aggregates only: the human-rights officer and the administrator see no trainee.
roles.grant(roles.HUMAN_RIGHTS_OFFICER, *_READABLE)
roles.grant(roles.ADMINISTRATOR, *_perms("view", "Course"))

# Cached figures sum its records.
register_figure_models("training")
