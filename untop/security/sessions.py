"""What the session remembers about how its user signed in: when, and the last request.

Whether the second factor was given is django-otp's to keep (``django_otp.login()`` stores
the device, ``OTPMiddleware`` gives ``request.user.is_verified()``). The session lives on
the server, so these keys cannot be set by the browser. Every key holds the user's id or a
time, and is checked against the signed-in user, so a key left over from another user never
counts.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY

SIGNED_IN_AT = "untop_signed_in_at"
LAST_SEEN_AT = "untop_last_seen_at"
REAUTHENTICATED_AT = "untop_reauthenticated_at"
# Not whether the second factor was given (django-otp keeps that: DEVICE_ID_SESSION_KEY,
# read by OTPMiddleware into `request.user.is_verified()`), only a note for the first page
# after the sign-in: this user must have a second factor, has none and needs a set-up link.
SET_UP_LINK_NOTICE = "untop_set_up_link_notice"
RECOVERY_CODES = "untop_recovery_codes"


def now() -> int:
    return int(time.time())


def start(request: HttpRequest, *, needs_link: bool = False) -> None:
    """A sign-in has just succeeded: start the clocks; the second factor is still to give.

    A password sign-in proves the password only: a verification left in the session by an
    earlier sign-in of the same user (Django keeps the session then) does not carry over.
    `needs_link`: the user must use a second factor, has none, and may no longer set one up
    without a link: the first page after the sign-in says so.
    """
    moment = now()
    request.session[SIGNED_IN_AT] = moment
    request.session[LAST_SEEN_AT] = moment
    request.session[REAUTHENTICATED_AT] = moment
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    if needs_link:
        request.session[SET_UP_LINK_NOTICE] = request.user.pk
    else:
        request.session.pop(SET_UP_LINK_NOTICE, None)


def is_link_needed(request: HttpRequest) -> bool:
    """The user signed in without the second factor they must have, and cannot set it up."""
    return request.session.get(SET_UP_LINK_NOTICE) == request.user.pk


def link_needed_told(request: HttpRequest) -> None:
    request.session.pop(SET_UP_LINK_NOTICE, None)


def recovery_codes_keep(request: HttpRequest, codes: list[str]) -> None:
    """Hold new recovery codes for the one page that shows them (server-side session)."""
    request.session[RECOVERY_CODES] = {"user": request.user.pk, "codes": list(codes)}


def recovery_codes_take(request: HttpRequest) -> list[str]:
    """The new recovery codes, once: the page that shows them takes them out of the session."""
    held = request.session.pop(RECOVERY_CODES, None) or {}
    return list(held.get("codes") or []) if held.get("user") == request.user.pk else []


def mark_reauthenticated(request: HttpRequest) -> None:
    request.session[REAUTHENTICATED_AT] = now()


def recently_authenticated(request: HttpRequest) -> bool:
    """The password was given within UNTOP_REAUTHENTICATION_AGE seconds."""
    at = request.session.get(REAUTHENTICATED_AT) or 0
    return now() - at <= settings.UNTOP_REAUTHENTICATION_AGE


def needs_two_factor(user) -> bool:
    """Everyone who may open the back office (managers, administrators) needs a second factor."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))
