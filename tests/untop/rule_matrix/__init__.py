"""Which rule each write path keeps: the rule × write-path matrix that
tests/untop/test_rule_matrix.py walks.

The rules are programs/rules.py's. The write paths are found, not listed by hand:

- the back office: every registered model, and every inline. A model the rules reach
  (``governed``) has a maker (makers.py) that makes one of its records at a ``Place``: a
  day inside the locked 2005–06 mandate period, or an approved activity of an open period.
  The walker tries every operation the programme manager may do there (add, change,
  delete, "delete selected", each action, an inline row) and expects the rule's refusal.
  A model no rule reaches is in UNGOVERNED with the reason;
- every importer of the import registry, every public service (a function of an app's
  services.py taking ``acting_user``) and every portal URL that writes: their cases per
  rule, or the reason no rule reaches them, in this package's module of their app
  (programs.py, training.py, elections.py, humanrights.py); the URLs that only read are
  in READ_ONLY_ROUTES;
- every management command of the portal, in COMMANDS.

A model, inline, importer, service, URL or command without an entry fails the test: add its
line here. Programme staff never reach the back office (the role × route matrix), so the
centre rule is proved on the portal's pages, the services and the importers.
"""

from __future__ import annotations

from .core import LOCKED_DAY, OPEN_DAY, Case, Entry, Exempt, Place, Refusal, World
from .elections import _elections_importers, _elections_routes, _elections_services
from .humanrights import _humanrights_importers, _humanrights_routes, _humanrights_services
from .makers import ACTIONS, MAKERS, UNGOVERNED
from .programs import _programs_importers, _programs_routes, _programs_services
from .training import _training_importers, _training_routes, _training_services

__all__ = [
    "ACTIONS",
    "COMMANDS",
    "LOCKED_DAY",
    "MAKERS",
    "OPEN_DAY",
    "READ_ONLY_ROUTES",
    "UNGOVERNED",
    "Case",
    "Entry",
    "Exempt",
    "Place",
    "Refusal",
    "World",
    "importers",
    "routes",
    "services",
]


def services() -> dict[str, Entry | Exempt]:
    """Every public service, by "app.function"."""
    return (
        _programs_services()
        | _training_services()
        | _elections_services()
        | _humanrights_services()
        | {name: Exempt(why) for name, why in CORE_SERVICES.items()}
    )


def importers() -> dict[str, Entry | Exempt]:
    """Every importer of the registry, by key."""
    return (
        _programs_importers()
        | _training_importers()
        | _elections_importers()
        | _humanrights_importers()
    )


def routes() -> dict[str, Entry | Exempt]:
    """Every portal URL that writes, by name; READ_ONLY_ROUTES are the others."""
    return (
        _programs_routes()
        | _training_routes()
        | _elections_routes()
        | _humanrights_routes()
        | {name: Exempt(why) for name, why in OTHER_WRITES.items()}
    )


# Services of the core that write no record the rules reach.
CORE_SERVICES: dict[str, str] = {
    "untop.notifications.notification_preferences_set": (
        "a person's own choice of e-mails: no figure, period or centre"
    ),
    "untop.api.api_token_create": "a person's own API token: no figure, period or centre",
    "untop.api.api_token_revoke": "a person's own API token: no figure, period or centre",
}

OTHER_WRITES: dict[str, str] = {
    "account": "a person's own choice of e-mails (notification_preferences_set)",
    "logout": "a session",
    "password_change": "an account",
    "password_reset": "an account",
    "password_reset_confirm": "an account",
    "two_factor_setup": "an account",
    "two_factor_enrol": "an account",
    "two_factor_verify": "a session",
    "two_factor_link_needed": "a session",
    "recovery_codes": "a session",
    "recovery_codes_new": "an account",
    "reauthenticate": "a session",
    "email_change": "an account",
    "language_set": "a user's language",
    "login": "a session",
    "reports:new": "a report reads the data, never writes it",
    "reports:again": "a report reads the data, never writes it",
    "reports:narrative": "a report's words, not its figures",
    "imports:index": "an import: its rows go through the importer (see importers())",
    "api_token_create": "a person's own API token (api_token_create)",
    "api_token_revoke": "a person's own API token (api_token_revoke)",
}

# Portal URLs that only read.
READ_ONLY_ROUTES: set[str] = {
    "home",
    "password_change_done",
    "password_reset_done",
    "password_reset_complete",
    "health",
    "favicon",
    "programs:dashboard",
    "programs:project_results",
    "programs:indicators",
    "programs:project_options",
    "training:session_activity_options",
    "elections:briefing_project_options",
    "training:course_options",
    "training:instructor_options",
    "training:trainee_options",
    "humanrights:action_activity_options",
    "programs:budgets",
    "programs:iati",
    "programs:iati_download",
    "programs:dialogue",
    "programs:activity_list",
    "programs:quality",
    "programs:offline_sw",
    "programs:offline_manifest",
    "programs:offline_data",
    "programs:offline_outbox",
    "elections:election_list",
    "elections:election_detail",
    "elections:briefing_list",
    "elections:ministry_calendar",
    "humanrights:tracker",
    "humanrights:milestones",
    "humanrights:note_list",
    "humanrights:note_detail",
    "humanrights:note_log",
    "training:session_list",
    "training:session_detail",
    "training:course_list",
    "training:curriculum",
    "training:trainee_list",
    "training:trainee_detail",
    "training:cascade",
    "training:study_visit_list",
    "training:bulletin_list",
    "training:certificate",
    "programs:activity_detail",
    "programs:evidence_download",
    "reports:list",
    "reports:detail",
    "reports:download",
    "reports:download_format",
    "reports:preview",
    "imports:template",
    "imports:job",
    "jobs:status",
    # the read-only API (untop/api): it has no write path
    "api:project-list",
    "api:project-detail",
    "api:activity-list",
    "api:activity-detail",
    "api:indicator-list",
    "api:indicator-detail",
    "api:donor-list",
    "api:donor-detail",
    "api:pledge-list",
    "api:pledge-detail",
    "api:contribution-list",
    "api:contribution-detail",
    "api:recommendation-list",
    "api:recommendation-detail",
    "api:schema",
    "api:docs",
}


# Management commands that write, and why no rule stops them.
COMMANDS: dict[str, str] = {
    "load_demo": (
        "loads the demo data set, its locked periods included: it sets the state the rules "
        "then guard, and saves a record only when a value differs, so a second run changes nothing"
    ),
    "generate_synthetic": "fills the benchmark's own database with generated data",
    "build_report": "reads the data; writes only the report's file",
    "export_iati": "reads the published projects; writes only the IATI file",
    "rebuild_summaries": (
        "sums the figures' summary rows again from the activities as saved; changes no "
        "activity, so no rule of a record applies"
    ),
    "expire_accounts": "accounts, not dated: records expired accounts and ends their sessions",
    "otp_enrolment_send": "accounts, not dated: e-mails a set-up link (deletes a lost phone)",
}
