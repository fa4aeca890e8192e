"""What sign-in security adds to the portal (untop.registry): the portal's device admin in
place of django-otp's, the demo's note on two-factor sign-in, and what administrators may do
with the sign-in log, lockouts and authenticators."""

from untop import roles
from untop.demo import register_demo_loader

from . import device_admin

# The core discovers the portal modules after the admin's autodiscovery
# (django.contrib.admin comes first in INSTALLED_APPS): the portal's device admin in place of
# django-otp's (untop.security.device_admin).
device_admin.register()


def _demo_two_factor_note(write) -> None:
    """Tell the demo's users how to reach the back office (no secret is ever preset)."""
    from django.contrib.auth import get_user_model

    from . import otp

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


register_demo_loader("security", _demo_two_factor_note)

# Administrators read the sign-in log, lift a lockout (delete the attempt) and remove a lost
# authenticator (its secret is never shown) and send a set-up link.
roles.grant(
    roles.ADMINISTRATOR,
    "audit.view_authevent",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accessfailurelog",
    "axes.view_accesslog",
    "otp_totp.view_totpdevice",
    "otp_totp.delete_totpdevice",
    "security.view_singlesignonidentity",
    "security.delete_singlesignonidentity",
)
