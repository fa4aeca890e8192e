from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Two-factor sign-in, session timeouts, re-authentication and the sign-in event log."""

    name = "untop.security"
    label = "security"
    verbose_name = _("Sign-in security")

    def ready(self) -> None:
        from programs import roles
        from untop.demo import register_demo_loader

        from . import receivers  # noqa: F401  (connects the sign-in event receivers)

        register_demo_loader("security", _demo_two_factor_note)

        # Administrators read the sign-in log, lift a lockout (delete the attempt) and remove
        # a lost authenticator (its secret stays hidden: OTP_ADMIN_HIDE_SENSITIVE_DATA).
        roles.grant(
            roles.ADMINISTRATOR,
            "audit.view_authevent",
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            "axes.view_accessfailurelog",
            "axes.view_accesslog",
            "otp_totp.view_totpdevice",
            "otp_totp.delete_totpdevice",
        )


def _demo_two_factor_note(write) -> None:
    """Tell the demo's users how to reach the back office (no secret is ever preset)."""
    write(
        "Two-factor sign-in: the back office (/admin/) asks `manager` and `admin` for a code "
        "from an authenticator app. On the first visit it opens "
        "/accounts/two-factor/set-up/: scan the QR code with FreeOTP, Google or Microsoft "
        "Authenticator (or type the key shown), then type the six-digit code. Portal pages "
        "need no code until a user has set one up; every user can from /accounts/."
    )
