"""The portal's roles: each is a group with a set of permissions.

The core names the roles and keeps their groups; each app grants its own permissions to them
from its portal module (``grant``), so the core names no app's permission. Migration
programs 0002 creates the groups; after every `migrate` (and every `flush`) the post_migrate
handler connected by the core's AppConfig brings them up to date with the grants, so a
permission granted in a portal module, or created by a later app's migration, reaches its
role without a hand-written data migration.
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

#: Each role's permissions ("app_label.codename"), as the apps' portal modules grant them.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    PROGRAMME_STAFF: [],
    PROGRAMME_MANAGER: [],
    HUMAN_RIGHTS_OFFICER: [],
    ADMINISTRATOR: [],
}

ROLES = list(ROLE_PERMISSIONS)


def grant(role: str, *codes: str) -> None:
    """Give a role more permissions ("app_label.codename"); apps call it in their portal
    module. Granting a permission the role already has is a no-op; an unknown role is an
    error naming it.

    The next `migrate` (its post_migrate sync) gives the group the new permissions.
    """
    if role not in ROLE_PERMISSIONS:
        raise KeyError(f"There is no role {role!r}.")
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


def sync_roles_after_migrate(sender, **kwargs) -> None:
    """post_migrate handler: sync once every app's permissions exist.

    post_migrate is sent once per app with models, and each app's permissions are created on
    its own turn: sync on the last such app's turn.
    """
    with_models = [config for config in global_apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        sync_roles()
