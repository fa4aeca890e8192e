"""Who is acting: set per request by the middleware, and by commands and tasks explicitly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_actor: ContextVar[object | None] = ContextVar("audit_actor", default=None)


def current_actor():
    """The user on whose behalf the current code runs, or None for the system."""
    return _actor.get()


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Record changes made inside the block as made by this user."""
    token = _actor.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _actor.reset(token)


class AuditActorMiddleware:
    """Credit every change made while serving a request to the signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)
