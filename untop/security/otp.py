"""Two-factor devices: TOTP (an authenticator app) through django-otp."""

from __future__ import annotations

import io

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from untop.audit.models import AuthEvent

ISSUER = "UNTOP portal"


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def unconfirmed_device(*, user) -> TOTPDevice:
    """The device being set up: one per user, kept until its first code is accepted."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an SVG QR code, made here (no image service)."""
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return out.getvalue().decode()


@transaction.atomic
def device_confirm(*, device: TOTPDevice, token: str, acting_user, ip_address=None) -> bool:
    """Confirm a device being set up with a code from the app; replace older devices."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    AuthEvent.objects.create(
        kind=AuthEvent.Kind.OTP_SET_UP,
        user=acting_user,
        username=acting_user.get_username(),
        ip_address=ip_address,
    )
    return True


def token_verify(*, user, token: str) -> bool:
    """Whether the code is right for one of the user's confirmed devices (throttled)."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):  # counts failures and throttles by itself
            return True
    return False
