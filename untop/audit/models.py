"""One row per change of a tracked record."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """A record was created, changed or deleted: by whom, when, and the values before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system made the change (a command or a migration)."),
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    changes = models.JSONField(
        default=dict, help_text=_("For each field that changed: [before, after].")
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"


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

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the name given matches no account."),
    )
    username = models.CharField(
        max_length=150, blank=True, help_text=_("The name typed in the sign-in form.")
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("sign-in event")

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

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Whose account changed."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who changed it; empty when the system did (a command or a scheduled job)."),
    )
    detail = models.CharField(
        max_length=300, blank=True, help_text=_("The role, the date or the method concerned.")
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("account event")
        indexes = [models.Index(fields=["account", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.account_id}"
