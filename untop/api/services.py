"""Writes of the API: a user's own tokens, made and revoked on their account page."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from untop.audit.context import acting_as

from .models import ApiToken

#: How many tokens one person may hold at once: enough for each of their scripts.
TOKENS_PER_USER = 20


@transaction.atomic
def api_token_create(*, acting_user, name: str, valid_days: int | None) -> tuple[ApiToken, str]:
    """A new token for ``acting_user``, named ``name``, valid ``valid_days`` days (None: until
    revoked). Returns the token row and the token itself, which is shown once and never
    stored (knox keeps its digest)."""
    if not acting_user.is_active:
        raise PermissionDenied(_("An account that is closed makes no token."))
    token = ApiToken(user=acting_user, name=name.strip())
    token.full_clean(exclude=["digest", "token_key", "user"])
    if valid_days is not None and valid_days <= 0:
        raise ValidationError({"valid_days": _("A token is valid for one day or more.")})
    # The user's row, locked: two tokens made at once both count against the limit.
    get_user_model().objects.select_for_update(of=("self",)).filter(pk=acting_user.pk).first()
    if ApiToken.objects.filter(user=acting_user).count() >= TOKENS_PER_USER:
        raise ValidationError(
            _("You hold %(limit)s tokens: revoke one before making another.")
            % {"limit": TOKENS_PER_USER}
        )
    expiry = datetime.timedelta(days=valid_days) if valid_days is not None else None
    with acting_as(acting_user):
        return ApiToken.objects.create(acting_user, expiry=expiry, name=token.name)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user) -> None:
    """Revoke (delete) one of ``acting_user``'s own tokens: it stops working at once."""
    if token.user_id != acting_user.pk:
        raise PermissionDenied(_("Each person revokes their own tokens."))
    with acting_as(acting_user):
        token.delete()
