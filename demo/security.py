"""The demo's note on two-factor sign-in: how the demo's users reach the back office (no
secret is ever preset)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model

from untop.security import otp


def two_factor_note(write: Callable[[str], None]) -> None:
    """Tell the demo's users how to reach the back office, and give demo accounts whose
    set-up window has closed their one-time set-up link."""
    hours = otp.enrolment_hours()
    write(
        "Two-factor sign-in: the back office (/admin/) asks `manager` and `admin` for a code "
        f"from an authenticator app. Within {hours} hours of load_demo creating them, their "
        "first visit opens /accounts/two-factor/set-up/: scan the QR code with FreeOTP, Google "
        "or Microsoft Authenticator (or type the key shown), type the six-digit code, and keep "
        "the ten recovery codes shown once. Portal pages need no code until a user has set one "
        "up; every user can from /accounts/."
    )
    # Demo accounts made by an earlier run: their window has closed, so print the one-time
    # set-up link an administrator would e-mail them (the demo's passwords are public anyway).
    users = get_user_model().objects.filter(username__in=("manager", "admin"), is_active=True)
    for user in users.order_by("username"):
        if not otp.has_device(user) and not otp.enrolment_window_open(user):
            write(
                f"  {user.username}'s set-up window has closed; its one-time set-up link "
                f"(valid {hours} hours, after signing in): {otp.enrolment_url(user)}"
            )
