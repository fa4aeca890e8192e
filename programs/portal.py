"""What the programs app adds to the portal, discovered by the core (untop.registry).

The back office's write path (the office's rules and the services that keep them), the
donor report and the mandate letter, the pages of the main menu, the importers, the audited
and the governed models, and the roles' permissions on the office's records and its users.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from untop import roles
from untop.admin_base import WritePath, register_write_path
from untop.api.registry import register_endpoint
from untop.audit.registry import register_audited
from untop.figures_cache import register_figure_models
from untop.imports.engine import register_importer
from untop.navigation import NavLink, register_nav_link
from untop.notifications.registry import register_notification_kind
from untop.reports.registry import register_report_kind
from untop.security.ceiling import register_account_ceiling

from . import accounts, api, models, standings, summary
from .figures import waiting_badge
from .invitations import InvitationResource
from .mandate_report import MANDATE_REPORT
from .notifications import KINDS as NOTIFICATION_KINDS
from .reports import DONOR_REPORT
from .resources import IMPORTERS
from .rules import RuleBook, govern
from .services import EditedMeanwhile, record_delete, record_save

# -- the back office writes through the services and keeps the office's rules --------------
register_write_path(
    WritePath(
        # Reading: the back office's pages and forms show what the rules say; the services
        # it saves through check them again, holding the locks, as they write.
        rule_book=lambda user: RuleBook(user, reading=True),
        save=record_save,
        delete=record_delete,
        # The activity service's own check (the back office checks every other record).
        edited_meanwhile=(EditedMeanwhile,),
    )
)

# -- the read-only API (untop.api): this app's endpoints, in its api.py ---------------------
for _endpoint in api.ENDPOINTS:
    register_endpoint(_endpoint)

# -- reports ------------------------------------------------------------------------------
# The back office's second-factor and single sign-on pages meet the user pages' rule.
register_account_ceiling(accounts.ensure_may_manage)

register_report_kind(DONOR_REPORT)
register_report_kind(MANDATE_REPORT)

# -- the main menu --------------------------------------------------------------------------
_VIEW = "programs.view_activity"
register_nav_link(NavLink(_("Dashboard"), "programs:dashboard", _VIEW, order=10))
register_nav_link(NavLink(_("National dialogue"), "programs:dialogue", _VIEW, order=20))
register_nav_link(
    NavLink(
        _("Activities"),
        "programs:activity_list",
        _VIEW,
        current_for=("programs:activit", "programs:evidence"),
        order=30,
    )
)
register_nav_link(
    NavLink(
        _("Approvals"),
        "programs:approvals",
        "programs.approve_activity",
        order=35,
        badge=lambda user: waiting_badge(),
    )
)
register_nav_link(
    NavLink(_("Data quality"), "programs:quality", "programs.approve_activity", order=37)
)
register_nav_link(
    NavLink(
        _("Budgets"),
        "programs:budgets",
        "programs.view_budgetrevision",
        current_for=("programs:budget", "programs:project_budget"),
        order=38,
    )
)
register_nav_link(NavLink(_("IATI"), "programs:iati", "programs.view_budgetrevision", order=39))

# -- the e-mails of the approval work (programs/notifications.py) ---------------------------
for _kind in NOTIFICATION_KINDS:
    register_notification_kind(_kind)

# -- the import pages, the background jobs and the back office share these importers -------
for _importer in IMPORTERS:
    register_importer(_importer)
register_importer(InvitationResource)

# -- the audit trail ------------------------------------------------------------------------
for _name in (
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
    "ExchangeRate",
    "BudgetRevision",
    "BudgetLine",
    "ParticipantCategory",
    "Activity",
    "ParticipantCount",
    "ParticipantGroup",
    "AgeBand",
    "SdgTarget",
    "Evidence",
    "ActivityComment",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "Outcome",
    "Output",
):
    register_audited(apps.get_model("programs", _name), exclude_fields=("updated_at",))
register_audited(models.User, exclude_fields=("password", "last_login"))

# -- which records a locked period, a centre and an approval reach (programs/rules.py) -----
govern(models.Activity, activity="")
govern(models.ParticipantCount, activity="activity")
govern(models.ParticipantGroup, activity="count__activity")
govern(models.Evidence, activity="activity")
govern(models.IndicatorValue, day="period__start")
govern(models.IndicatorTarget, day="period__start")
govern(models.Pledge, day="pledged_on")
govern(models.Contribution, day="received_on")
govern(models.Expenditure, day="spent_on")
govern(models.BudgetRevision, day="made_on")
govern(models.BudgetLine, day="revision__made_on")

# -- the roles' permissions on the office's records and its users --------------------------
_VIEW_REFERENCE = [
    "programs.view_region",
    "programs.view_district",
    "programs.view_centre",
    "programs.view_partner",
    "programs.view_mandateperiod",
    "programs.view_project",
    "programs.view_participantcategory",
    "programs.view_ageband",
    "programs.view_sdgtarget",
    "programs.view_indicator",
    "programs.view_indicatortarget",
    "programs.view_indicatorvalue",
    "programs.view_outcome",
    "programs.view_output",
]
_STAFF = [
    *_VIEW_REFERENCE,
    "programs.view_activity",
    "programs.add_activity",
    "programs.change_activity",
    "programs.view_participantcount",
    "programs.add_participantcount",
    "programs.change_participantcount",
    "programs.delete_participantcount",
    "programs.view_participantgroup",
    "programs.add_participantgroup",
    "programs.change_participantgroup",
    "programs.delete_participantgroup",
    "programs.view_evidence",
    "programs.add_evidence",
    "programs.delete_evidence",
    "programs.view_activitycomment",
    "programs.add_activitycomment",
]
roles.grant(roles.PROGRAMME_STAFF, *_STAFF)
roles.grant(
    roles.PROGRAMME_MANAGER,
    *_STAFF,
    "programs.change_activity_any_centre",
    "programs.approve_activity",
    "programs.delete_activity",
    "programs.view_donor",
    "programs.add_donor",
    "programs.change_donor",
    "programs.view_pledge",
    "programs.add_pledge",
    "programs.change_pledge",
    "programs.delete_pledge",
    "programs.add_project",
    "programs.change_project",
    "programs.view_contribution",
    "programs.add_contribution",
    "programs.change_contribution",
    "programs.delete_contribution",
    "programs.view_expenditure",
    "programs.add_expenditure",
    "programs.change_expenditure",
    "programs.delete_expenditure",
    "programs.view_exchangerate",
    "programs.add_exchangerate",
    "programs.change_exchangerate",
    "programs.view_budgetrevision",
    "programs.add_budgetrevision",
    "programs.view_budgetline",
    "programs.add_partner",
    "programs.change_partner",
    "programs.add_indicator",
    "programs.change_indicator",
    "programs.add_indicatortarget",
    "programs.change_indicatortarget",
    "programs.delete_indicatortarget",
    "programs.add_indicatorvalue",
    "programs.change_indicatorvalue",
    "programs.add_outcome",
    "programs.change_outcome",
    "programs.add_output",
    "programs.change_output",
    "programs.change_mandateperiod",
)
roles.grant(roles.HUMAN_RIGHTS_OFFICER, *_VIEW_REFERENCE, "programs.view_activity")
roles.grant(
    roles.ADMINISTRATOR,
    *_VIEW_REFERENCE,
    "programs.view_user",
    "programs.add_user",
    "programs.change_user",
    "auth.view_group",
    "programs.add_region",
    "programs.change_region",
    "programs.add_district",
    "programs.change_district",
    "programs.add_partner",
    "programs.change_partner",
    "programs.add_mandateperiod",
    "programs.change_mandateperiod",
    "programs.add_ageband",
    "programs.change_ageband",
    "programs.add_sdgtarget",
    "programs.change_sdgtarget",
    "programs.add_centre",
    "programs.change_centre",
    "programs.add_participantcategory",
    "programs.change_participantcategory",
)

# Cached figures are summed again when programme data changes; a user's sign-in, evidence
# files and comments change none.
register_figure_models("programs", except_models=["User", "Evidence", "ActivityComment"])
# The summary rows the figures read follow every save and delete of what they sum, and the
# indicators' standings every save and delete of what they measure.
summary.watch_writes()
standings.watch_writes()
