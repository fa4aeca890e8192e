"""What sign-in security adds to the portal (untop.registry): the portal's device admin in
place of django-otp's, and what administrators may do with the sign-in log, lockouts and
authenticators."""

from untop import roles

from . import device_admin

# The core discovers the portal modules after the admin's autodiscovery
# (django.contrib.admin comes first in INSTALLED_APPS): the portal's device admin in place of
# django-otp's (untop.security.device_admin).
device_admin.register()


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
