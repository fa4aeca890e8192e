"""What the session remembers about how its user signed in.

The session lives on the server, so these keys cannot be set by the browser. Every key
holds the user's id or a time, and is checked against the signed-in user, so a key left
over from another user never counts.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

SIGNED_IN_AT = "untop_signed_in_at"
LAST_SEEN_AT = "untop_last_seen_at"
REAUTHENTICATED_AT = "untop_reauthenticated_at"
OTP_PENDING = "untop_otp_pending"
OTP_VERIFIED = "untop_otp_verified"
OTP_LINK_NEEDED = "untop_otp_link_needed"
RECOVERY_CODES = "untop_recovery_codes"


def now() -> int:
    return int(time.time())


def start(request: HttpRequest, *, needs_otp: bool, needs_link: bool = False) -> None:
    """A password sign-in has just succeeded: start the clocks, ask for the code if needed.

    `needs_link`: the user must use a second factor, has none, and may no longer set one up
    without a link: the first page after the sign-in says so.
    """
    moment = now()
    request.session[SIGNED_IN_AT] = moment
    request.session[LAST_SEEN_AT] = moment
    request.session[REAUTHENTICATED_AT] = moment
    request.session.pop(OTP_VERIFIED, None)
    if needs_otp:
        request.session[OTP_PENDING] = request.user.pk
    else:
        request.session.pop(OTP_PENDING, None)
    if needs_link:
        request.session[OTP_LINK_NEEDED] = request.user.pk
    else:
        request.session.pop(OTP_LINK_NEEDED, None)


def mark_verified(request: HttpRequest) -> None:
    """The user has just given a right code from their authenticator app."""
    request.session.pop(OTP_PENDING, None)
    request.session[OTP_VERIFIED] = request.user.pk


def is_verified(request: HttpRequest) -> bool:
    return request.session.get(OTP_VERIFIED) == request.user.pk


def is_pending(request: HttpRequest) -> bool:
    return request.session.get(OTP_PENDING) == request.user.pk


def is_link_needed(request: HttpRequest) -> bool:
    """The user signed in without the second factor they must have, and cannot set it up."""
    return request.session.get(OTP_LINK_NEEDED) == request.user.pk


def link_needed_told(request: HttpRequest) -> None:
    request.session.pop(OTP_LINK_NEEDED, None)


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
