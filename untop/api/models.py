"""A user's API token: kept only as a digest, with the name its owner gave it.

django-rest-knox keeps the digest and checks it (untop.api.auth); the portal's model adds the
name and when the token was last used, which the account page lists.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    """A token its owner made on their account page (knox: ``digest`` is the SHA-512 of the
    token, ``token_key`` its first characters to find it by, ``expiry`` None for no end)."""

    name = models.CharField(_("name"), max_length=100)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created", "digest")

    def __str__(self) -> str:
        return self.name
