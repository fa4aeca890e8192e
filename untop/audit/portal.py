"""What the audit trail adds to the portal (untop.registry): who reads it. The apps declare
which of their models it follows in their own portal modules
(untop.audit.registry.register_audited)."""

from untop import roles

roles.grant(roles.PROGRAMME_MANAGER, "audit.view_auditentry")
roles.grant(roles.ADMINISTRATOR, "audit.view_auditentry", "audit.view_accountevent")
