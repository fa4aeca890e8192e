"""The portal's roles: each is a group with a set of permissions.

Migration 0002 creates the groups; after every `migrate` (and every `flush`) the post_migrate
handler in apps.py brings them up to date with this file, so a permission added here, or by
a later app's migration, reaches its role without a hand-written data migration.
"""

from __future__ import annotations

from django.apps import apps as global_apps

PROGRAMME_STAFF = "Programme staff"
PROGRAMME_MANAGER = "Programme manager"
HUMAN_RIGHTS_OFFICER = "Human-rights officer"
ADMINISTRATOR = "Administrator"

#: Roles that open confidential records: a grant takes effect only once a second person,
#: holding the role (or a superuser), confirms it (programs/accounts.py).
CONFIDENTIAL_ROLES = frozenset({HUMAN_RIGHTS_OFFICER})
#: The roles an administrator manages: those below them. Only a superuser makes an
#: administrator, and superusers are made with `createsuperuser` alone.
MANAGED_BY_ADMINISTRATORS = (PROGRAMME_STAFF, PROGRAMME_MANAGER, HUMAN_RIGHTS_OFFICER)
#: Roles that open the back office (the user is "staff" in Django's sense).
BACK_OFFICE_ROLES = frozenset({PROGRAMME_MANAGER, ADMINISTRATOR})
#: Roles whose holders work for one centre: their home centre is required.
CENTRE_ROLES = frozenset({PROGRAMME_STAFF})

_VIEW_REFERENCE = [
    "programs.view_region",
    "programs.view_district",
    "programs.view_centre",
    "programs.view_partner",
    "programs.view_mandateperiod",
    "programs.view_project",
    "programs.view_participantcategory",
    "programs.view_indicator",
    "programs.view_indicatortarget",
    "programs.view_indicatorvalue",
]
_STAFF = _VIEW_REFERENCE + [
    "programs.view_activity",
    "programs.add_activity",
    "programs.change_activity",
    "programs.view_participantcount",
    "programs.add_participantcount",
    "programs.change_participantcount",
    "programs.delete_participantcount",
    "programs.view_evidence",
    "programs.add_evidence",
    "programs.delete_evidence",
    # Import page (untop/imports); each kind of records still needs its own "add" permission.
    "imports.add_importjob",
    "imports.view_importjob",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    PROGRAMME_STAFF: _STAFF,
    PROGRAMME_MANAGER: _STAFF
    + [
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
        "programs.add_partner",
        "programs.change_partner",
        "programs.add_indicator",
        "programs.change_indicator",
        "programs.add_indicatortarget",
        "programs.change_indicatortarget",
        "programs.delete_indicatortarget",
        "programs.add_indicatorvalue",
        "programs.change_indicatorvalue",
        "programs.change_mandateperiod",
        "reports.view_report",
        "reports.request_report",
        "reports.view_signatory",
        "reports.add_signatory",
        "reports.change_signatory",
        "audit.view_auditentry",
    ],
    HUMAN_RIGHTS_OFFICER: _VIEW_REFERENCE
    + ["programs.view_activity", "imports.add_importjob", "imports.view_importjob"],
    ADMINISTRATOR: _VIEW_REFERENCE
    + [
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
        "programs.add_centre",
        "programs.change_centre",
        "programs.add_participantcategory",
        "programs.change_participantcategory",
        "audit.view_auditentry",
        "audit.view_accountevent",
        "imports.add_importjob",
        "imports.view_importjob",
    ],
}

ROLES = list(ROLE_PERMISSIONS)


def grant(role: str, *codes: str) -> None:
    """Give a role more permissions ("app_label.codename"); area apps call it in ready().

    The next `migrate` (its post_migrate sync) gives the group the new permissions.
    """
    for code in codes:
        if code not in ROLE_PERMISSIONS[role]:
            ROLE_PERMISSIONS[role].append(code)


def sync_roles(apps=global_apps) -> None:
    """Create the role groups and give each its permissions (adding, never removing).

    Permissions whose app is not migrated yet are skipped; the next sync adds them.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {code for codes in ROLE_PERMISSIONS.values() for code in codes}
    by_code = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
        if f"{app_label}.{codename}" in wanted
    }
    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(by_code[code] for code in codes if code in by_code))
