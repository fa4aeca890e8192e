"""Fixtures of the API's tests: a token for a user, and a client that sends it."""

from __future__ import annotations

import pytest
from django.test import Client

from untop.api.services import api_token_create


def token_for(user, *, valid_days: int | None = None, name: str = "script") -> str:
    """A token made as the account page makes one; returns the token itself."""
    _row, token = api_token_create(acting_user=user, name=name, valid_days=valid_days)
    return token


def token_client(token: str) -> Client:
    """A client that sends the token and has no session."""
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


@pytest.fixture(autouse=True)
def _rate_limit_counts_from_zero():
    """Each test's requests are counted from zero (the throttle counts in the cache)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
