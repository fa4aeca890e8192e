# ruff: noqa: E501  (the tables below are one line per URL, wider than the code)
"""Who may open which page: the role × route matrix that tests/untop/test_access.py walks.

PORTAL names every URL pattern of the portal ("namespace:name") with the answer each role
gets: anonymous visitors, programme staff (of the Khujand centre), the programme manager,
the human-rights officer and the administrator. A status code, or LOGIN for "sent to the
sign-in page". `record` names the record of `build_records()` whose id fills the URL's
<pk> (its other converters get the values in `kwargs`); `post=True` for routes that only
take POST (sent with an empty form: a refused role must be refused before any form check).

ADMIN names every model registered in the back office with what each role may do there:
"v" view (changelist, change page read-only, history), "a" add, "c" change, "d" delete.
A role without letters is refused (403); programme staff and anonymous visitors never
reach the back office at all (sent to the sign-in page).

A new URL or admin model without an entry fails the test: add its line here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

ROLES = ("anonymous", "staff", "manager", "hr", "administrator")
LOGIN = "login"


@dataclass(frozen=True)
class Expect:
    anonymous: int | str
    staff: int | str
    manager: int | str
    hr: int | str
    administrator: int | str
    record: str | None = None
    post: bool = False
    kwargs: dict = field(default_factory=dict)

    def for_role(self, role: str) -> int | str:
        return getattr(self, role)


def E(*answers, record=None, post=False, **kwargs) -> Expect:  # noqa: N802 - a table helper
    return Expect(*answers, record=record, post=post, kwargs=kwargs)


L = LOGIN
# fmt: off
PORTAL: dict[str, Expect] = {
    #                                   anonymous staff manager hr  administrator
    # accounts
    "home":                           E(L,   302, 302, 302, 302),
    "login":                          E(200, 200, 200, 200, 200),
    "logout":                         E(L,   302, 302, 302, 302, post=True),
    "password_change":                E(L,   200, 200, 200, 200),
    "password_change_done":           E(L,   200, 200, 200, 200),
    "password_reset":                 E(200, 200, 200, 200, 200),
    "password_reset_done":            E(200, 200, 200, 200, 200),
    "password_reset_confirm":         E(200, 200, 200, 200, 200, uidb64="MQ", token="x-x"),
    "password_reset_complete":        E(200, 200, 200, 200, 200),
    "account":                        E(L,   200, 200, 200, 200),
    "two_factor_setup":               E(L,   200, 200, 200, 200),
    "two_factor_verify":              E(L,   302, 302, 302, 302),
    # a set-up link is one user's: any other token is "no longer works"
    "two_factor_enrol":               E(L,   404, 404, 404, 404, token="x"),
    # the matrix's users are new: they may still set up alone, so back to their account
    "two_factor_link_needed":         E(L,   302, 302, 302, 302),
    "recovery_codes":                 E(L,   200, 200, 200, 200),
    # managers and administrators are signed in past the second factor, with an app
    "recovery_codes_new":             E(L,   302, 200, 302, 200),
    "reauthenticate":                 E(L,   200, 200, 200, 200),
    "email_change":                   E(L,   200, 200, 200, 200),
    "health":                         E(200, 200, 200, 200, 200),
    "favicon":                        E(301, 301, 301, 301, 301),
    # programs
    "programs:dashboard":                   E(L, 200, 200, 200, 403),
    "programs:dialogue":                    E(L, 200, 200, 200, 403),
    "programs:activity_list":               E(L, 200, 200, 200, 403),
    "programs:activity_add":                E(L, 200, 200, 403, 403),
    "programs:activity_detail":             E(L, 200, 200, 200, 403, record="activity"),
    "programs:activity_edit":               E(L, 200, 200, 403, 403, record="activity"),
    "programs:evidence_upload":             E(L, 302, 302, 403, 403, record="activity", post=True),
    "programs:activity_submit":             E(L, 302, 302, 403, 403, record="activity", post=True),
    "programs:activity_approve":            E(L, 403, 302, 403, 403, record="activity", post=True),
    "programs:activity_return":             E(L, 403, 302, 403, 403, record="activity", post=True),
    "programs:evidence_download":           E(L, 200, 200, 403, 403, record="evidence"),
    "programs:approvals":                   E(L, 403, 200, 403, 403),
    "programs:quality":                     E(L, 403, 200, 403, 403),
    "programs:comment_post":                E(L, 302, 302, 403, 403, record="activity", post=True),
    # offline entry (programs/offline.py): the service worker and manifest are the same for
    # everyone; to a device whose session ended, the data answers "keep nothing" and the sync
    # 401, not the sign-in page (an empty post has no key: 400); the outbox is for those who
    # enter
    "programs:offline_sw":                  E(200, 200, 200, 200, 200),
    "programs:offline_manifest":            E(200, 200, 200, 200, 200),
    "programs:offline_data":                E(200, 200, 200, 403, 403),
    "programs:offline_sync":                E(401, 400, 400, 403, 403, post=True),
    "programs:offline_outbox":              E(L, 200, 200, 403, 403),
    # a project's results chain: whoever reads the indicators (programs.view_indicator)
    "programs:project_results":            E(L, 200, 200, 200, 200, record="project"),
    "programs:indicators":                 E(L, 200, 200, 200, 200),
    "programs:project_options":            E(L, 200, 200, 200, 200),
    # budgets: whoever reads budget revisions (programs.view_budgetrevision), the managers;
    # the project's page also takes the revision form's post (programs.add_budgetrevision)
    "programs:budgets":                    E(L, 403, 200, 403, 403),
    "programs:project_budget":             E(L, 403, 200, 403, 403, record="project"),
    "programs:iati":                       E(L, 403, 200, 403, 403),
    "programs:iati_download":              E(L, 403, 200, 403, 403),
    # reports
    "reports:list":                         E(L, 403, 200, 403, 403),
    "reports:new":                          E(L, 403, 200, 403, 403, kind="donor"),
    "reports:detail":                       E(L, 403, 200, 403, 403, record="report"),
    "reports:download":                     E(L, 403, 404, 403, 403, record="report"),
    "reports:download_format":              E(L, 403, 404, 403, 403, record="report", file_format="docx"),
    "reports:again":                        E(L, 403, 302, 403, 403, record="report", post=True),
    # The matrix's report has no parameters: its preview and narrative are not found.
    "reports:preview":                      E(L, 403, 404, 403, 403, record="report"),
    "reports:narrative":                    E(L, 403, 404, 403, 403, record="report"),
    # elections
    "elections:election_list":              E(L, 200, 200, 403, 403),
    "elections:election_detail":            E(L, 200, 200, 403, 403, record="election"),
    "elections:milestone_actual":           E(L, 403, 302, 403, 403, record="milestone", post=True),
    "elections:recommendation_follow_up":   E(L, 403, 302, 403, 403, record="election_recommendation", post=True),
    "elections:briefing_list":              E(L, 200, 200, 403, 403),
    "elections:briefing_add":               E(L, 200, 200, 403, 403),
    "elections:briefing_project_options":   E(L, 200, 200, 403, 403),
    "elections:ministry_calendar":          E(L, 200, 200, 403, 403, record="ministry"),
    # training
    "training:session_list":                E(L, 200, 200, 200, 403),
    "training:session_add":                 E(L, 200, 200, 403, 403),
    # the session form's activities, courses and trainers, and the trainees to enrol, searched as one
    # types: those who add sessions or enrolments, and may see trainees by name
    "training:session_activity_options":    E(L, 200, 200, 403, 403),
    "training:course_options":              E(L, 200, 200, 403, 403),
    "training:instructor_options":          E(L, 200, 200, 403, 403),
    "training:trainee_options":             E(L, 200, 200, 403, 403),
    "training:session_detail":              E(L, 200, 200, 200, 403, record="session"),
    "training:session_results":             E(L, 400, 400, 403, 403, record="session", post=True),
    "training:session_enrol":               E(L, 400, 400, 403, 403, record="session", post=True),
    "training:course_list":                 E(L, 200, 200, 200, 200),
    "training:curriculum":                  E(L, 404, 404, 404, 404, record="course"),
    "training:trainee_list":                E(L, 200, 200, 403, 403),
    "training:trainee_add":                 E(L, 200, 200, 403, 403),
    "training:trainee_duplicates":          E(L, 403, 200, 403, 403),
    "training:trainee_detail":              E(L, 200, 200, 403, 403, record="trainee"),
    "training:trainee_edit":                E(L, 200, 200, 403, 403, record="trainee"),
    "training:cascade":                     E(L, 200, 200, 200, 403),
    "training:study_visit_list":            E(L, 200, 200, 200, 403),
    "training:bulletin_list":               E(L, 200, 200, 200, 403),
    "training:certificate":                 E(L, 200, 200, 403, 403, record="enrolment"),
    # humanrights
    "humanrights:tracker":                  E(L, 200, 200, 200, 403),
    "humanrights:recommendation":           E(L, 200, 200, 200, 403, record="hr_recommendation"),
    "humanrights:milestones":               E(L, 200, 200, 200, 403),
    # an action's office activities, searched as one types: those who record actions
    "humanrights:action_activity_options":  E(L, 403, 403, 200, 403),
    "humanrights:note_list":                E(L, 403, 403, 200, 403),
    "humanrights:note_add":                 E(L, 403, 403, 200, 403),
    "humanrights:note_log":                 E(L, 403, 403, 200, 403),
    "humanrights:note_detail":              E(L, 404, 404, 200, 404, record="note"),
    "humanrights:note_edit":                E(L, 404, 404, 200, 404, record="note"),
    "humanrights:note_share":               E(L, 404, 404, 302, 404, record="note", post=True),
    # imports (untop/imports): a job's page is its sender's only; a template, if one may import it
    "imports:index":                        E(L, 200, 200, 200, 200),
    "imports:template":                     E(L, 200, 200, 404, 404, key="activities", extension="xlsx"),
    "imports:job":                          E(L, 200, 404, 404, 404, record="import_job"),
    # every background job's status (untop/job_views.py), here a report's; an import's, its
    # sender's only, and every kind for every role: tests/untop/test_job_status.py
    "jobs:status":                          E(L, 403, 200, 403, 403, record="report", kind="report"),
    # the read-only API (untop/api), here with the session; with tokens: tests/api/. A caller
    # who is not signed in and gives no token is told so (401), never sent to a sign-in page.
    "api:project-list":                     E(401, 200, 200, 200, 200),
    "api:project-detail":                   E(401, 200, 200, 200, 200, record="project"),
    "api:activity-list":                    E(401, 200, 200, 200, 403),
    "api:activity-detail":                  E(401, 200, 200, 200, 403, record="activity"),
    "api:indicator-list":                   E(401, 200, 200, 200, 200),
    "api:indicator-detail":                 E(401, 200, 200, 200, 200, record="indicator"),
    # donors and their money: those who see the money on the dashboard, the managers
    "api:donor-list":                       E(401, 403, 200, 403, 403),
    "api:donor-detail":                     E(401, 403, 200, 403, 403, record="donor"),
    "api:pledge-list":                      E(401, 403, 200, 403, 403),
    "api:pledge-detail":                    E(401, 403, 200, 403, 403, record="pledge"),
    "api:contribution-list":                E(401, 403, 200, 403, 403),
    "api:contribution-detail":              E(401, 403, 200, 403, 403, record="contribution"),
    "api:recommendation-list":              E(401, 200, 200, 200, 403),
    "api:recommendation-detail":            E(401, 200, 200, 200, 403, record="hr_recommendation"),
    "api:schema":                           E(401, 200, 200, 200, 200),
    "api:docs":                             E(L, 200, 200, 200, 200),
    # the account page's token forms: an empty form goes back to the page; a token not one's own is not found
    "api_token_create":                     E(L, 302, 302, 302, 302, post=True),
    "api_token_revoke":                     E(L, 404, 404, 404, 404, post=True),
    # anyone may switch the language (the sign-in page too); an empty form is refused
    "language_set":                   E(400, 400, 400, 400, 400, post=True),
}
# fmt: on

# Where a model's import and export pages answer otherwise than its pages: budget revisions
# are imported (through budget_revise) by those who make them, never added by the form.
IMPORT_LETTERS: dict[str, dict[str, str]] = {
    "programs.budgetrevision": {"manager": "va", "administrator": ""},
}

# What managers and administrators may do in the back office ("v", "a", "c", "d" as above),
# or the five answers (changelist, add, change, delete, history) where they are special: the
# monitoring notes answer 404 to everyone but the human-rights officers, who do not use the
# back office; "-" where the record cannot be made here.
# fmt: off
ADMIN: dict[str, dict[str, str | tuple]] = {
    "auth.group": {"manager": "", "administrator": "v"},
    "axes.accessattempt": {"manager": "", "administrator": "vd"},
    "axes.accesslog": {"manager": "", "administrator": "v"},
    "axes.accessfailurelog": {"manager": "", "administrator": "v"},
    "otp_totp.totpdevice": {"manager": "", "administrator": "vd"},
    "audit.auditentry": {"manager": "v", "administrator": "v"},
    "audit.authevent": {"manager": "", "administrator": "v"},
    "audit.accountevent": {"manager": "", "administrator": "v"},
    "security.singlesignonidentity": {"manager": "", "administrator": "vd"},
    # the job in build_records() is programme staff's: another user's job is "not found" (302)
    "imports.importjob": {"manager": (200, 403, 302, 403, 302), "administrator": (200, 403, 302, 403, 302)},
    "programs.user": {"manager": "", "administrator": "vac"},
    "programs.region": {"manager": "v", "administrator": "vac"},
    "programs.district": {"manager": "v", "administrator": "vac"},
    "programs.centre": {"manager": "v", "administrator": "vac"},
    "programs.mandateperiod": {"manager": "vc", "administrator": "vac"},
    "programs.partner": {"manager": "vac", "administrator": "vac"},
    "programs.donor": {"manager": "vac", "administrator": ""},
    "programs.project": {"manager": "vac", "administrator": "v"},
    "programs.pledge": {"manager": "vacd", "administrator": ""},
    "programs.contribution": {"manager": "vacd", "administrator": ""},
    "programs.expenditure": {"manager": "vacd", "administrator": ""},
    "programs.exchangerate": {"manager": "vac", "administrator": ""},
    # read here, never added or changed: budget_revise makes revisions (its import too)
    "programs.budgetrevision": {"manager": "v", "administrator": ""},
    "programs.participantcategory": {"manager": "v", "administrator": "vac"},
    "programs.ageband": {"manager": "v", "administrator": "vac"},
    "programs.sdgtarget": {"manager": "v", "administrator": "vac"},
    "programs.activity": {"manager": "vacd", "administrator": ""},
    "programs.indicator": {"manager": "vac", "administrator": "v"},
    "programs.outcome": {"manager": "vac", "administrator": "v"},
    "programs.output": {"manager": "vac", "administrator": "v"},
    "reports.report": {"manager": "v", "administrator": ""},
    "reports.signatory": {"manager": "vac", "administrator": ""},
    "elections.election": {"manager": "vacd", "administrator": ""},
    "elections.milestone": {"manager": "vacd", "administrator": ""},
    "elections.needsassessmentmission": {"manager": "vacd", "administrator": ""},
    "elections.recommendation": {"manager": "vacd", "administrator": ""},
    "elections.component": {"manager": "vacd", "administrator": ""},
    "elections.output": {"manager": "vacd", "administrator": ""},
    "elections.delivery": {"manager": "vacd", "administrator": ""},
    "elections.ministry": {"manager": "vacd", "administrator": "vac"},
    "elections.plannedbriefing": {"manager": "vacd", "administrator": ""},
    "elections.briefing": {"manager": "vacd", "administrator": ""},
    "training.course": {"manager": "vacd", "administrator": "v"},
    "training.session": {"manager": "vacd", "administrator": ""},
    "training.trainee": {"manager": "vacd", "administrator": ""},
    "training.enrolment": {"manager": "vacd", "administrator": ""},
    "training.studyvisit": {"manager": "vacd", "administrator": ""},
    "training.bulletinissue": {"manager": "vacd", "administrator": ""},
    "humanrights.mechanism": {"manager": "v", "administrator": "vac"},
    "humanrights.document": {"manager": "v", "administrator": "vac"},
    "humanrights.theme": {"manager": "v", "administrator": "vac"},
    "humanrights.affectedgroup": {"manager": "v", "administrator": "vac"},
    "humanrights.recommendation": {"manager": "v", "administrator": ""},
    "humanrights.implementationaction": {"manager": "v", "administrator": ""},
    "humanrights.milestone": {"manager": "v", "administrator": ""},
    "humanrights.monitoringnote": {"manager": (404, 404, 404, 404, 404), "administrator": (404, 404, 404, 404, 404)},
    "humanrights.notelog": {"manager": (404, 403, 404, 403, 404), "administrator": (404, 403, 404, 403, 404)},
}
# fmt: on


# The back office's own pages (not a model's), for anonymous, staff, manager, hr, administrator.
# A model's import and export pages (django-import-export) follow its ADMIN letters: the import
# page opens with "a", the export page with "v"; "process_import" takes POST only (405).
# fmt: off
ADMIN_SITE: dict[str, Expect] = {
    "index":                          E(L, L, 200, L, 200),
    "login":                          E(200, 200, 302, 200, 302),
    "logout":                         E(L, 302, 302, 302, 302, post=True),
    "password_change":                E(L, L, 200, L, 200),
    "password_change_done":           E(L, L, 200, L, 200),
    "autocomplete":                   E(L, L, 403, L, 403),
    "jsi18n":                         E(L, L, 200, L, 200),
    "view_on_site":                   E(L, L, 404, L, 404, record="content_type_and_activity"),
    # the portal's device admin (untop/security/device_admin.py) has no key or QR code page;
    # administrators e-mail a set-up link from it
    "otp_totp_totpdevice_enrolment_send": E(L, L, 403, L, 200),
    # nobody sets another person's password (programs/user_admin.py): a reset link instead
    "auth_user_password_change":      E(L, L, 403, L, 403, record="staff_user"),
    "programs_user_password_reset":   E(L, L, 403, L, 302, record="staff_user", post=True),
    # pending confidential-role grants: their holders decide (not back-office users), managers of users see them
    "programs_user_role_grants":      E(L, 403, 403, 200, 200),
    "programs_user_dormant":          E(L, L, 403, L, 200),
    "programs_user_access_review":    E(L, L, 403, L, 200),
    "app_list":                       E(L, L, 200, L, 200, app_label="programs"),
}
# fmt: on


def build_records(*, centre, other_centre, staff_user, manager) -> dict[str, object]:
    """One record of each kind the URLs above point at; staff's are in their own centre."""
    from django.core.files.base import ContentFile

    from programs.models import Evidence
    from tests.elections import factories as elections
    from tests.factories import (
        ActivityFactory,
        ContributionFactory,
        ParticipantCountFactory,
        PledgeFactory,
    )
    from tests.humanrights import factories as humanrights
    from tests.training import factories as training
    from untop.reports.models import Report

    activity = ActivityFactory(centre=centre, created_by=staff_user, title="Khujand seminar")
    ParticipantCountFactory(activity=activity)
    # Its project is published to IATI: the manager downloads the office's IATI file.
    type(activity.project).objects.filter(pk=activity.project_id).update(iati_published=True)
    evidence = Evidence(activity=activity, description="Agenda", uploaded_by=staff_user)
    evidence.file.save("agenda.txt", ContentFile(b"agenda"), save=True)
    other_activity = ActivityFactory(centre=other_centre, created_by=manager, title="Khorog")
    pledge = PledgeFactory()
    contribution = ContributionFactory(pledge=pledge)
    # An indicator of the activity's project, for the API's indicator endpoint.
    from programs.models import Indicator

    indicator = Indicator.objects.create(project=activity.project, name="People trained")
    report = Report.objects.create(kind="donor", title="Donor report", requested_by=manager)
    election = elections.ElectionFactory()
    milestone = elections.MilestoneFactory(election=election)
    election_recommendation = elections.RecommendationFactory(
        mission=elections.MissionFactory(election=election)
    )
    component = elections.ComponentFactory(election=election)
    elections.DeliveryFactory(output=elections.OutputFactory(component=component))
    ministry = elections.MinistryFactory()
    elections.PlannedBriefingFactory(ministry=ministry)
    # Drafts: an approved activity settles what hangs on it, read-only in the back office
    # (the rule × write-path matrix tests that).
    elections.BriefingFactory(ministry=ministry, activity__approval="draft")
    session = training.SessionFactory(activity__centre=centre, activity__approval="draft")
    enrolment = training.EnrolmentFactory(session=session, completed=True, attended=True)
    type(enrolment).objects.filter(pk=enrolment.pk).update(
        certificate_number="KHJ-2005-001", certificate_issued_on=datetime.date(2005, 9, 2)
    )
    training.StudyVisitFactory(activity__approval="draft")
    training.BulletinIssueFactory(activity__approval="draft")
    recommendation = humanrights.RecommendationFactory()
    humanrights.ActionFactory(recommendation=recommendation)
    humanrights.MilestoneFactory()
    note = humanrights.NoteFactory()
    from untop.imports.models import ImportJob

    import_job = ImportJob.objects.create(
        importer="activities", original_name="sheet.csv", requested_by=staff_user
    )
    return {
        "activity": activity,
        "project": activity.project,
        "other_activity": other_activity,
        "evidence": evidence,
        "report": report,
        "election": election,
        "milestone": milestone,
        "election_recommendation": election_recommendation,
        "ministry": ministry,
        "session": session,
        "course": session.course,
        "trainee": enrolment.trainee,
        "enrolment": enrolment,
        "hr_recommendation": recommendation,
        "note": note,
        "import_job": import_job,
        "donor": pledge.donor,
        "pledge": pledge,
        "contribution": contribution,
        "indicator": indicator,
    }


