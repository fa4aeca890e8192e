"""Forms sent once (what a form's first post did, so that the same post again saves nothing),
and the single sign-on identities with the second factor their provider vouches for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


class SentForm(models.Model):
    """A form post that saved something, by the key its page gave it, and where it led.

    The row commits in the same transaction as what the form saved: if it is here, the
    entry is saved, and the same form sent again (a double click, "Send it again" after a
    lost connection) is sent where the first one went instead of saving again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=64)
    location = models.CharField(_("location"), max_length=1000, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_sent_form_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"


class SingleSignOnIdentity(models.Model):
    """A portal account's identity at the single sign-on provider: its issuer and subject.

    The account is found by the provider's verified e-mail address the first time only; from
    then on by this link, so that an address changed at the provider (to another person's,
    say) never signs anyone into a different account. One link per account and provider.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="single_sign_on_identities",
        verbose_name=_("user"),
    )
    issuer = models.CharField(_("provider (issuer)"), max_length=255)
    subject = models.CharField(_("subject at the provider"), max_length=255)
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="one_account_per_provider_subject"
            ),
            models.UniqueConstraint(fields=["user", "issuer"], name="one_subject_per_account"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.subject} at {self.issuer}"


class SingleSignOnDevice(Device):
    """The second factor a trusted single sign-on provider asked for, as django-otp sees it.

    With UNTOP_OIDC_TRUSTS_MFA, a sign-on whose ID token says the provider asked for a second
    factor (``"mfa"`` in ``amr``) counts as the portal's own code: the callback hands this
    device to ``django_otp.login()``, so ``request.user.is_verified()`` holds for that session
    as after the code step. One per linked identity; it takes no code of its own (a token
    typed into the portal never verifies it). Unlinking the identity deletes it, and the
    sessions it verified are verified no more.
    """

    identity = models.OneToOneField(
        SingleSignOnIdentity,
        on_delete=models.CASCADE,
        related_name="device",
        verbose_name=_("single sign-on identity"),
    )

    class Meta:
        verbose_name = _("single sign-on second factor")
        verbose_name_plural = _("single sign-on second factors")

    def verify_token(self, token) -> bool:
        return False  # only the provider's sign-in verifies it
