"""Who is acting, for the audit trail: django-auditlog's own context.

auditlog's AuditlogMiddleware (as AuditActorMiddleware, below) names the signed-in user for
every change made while serving a request. Services name their acting user with ``acting_as``
(commands and tasks too), so that the trail credits the person the service acts for, whatever
the path that called it; the back office uses it only where it writes without a service.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor
from auditlog.middleware import AuditlogMiddleware


def current_actor():
    """The user auditlog's context names as acting, or None for the system."""
    context = auditlog_value.get(None)
    actor = context.get("actor") if context else None
    return actor if getattr(actor, "is_authenticated", False) else None


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Record changes made inside the block as made by this user (None: by the system).

    auditlog's ``set_actor``, which leaves its own context in place when the block ends: the
    context around the block (the request's, or none) is put back here, so that what follows
    is credited as before.
    """
    outer = auditlog_value.get(None) or {}
    token = auditlog_value.set(auditlog_value.get(None))
    try:
        with set_actor(
            user if user is not None and user.is_authenticated else None,
            remote_addr=outer.get("remote_addr"),
            remote_port=outer.get("remote_port"),
        ):
            yield
    finally:
        auditlog_value.reset(token)


class AuditActorMiddleware(AuditlogMiddleware):
    """auditlog's middleware, whose context ends with the response.

    auditlog leaves the request's context set on the thread afterwards: the next code run
    there outside a request (a test, a command) would otherwise be credited to its user.
    """

    def __call__(self, request):
        token = auditlog_value.set(None)
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)
