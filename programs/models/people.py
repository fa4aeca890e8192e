"""The people who sign in to the portal."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .geography import Centre


class PortalUserManager(UserManager):
    def get_queryset(self) -> models.QuerySet:
        # Every page names the signed-in user's centre: load it with the user.
        return super().get_queryset().select_related("home_centre")


class User(AbstractUser):
    """A person who signs in to the portal. Their role is their group; staff have a centre."""

    home_centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Programme staff enter and edit the activities of this centre only."),
        verbose_name=_("home centre"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the portal speaks to this user; blank follows the browser."),
    )
    expires_on = models.DateField(
        _("account expires on"),
        null=True,
        blank=True,
        help_text=_(
            "The last day this account may sign in (a contract's end); blank: no end date."
        ),
    )

    objects = PortalUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # "STAFF" beside "staff" would be two accounts that read alike in the logs, the
            # audit trail and a sign-in form: every way of opening an account meets this.
            models.UniqueConstraint(
                Lower("username"),
                name="programs_user_username_in_any_case",
                violation_error_message=_(
                    "A user with that user name already exists, in other capitals: user names "
                    "are told apart whatever their case."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleGrant(models.Model):
    """A confidential role asked for someone (untop.roles.CONFIDENTIAL_ROLES).

    The role joins the person's groups only once a second person, who holds that role or
    is a superuser and did not ask for it, confirms the grant (programs/accounts.py).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("user")
    )
    role = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="+", verbose_name=_("role")
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(state="pending"),
                name="one_pending_grant_per_user_and_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role.name} → {self.user} ({self.get_state_display()})"
