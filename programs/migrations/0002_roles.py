"""Create the portal's roles as groups with their permissions.

The permissions are listed here, not imported, so that this migration means the same thing
whenever it runs. Later migrations of other apps add their own permissions to these groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_REFERENCE = [
    "programs.view_region",
    "programs.view_centre",
    "programs.view_project",
    "programs.view_participantcategory",
]
STAFF = VIEW_REFERENCE + [
    "programs.view_activity",
    "programs.add_activity",
    "programs.change_activity",
    "programs.view_participantcount",
    "programs.add_participantcount",
    "programs.change_participantcount",
    "programs.delete_participantcount",
]
MANAGER = STAFF + [
    "programs.change_activity_any_centre",
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
    "reports.view_report",
    "reports.request_report",
]
HUMAN_RIGHTS_OFFICER = VIEW_REFERENCE + ["programs.view_activity"]
ADMINISTRATOR = VIEW_REFERENCE + [
    "programs.view_user",
    "programs.add_user",
    "programs.change_user",
    "auth.view_group",
    "programs.add_region",
    "programs.change_region",
    "programs.add_centre",
    "programs.change_centre",
    "programs.add_participantcategory",
    "programs.change_participantcategory",
]

ROLES = {
    "Programme staff": STAFF,
    "Programme manager": MANAGER,
    "Human-rights officer": HUMAN_RIGHTS_OFFICER,
    "Administrator": ADMINISTRATOR,
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make them exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("reports", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
