"""The audit trail's entries (django-auditlog's LogEntry, as the back office reads them), and
the sign-in and account events, which auditlog does not keep."""

from auditlog.models import LogEntry
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(LogEntry):
    """A record was created, changed or deleted: by whom, when, and the values before and after.

    The rows are django-auditlog's (written by its signals for the models the apps register
    in untop.audit.registry, and by untop.audit.bulk for records written in bulk). This proxy
    is how the portal reads them: its own permission (``audit.view_auditentry``, which the
    roles grant), and the back office's list of the entries of records the reader may see
    (untop.audit.admin), in place of auditlog's list of every entry.
    """

    class Meta:
        proxy = True
        ordering = ["-timestamp", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")


class AuthEvent(models.Model):
    """A sign-in, sign-out, failed sign-in, lockout or two-factor change: who, when, from where."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed-in", _("Signed in")
        SIGNED_OUT = "signed-out", _("Signed out")
        FAILED = "failed", _("Failed sign-in")
        LOCKED_OUT = "locked-out", _("Locked out")
        OTP_SET_UP = "otp-set-up", _("Two-factor device set up")
        OTP_VERIFIED = "otp-verified", _("Two-factor code accepted")
        OTP_FAILED = "otp-failed", _("Two-factor code refused")
        REAUTHENTICATED = "reauthenticated", _("Password confirmed again")
        REAUTH_FAILED = "reauth-failed", _("Password confirmation refused")
        RESET_REQUESTED = "reset-requested", _("Password reset requested")
        RESET_THROTTLED = "reset-throttled", _("Password reset request refused (too many)")
        SSO_SIGNED_IN = "sso-signed-in", _("Signed in through single sign-on")
        SSO_REFUSED = "sso-refused", _("Single sign-on refused")
        EMAIL_CHANGED = "email-changed", _("E-mail address changed")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the name given matches no account."),
        verbose_name=_("user"),
    )
    username = models.CharField(
        _("username"),
        max_length=150,
        blank=True,
        help_text=_("The name typed in the sign-in form."),
    )
    ip_address = models.GenericIPAddressField(_("ip address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username}"


class AccountEvent(models.Model):
    """A change to someone's account: roles, password, second factor, activation, sign-in method.

    Written by the account services only (untop/audit/accounts.py), read by administrators and
    superusers, edited by nobody. The person concerned is e-mailed about each one.
    """

    class Kind(models.TextChoices):
        INVITED = "invited", _("Invited")
        ROLE_GRANTED = "role-granted", _("Role granted")
        ROLE_REMOVED = "role-removed", _("Role removed")
        ROLE_GRANT_PENDING = "role-pending", _("Role grant waiting for confirmation")
        ROLE_GRANT_CONFIRMED = "role-confirmed", _("Role grant confirmed")
        ROLE_GRANT_REFUSED = "role-refused", _("Role grant refused")
        PASSWORD_RESET_SENT = "reset-sent", _("Password reset link sent")
        PASSWORD_SET = "password-set", _("Password set")
        PASSWORD_CHANGED = "password-changed", _("Password changed")
        OTP_ADDED = "otp-added", _("Authenticator added")
        OTP_REMOVED = "otp-removed", _("Authenticator removed")
        OTP_ENROLMENT_SENT = "otp-link-sent", _("Authenticator set-up link sent")
        RECOVERY_CODES_MADE = "recovery-codes", _("Recovery codes made")
        RECOVERY_CODE_USED = "recovery-used", _("Recovery code used")
        ACTIVATED = "activated", _("Account activated")
        DEACTIVATED = "deactivated", _("Account deactivated")
        EXPIRY_SET = "expiry-set", _("Account expiry date set")
        EXPIRED = "expired", _("Account expired")
        CENTRE_CHANGED = "centre-changed", _("Home centre changed")
        SIGN_IN_METHOD_CHANGED = "sign-in-method", _("Sign-in method changed")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Whose account changed."),
        verbose_name=_("account"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who changed it; empty when the system did (a command or a scheduled job)."),
        verbose_name=_("actor"),
    )
    detail = models.CharField(
        _("detail"),
        max_length=300,
        blank=True,
        help_text=_("The role, the date or the method concerned."),
    )
    ip_address = models.GenericIPAddressField(_("ip address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        indexes = [models.Index(fields=["account", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.account_id}"
