"""Sign-in events into the audit trail: sign-in, sign-out, failed sign-in, lockout."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from untop.audit.models import AuthEvent

from . import sessions
from .clientip import client_ip


def _log(kind: str, request, *, user=None, username: str = "") -> None:
    AuthEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
    )


def _user_named(username: str):
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()


@receiver(user_logged_in, dispatch_uid="security:signed-in")
def signed_in(sender, request, user, **kwargs) -> None:
    from .otp import has_device

    if request is not None and hasattr(request, "session"):
        sessions.start(request, needs_otp=has_device(user))
    _log(AuthEvent.Kind.SIGNED_IN, request, user=user)


@receiver(user_logged_out, dispatch_uid="security:signed-out")
def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        _log(AuthEvent.Kind.SIGNED_OUT, request, user=user)


@receiver(user_login_failed, dispatch_uid="security:failed")
def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))
    _log(AuthEvent.Kind.FAILED, request, user=_user_named(username), username=username)


@receiver(user_locked_out, dispatch_uid="security:locked-out")
def locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    username = str(username or "")
    _log(AuthEvent.Kind.LOCKED_OUT, request, user=_user_named(username), username=username)
