"""Sign-in events into the audit trail: sign-in, sign-out, failed sign-in (or password again),
lockout."""

from __future__ import annotations

import django_otp
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
    from .otp import enrolment_window_open, has_device

    if request is not None and hasattr(request, "session"):
        sessions.start(
            request,
            needs_link=(
                sessions.needs_two_factor(user)
                and not has_device(user)
                and not enrolment_window_open(user)
            ),
        )
        if getattr(user, "otp_device", None) is not None:
            # A sign-in form that took the code with the password (django-otp's own forms):
            # django-otp's receiver stored its device before the clocks were started.
            django_otp.login(request, user.otp_device)
    if not getattr(user, "backend", "").endswith("SingleSignOnBackend"):
        # A sign-on logs its own event (SSO_SIGNED_IN), with what the provider said.
        _log(AuthEvent.Kind.SIGNED_IN, request, user=user)


@receiver(user_logged_out, dispatch_uid="security:signed-out")
def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        _log(AuthEvent.Kind.SIGNED_OUT, request, user=user)


# Set on a request whose failed password is the password-again step's (views.reauthenticate):
# axes counts it like a failed sign-in, the audit trail names it apart.
REAUTHENTICATION = "untop_reauthentication"


@receiver(user_login_failed, dispatch_uid="security:failed")
def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))
    kind = (
        AuthEvent.Kind.REAUTH_FAILED
        if getattr(request, REAUTHENTICATION, False)
        else AuthEvent.Kind.FAILED
    )
    _log(kind, request, user=_user_named(username), username=username)


@receiver(user_locked_out, dispatch_uid="security:locked-out")
def locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    username = str(username or "")
    _log(AuthEvent.Kind.LOCKED_OUT, request, user=_user_named(username), username=username)