def build_admin_records(*, manager, administrator) -> None:
    """A record of each back-office model the portal records above leave empty."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from humanrights.models import AffectedGroup, NoteLog, Theme
    from programs.models import (
        Contribution,
        District,
        Donor,
        Expenditure,
        Indicator,
        MandatePeriod,
        Outcome,
        Output,
        Project,
        Region,
    )
    from untop.audit.models import AuthEvent

    District.objects.create(name_en="Ghafurov", region=Region.objects.first())
    MandatePeriod.objects.get_or_create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31)
    )
    Contribution.objects.create(
        donor=Donor.objects.first(),
        amount=1000,
        amount_usd=1000,
        received_on=datetime.date(2006, 4, 1),
    )
    project = Project.objects.first()
    Expenditure.objects.create(
        project=project,
        category=Expenditure._meta.get_field("category").choices[0][0],
        spent_on=datetime.date(2006, 4, 1),
        amount=500,
    )
    Indicator.objects.create(project=project, name="People trained", unit="people")
    outcome = Outcome.objects.create(project=project, code="1", statement="Rights respected")
    Output.objects.create(outcome=outcome, code="1.1", statement="Officers trained")
    Theme.objects.get_or_create(name="Torture prevention")
    AffectedGroup.objects.get_or_create(name="Detainees")
    NoteLog.objects.create(
        note_number=1, user=manager, action=NoteLog._meta.get_field("action").choices[0][0]
    )
    attempt = {"user_agent": "test", "http_accept": "*/*", "path_info": "/accounts/login/"}
    AccessAttempt.objects.create(
        username="manager", get_data="", post_data="", failures_since_start=1, **attempt
    )
    AccessFailureLog.objects.create(username="manager", **attempt)
    AccessLog.objects.create(username="manager", **attempt)
    TOTPDevice.objects.create(user=administrator, name="Phone", confirmed=True)
    AuthEvent.objects.create(kind=AuthEvent.Kind.SIGNED_IN, user=manager, username="manager")
