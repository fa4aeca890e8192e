"""How an API caller is known: a token from their account page (django-rest-knox), or the
portal's own session for the browsable API and the documentation page."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from untop.security.backends import account_may_sign_in

from .models import ApiToken

#: When a token was last used is written at most this often: a busy client would otherwise
#: write a row on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    """knox's check (the digest compared in constant time, an expired token deleted and
    refused, an inactive user refused), an account past its expiry date refused, and the
    token's "last used" kept for its owner.

    ``Authorization: Token <token>``. Queries: the token with its user, the user's other
    tokens (knox deletes the expired ones), and at most once a minute the "last used" write.
    """

    def validate_user(self, auth_token: ApiToken):
        user, token = super().validate_user(auth_token)
        # The account's own sign-in rule, as every way in applies it: an account past its
        # expiry date reads nothing through its tokens either (knox asks only is_active).
        if not account_may_sign_in(user):
            raise exceptions.AuthenticationFailed(_("This account has expired."))
        now = timezone.now()
        if token.last_used is None or now - token.last_used >= LAST_USED_EVERY:
            # An update, not a save: when a token was used is no change to audit.
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return user, token
