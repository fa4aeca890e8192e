"""The second factor: TOTP (an authenticator app) and recovery codes, through django-otp.

A user who must use a second factor (untop.security.sessions.needs_two_factor) sets it up
either within UNTOP_OTP_ENROLMENT_HOURS of the account's creation, or through a one-time
set-up link an administrator has the portal e-mail (`otp_enrolment_send`). The link is
signed and stateless: it names the user, expires after the same hours, and stops working
once a device is confirmed (its signature covers the user's confirmed devices).

A right code verifies the session through django-otp itself: the views hand the device
that accepted it (``token_verify``, ``recovery_code_use``, a confirmed set-up) to
``django_otp.login()``, and ``request.user.is_verified()`` answers from then on.
"""

from __future__ import annotations

import datetime
import io

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from untop.audit.accounts import account_event
from untop.audit.models import AccountEvent, AuthEvent

from .ceiling import ensure_may_manage

ISSUER = "UNTOP portal"
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
ENROLMENT_SALT = "untop.security.otp.enrolment"


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def unconfirmed_device(*, user) -> TOTPDevice:
    """The device being set up: one per user, kept until its first code is accepted.

    Only for a few minutes (UNTOP_REAUTHENTICATION_AGE): an older one is replaced, so that a
    key shown to whoever opened the set-up page earlier (someone with the password, before
    the enrolment window closed) is never the one the holder pairs later through a link.
    """
    fresh_since = timezone.now() - datetime.timedelta(seconds=settings.UNTOP_REAUTHENTICATION_AGE)
    unconfirmed = TOTPDevice.objects.filter(user=user, confirmed=False)
    device = unconfirmed.filter(created_at__gte=fresh_since).order_by("-pk").first()
    if device is None:
        unconfirmed.delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an SVG QR code, made here (no image service)."""
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return out.getvalue().decode()


# Enrolment: when a user may pair an app, and the set-up link.


def enrolment_hours() -> int:
    return settings.UNTOP_OTP_ENROLMENT_HOURS


def enrolment_deadline(user) -> datetime.datetime:
    """Until when a new account may set up its second factor without a link."""
    return user.date_joined + datetime.timedelta(hours=enrolment_hours())


def enrolment_window_open(user) -> bool:
    """Whether the user may pair an app on the plain set-up page, without a link.

    A user who need not use a second factor may turn it on at any time. One who must (a
    manager, an administrator) may only within UNTOP_OTP_ENROLMENT_HOURS of the account's
    creation: after that, whoever has learnt the password could pair their own phone first,
    so only a link e-mailed by the portal (`otp_enrolment_send`) opens the set-up.
    """
    from .sessions import needs_two_factor

    if not needs_two_factor(user):
        return True
    return timezone.now() <= enrolment_deadline(user)


def _enrolment_state(user) -> str:
    """What a set-up link is bound to: the account, its address and its confirmed devices.

    Confirming a device changes it, so a link works once.
    """
    devices = ",".join(
        str(pk)
        for pk in TOTPDevice.objects.filter(user=user, confirmed=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    value = f"{user.pk}|{user.email}|{user.is_active}|{bool(devices)}|{devices}"
    return salted_hmac(ENROLMENT_SALT, value, algorithm="sha256").hexdigest()[:32]


def enrolment_token(user) -> str:
    """A signed, timestamped set-up token for the user (no row is stored)."""
    return signing.dumps({"u": user.pk, "s": _enrolment_state(user)}, salt=ENROLMENT_SALT)


def enrolment_token_valid(token: str, *, user) -> bool:
    """Whether the set-up token was made for this user, is recent and was not used."""
    try:
        data = signing.loads(token, salt=ENROLMENT_SALT, max_age=enrolment_hours() * 3600)
    except signing.BadSignature:  # SignatureExpired included
        return False
    if not isinstance(data, dict) or data.get("u") != user.pk or not user.is_active:
        return False
    return signing.constant_time_compare(str(data.get("s", "")), _enrolment_state(user))


def enrolment_url(user, *, request=None) -> str:
    path = reverse("two_factor_enrol", args=[enrolment_token(user)])
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.UNTOP_PORTAL_URL.rstrip("/") + path


def otp_enrolment_send(*, user, acting_user, request=None) -> AccountEvent:
    """E-mail the user a one-time link to pair an authenticator app; record who sent it.

    Refused (ValidationError) for an account without an e-mail address, an inactive one, and
    one that already has an authenticator: an administrator deletes a lost one first; refused
    (PermissionDenied) for an account not the acting user's to change (untop.security.ceiling).
    """
    ensure_may_manage(acting_user, user)
    if not user.is_active:
        raise ValidationError(_("%(user)s's account is not active.") % {"user": user})
    if not user.email:
        raise ValidationError(_("%(user)s has no e-mail address.") % {"user": user})
    if has_device(user):
        raise ValidationError(
            _(
                "%(user)s already has an authenticator app. If their phone is lost, delete "
                "the device first, then send the link."
            )
            % {"user": user}
        )
    url = enrolment_url(user, request=request)
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    context = {"user": user, "url": url, "hours": enrolment_hours(), "sent_by": acting_user}
    with translation.override(language):
        subject = render_to_string("security/enrolment_subject.txt", context).strip()
        body = render_to_string("security/enrolment_email.txt", context)
    with transaction.atomic():
        event = account_event(
            kind=AccountEvent.Kind.OTP_ENROLMENT_SENT,
            account=user,
            acting_user=acting_user,
            request=request,
            notify=False,  # the link's own e-mail tells the holder
        )
        recipient = [user.email]
        transaction.on_commit(
            lambda: send_mail(subject, body, None, recipient, fail_silently=False)
        )
    return event


# Confirming a device, and the codes of the sign-in step.


@transaction.atomic
def device_confirm(
    *, device: TOTPDevice, token: str, acting_user, ip_address=None, request=None
) -> bool:
    """Confirm a device being set up with a code from the app; replace older devices."""
    if not device.verify_token(token):
        return False
    replaced = TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()[0]
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    AuthEvent.objects.create(
        kind=AuthEvent.Kind.OTP_SET_UP,
        user=acting_user,
        username=acting_user.get_username(),
        ip_address=ip_address,
    )
    account_event(
        kind=AccountEvent.Kind.OTP_ADDED,
        account=device.user,
        acting_user=acting_user,
        detail="It replaces the earlier authenticator app." if replaced else "",
        request=request,
    )
    return True


@transaction.atomic
def recovery_codes_make(*, user, acting_user, request=None) -> list[str]:
    """Ten new one-time recovery codes for the user, replacing any earlier ones.

    They are returned once, to be shown once; the portal never shows them again.
    """
    # One device per user, kept: a session verified with one of its codes stays verified
    # (django-otp's session names the device); only its codes are replaced.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    else:
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.token_set.all().delete()
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    codes = []
    for _index in range(RECOVERY_CODE_COUNT):
        code = StaticToken.random_token()
        while code in codes:
            code = StaticToken.random_token()
        codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    account_event(
        kind=AccountEvent.Kind.RECOVERY_CODES_MADE,
        account=user,
        acting_user=acting_user,
        request=request,
    )
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_recovery_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def token_verify(*, user, token: str) -> TOTPDevice | None:
    """The user's confirmed authenticator app that accepts the code, if any (throttled).

    The device goes to ``django_otp.login()``, which marks the session verified.
    """
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):  # counts failures and throttles by itself
            return device
    return None


def recovery_code_use(*, user, code: str, request=None) -> StaticDevice | None:
    """Accept one of the user's recovery codes in place of the app's code, once (throttled).

    The codes are django-otp's static device (``StaticDevice``, one per user, ten
    ``StaticToken`` rows), so that a recovery code verifies the session exactly as the app's
    code does: the device returned goes to ``django_otp.login()``. django-otp stores the
    codes as typed, not hashed; the portal kept them so before, and keeps django-otp's
    model rather than a hashing device of its own: each is random (40 bits), works once,
    is throttled, and all are deleted with the authenticator they stand in for.
    """
    code = normalise_recovery_code(code)
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):  # deletes the code; counts failures and throttles
            account_event(
                kind=AccountEvent.Kind.RECOVERY_CODE_USED,
                account=user,
                acting_user=user,
                detail=f"{recovery_codes_left(user)} left",
                request=request,
            )
            return device
    return None


def devices_remove(*, devices, acting_user, request=None) -> int:
    """Delete authenticator devices (a lost phone), with the holder's recovery codes.

    Each holder's account records the removal, naming who removed it, and they are e-mailed.
    Refused (PermissionDenied), removing none, when one holder's account is not the acting
    user's to change (untop.security.ceiling): their own, a superuser's, an administrator's.
    """
    devices = list(devices)
    for device in devices:
        ensure_may_manage(acting_user, device.user)
    removed = 0
    with transaction.atomic():
        for device in devices:
            holder = device.user
            device.delete()
            if not has_device(holder):
                # Codes that stood in for the lost phone go with it; new ones come with the
                # next app.
                StaticDevice.objects.filter(user=holder).delete()
            account_event(
                kind=AccountEvent.Kind.OTP_REMOVED,
                account=holder,
                acting_user=acting_user,
                detail=device.name,
                request=request,
            )
            removed += 1
    return removed
