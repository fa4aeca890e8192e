"""What the human-rights app adds to the portal (untop.registry): its pages in the main menu,
its report sections, importers, audited and governed models, the monitoring notes withheld
from every export, and the roles' permissions."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from programs.rules import govern
from untop import roles
from untop.api.registry import register_endpoint
from untop.audit.registry import register_audited
from untop.exports import withhold
from untop.figures_cache import register_figure_models
from untop.imports.engine import register_importer
from untop.navigation import NavLink, register_nav_link
from untop.reports.registry import ReportSection, register_report_section

from . import api
from .models import (
    ImplementationAction,
    Milestone,
    MonitoringNote,
    NoteLog,
    NoteShare,
    StatusChange,
    is_human_rights_officer,
)
from .reports import MANDATE_SECTION, donor_section
from .resources import IMPORTERS

# -- the main menu --------------------------------------------------------------------------
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
# Shown to officers only, as the pages are: a superuser holds the permission but not the
# group, and would be shown a link to a page that refuses them.
register_nav_link(
    NavLink(
        _("Monitoring notes"),
        "humanrights:note_list",
        "humanrights.view_monitoringnote",
        current_for=("humanrights:note",),
        order=62,
        # Only officers hold the permission, but a superuser holds them all: ask the group of
        # superusers only (no query on an officer's pages).
        shown_to=lambda user: not user.is_superuser or is_human_rights_officer(user),
    )
)

# -- the read-only API (untop.api): this app's endpoints, in its api.py ---------------------
for _endpoint in api.ENDPOINTS:
    register_endpoint(_endpoint)

# -- reports --------------------------------------------------------------------------------
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

# The import pages, the background jobs and the back office share these importers.
for _importer in IMPORTERS:
    register_importer(_importer)

# -- the audit trail ------------------------------------------------------------------------
# Not the monitoring notes, their shares or log: the shared audit trail is read by managers
# and administrators, so the notes keep their own log (NoteLog).
for _name in (
    "Mechanism",
    "Document",
    "Theme",
    "AffectedGroup",
    "Recommendation",
    "ImplementationAction",
    "StatusChange",
    "Milestone",
):
    register_audited(apps.get_model("humanrights", _name))

# Which of the area's records a locked mandate period freezes (programs/rules.py): what was
# done on a recommendation and the status it justified, by the day it was done, and a
# milestone of institution building by the day it was achieved. None of them belongs to an
# activity (actions and milestones link activities, many to many).
govern(ImplementationAction, day="taken_on")
govern(StatusChange, day="changed_on")
govern(Milestone, day="achieved_on")

# Monitoring notes are confidential: no list's export carries them, whoever asks.
for _confidential in (MonitoringNote, NoteShare, NoteLog):
    withhold(_confidential, reason="monitoring notes are confidential and never exported")

# -- the roles' permissions -----------------------------------------------------------------
# Monitoring notes are granted to the human-rights officers only, but the note pages and
# admin check the group itself, never has_perm alone.
_REFERENCE = ["mechanism", "document", "theme", "affectedgroup"]
_TRACKER = [*_REFERENCE, "recommendation", "implementationaction", "statuschange", "milestone"]
_VIEWS = [f"humanrights.view_{model}" for model in _TRACKER]
roles.grant(roles.PROGRAMME_STAFF, *_VIEWS)
roles.grant(roles.PROGRAMME_MANAGER, *_VIEWS)
roles.grant(
    roles.HUMAN_RIGHTS_OFFICER,
    *_VIEWS,
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
    *(f"humanrights.{verb}_{model}" for model in _REFERENCE for verb in ("view", "add", "change")),
)

# Cached figures sum its records, but for the confidential notes, their shares and log.
register_figure_models("humanrights", except_models=["MonitoringNote", "NoteShare", "NoteLog"])
