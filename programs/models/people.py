"""The people who sign in to the portal."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
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
    )
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the portal speaks to this user; blank follows the browser."),
    )

    objects = PortalUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
