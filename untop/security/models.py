"""Forms sent once: what a form's first post did, so that the same post again saves nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SentForm(models.Model):
    """A form post that saved something, by the key its page gave it, and where it led.

    The row commits in the same transaction as what the form saved: if it is here, the
    entry is saved, and the same form sent again (a double click, "Send it again" after a
    lost connection) is sent where the first one went instead of saving again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    location = models.CharField(max_length=1000, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sent form")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_sent_form_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
