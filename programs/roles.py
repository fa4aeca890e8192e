"""The portal's roles. Each is a group, created with its permissions by a migration."""

PROGRAMME_STAFF = "Programme staff"
PROGRAMME_MANAGER = "Programme manager"
HUMAN_RIGHTS_OFFICER = "Human-rights officer"
ADMINISTRATOR = "Administrator"

ROLES = [PROGRAMME_STAFF, PROGRAMME_MANAGER, HUMAN_RIGHTS_OFFICER, ADMINISTRATOR]
