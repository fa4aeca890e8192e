"""Reads of the API's own records."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (one query): never anyone else's."""
    return ApiToken.objects.filter(user=user).only(
        "digest", "user_id", "name", "created", "last_used", "expiry"
    )
