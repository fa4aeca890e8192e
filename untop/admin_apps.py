"""The back office's names for Django's and third-party apps, and its admin site.

Each config here subclasses the app's own, so that its label (and with it its migrations,
permissions and `admin:` URL names) stays the same; only the name people read changes, in
the back office's index and breadcrumbs. INSTALLED_APPS names these instead of the apps.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.apps import AuthConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OTPStaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OTPTOTPDefaultConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin with the portal's site (untop.admin_site): `admin.site` is that site."""

    default_site = "untop.admin_site.PortalAdminSite"


class AccountsConfig(AuthConfig):
    """Groups (the roles), with the users beside them in the back office."""

    verbose_name = _("Accounts")


class SignInLockoutsConfig(AxesAppConfig):
    """django-axes: the failed sign-ins and the lockouts they caused."""

    verbose_name = _("Sign-in lockouts")


class AuthenticatorAppsConfig(OTPTOTPDefaultConfig):
    """django-otp's TOTP devices: the authenticator apps of the two-factor sign-in."""

    verbose_name = _("Authenticator apps")


class RecoveryCodesConfig(OTPStaticDefaultConfig):
    """django-otp's static devices: the one-time recovery codes."""

    verbose_name = _("Recovery codes")
