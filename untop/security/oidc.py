"""Single sign-on through an OpenID Connect provider (mozilla-django-oidc); off unless configured.

The provider (Microsoft Entra ID, Okta, Keycloak, …) signs the user in with the code flow
and PKCE. Roles stay in the portal: signing on never creates an account. The first time, the
account is found by the e-mail address the provider has verified (``email_verified`` true),
and the provider's subject (issuer + ``sub``) is linked to it (``SingleSignOnIdentity``);
from then on the link alone decides, so an address changed at the provider cannot reach
another account. Inactive or expired accounts are refused by the password sign-in's own
rules (``account_may_sign_in``). Every refusal is a clear page and a "Single sign-on
refused" sign-in event.

Endpoints come from the issuer's discovery document (``/.well-known/openid-configuration``),
read on first use and kept for an hour, unless they are set one by one in the environment.
The routes exist only while a provider is configured (``routes()``).
"""

from __future__ import annotations

import logging
import threading
import time

import django_otp
import requests
from django.conf import settings
from django.contrib.auth import get_backends, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, include, path, reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from untop.audit.accounts import account_event
from untop.audit.models import AccountEvent, AuthEvent

from . import sessions
from .ceiling import ensure_may_manage
from .clientip import client_ip
from .models import SingleSignOnDevice, SingleSignOnIdentity

logger = logging.getLogger(__name__)

# mozilla-django-oidc's endpoint settings and their names in the discovery document.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
DISCOVERY_MAX_AGE = 3600  # seconds a discovery document is used before it is read again


def configured() -> bool:
    """Whether a provider is configured (UNTOP_OIDC_ISSUER and UNTOP_OIDC_CLIENT_ID)."""
    return bool(settings.UNTOP_OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def provider_name() -> str:
    """The provider as the sign-in button names it, e.g. "Microsoft Entra ID"."""
    return settings.UNTOP_OIDC_PROVIDER_NAME or gettext("single sign-on")


# --- the provider's endpoints -------------------------------------------------------------


class ProviderUnreachable(Exception):
    """The provider's discovery document could not be read, or names another issuer."""


_discovered: dict[str, tuple[float, dict]] = {}
_discovered_lock = threading.Lock()


def discovery(issuer: str) -> dict:
    """The provider's discovery document, read over HTTPS at most once an hour per process."""
    with _discovered_lock:
        cached = _discovered.get(issuer)
    if cached is not None and time.monotonic() - cached[0] < DISCOVERY_MAX_AGE:
        return cached[1]
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT, verify=settings.OIDC_VERIFY_SSL)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnreachable(f"{url}: {error}") from error
    # OpenID Connect Discovery 1.0, 4.3: the document must name the issuer it was read from.
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise ProviderUnreachable(f"{url} names another issuer: {document.get('issuer')!r}")
    with _discovered_lock:
        _discovered[issuer] = (time.monotonic(), document)
    return document


def endpoint(setting_name: str) -> str:
    """An endpoint of the provider: the one set in the environment, or the discovered one."""
    explicit = getattr(settings, setting_name, "")
    if explicit:
        return explicit
    found = discovery(settings.UNTOP_OIDC_ISSUER).get(ENDPOINTS[setting_name])
    if not found:
        raise ProviderUnreachable(f"the discovery document has no {ENDPOINTS[setting_name]}")
    return found


# --- which account signs on ---------------------------------------------------------------


class SignOnRefused(Exception):
    """Single sign-on refused for a reason the user is told (one of REASONS)."""

    UNVERIFIED = "unverified"
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"
    LINKED_ELSEWHERE = "linked-elsewhere"
    INACTIVE = "inactive"
    FAILED = "failed"
    UNREACHABLE = "unreachable"

    def __init__(self, reason: str, *, email: str = "", user=None, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail or email}")
        self.reason = reason
        self.email = email
        self.user = user


def account_may_sign_in(user) -> bool:
    """Whether the account may sign in at all (active, not expired, …).

    Asked of the password sign-in's own backends (each one in AUTHENTICATION_BACKENDS with a
    ``user_can_authenticate``, this module's aside), so that the rules they apply to a
    password apply to single sign-on too; Django's model backend when none has one.
    """
    judges = [
        backend
        for backend in get_backends()
        if callable(getattr(backend, "user_can_authenticate", None))
        and not isinstance(backend, SingleSignOnBackend)
    ] or [ModelBackend()]
    return all(judge.user_can_authenticate(user) for judge in judges)


def has_single_sign_on(user) -> bool:
    """Whether the account is linked to an identity at a single sign-on provider."""
    return SingleSignOnIdentity.objects.filter(user=user).exists()


def _verified(value) -> bool:
    # A JSON boolean; a few providers send the string "true".
    return value is True or (isinstance(value, str) and value.lower() == "true")


@transaction.atomic
def single_sign_on_account(*, issuer: str, subject: str, claims: dict, request=None):
    """The portal account that the provider's `subject` signs into; links it the first time.

    Raises SignOnRefused when there is none: an unverified or unknown e-mail address, one
    shared by several accounts, an account already linked to another subject of this
    provider, or an account that may not sign in (inactive, expired).
    """
    email = str(claims.get("email") or "")
    identity = (
        SingleSignOnIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is not None:
        if not account_may_sign_in(identity.user):
            raise SignOnRefused(SignOnRefused.INACTIVE, email=email, user=identity.user)
        return identity.user

    if not email or not _verified(claims.get("email_verified")):
        raise SignOnRefused(SignOnRefused.UNVERIFIED, email=email)
    User = get_user_model()
    matches = list(User._default_manager.filter(email__iexact=email).order_by("pk")[:2])
    if not matches:
        raise SignOnRefused(SignOnRefused.UNKNOWN, email=email)
    if len(matches) > 1:
        raise SignOnRefused(SignOnRefused.AMBIGUOUS, email=email)
    user = matches[0]
    if SingleSignOnIdentity.objects.filter(user=user, issuer=issuer).exists():
        # Another account at the provider has taken this address: it does not get this one.
        raise SignOnRefused(SignOnRefused.LINKED_ELSEWHERE, email=email, user=user)
    if not account_may_sign_in(user):
        raise SignOnRefused(SignOnRefused.INACTIVE, email=email, user=user)
    try:
        with transaction.atomic():
            SingleSignOnIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    except IntegrityError as error:  # the same first sign-on, finished a moment earlier
        raise SignOnRefused(SignOnRefused.FAILED, email=email, user=user) from error
    account_event(
        kind=AccountEvent.Kind.SIGN_IN_METHOD_CHANGED,
        account=user,
        acting_user=user,
        detail=f"Single sign-on linked: {provider_name()} ({issuer})",
        request=request,
    )
    return user


def identities_unlink(*, identities, acting_user, request=None) -> int:
    """Unlink accounts from the provider (a person's identity there changed: the next sign-on
    links by verified e-mail again), each recorded on the account. Refused (PermissionDenied),
    unlinking none, when one account is not the acting user's to change
    (untop.security.ceiling): unlinking a superuser's would, with passwords off, turn their
    password back on, and end the provider's second factor for them."""
    identities = list(identities)
    for identity in identities:
        ensure_may_manage(acting_user, identity.user)
    with transaction.atomic():
        for identity in identities:
            identity.delete()
            account_event(
                kind=AccountEvent.Kind.SIGN_IN_METHOD_CHANGED,
                account=identity.user,
                acting_user=acting_user,
                detail=gettext("Unlinked from the single sign-on provider %(issuer)s")
                % {"issuer": identity.issuer},
                request=request,
            )
    return len(identities)


def single_sign_on_device(identity: SingleSignOnIdentity) -> SingleSignOnDevice:
    """The identity's django-otp device, made the first time a trusted provider vouches for
    a second factor (untop.security.models.SingleSignOnDevice)."""
    device, _created = SingleSignOnDevice.objects.get_or_create(
        identity=identity,
        defaults={"user": identity.user, "name": provider_name()[:64], "confirmed": True},
    )
    return device


# --- authentication backends ---------------------------------------------------------------


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code-flow backend, matching accounts by link or verified e-mail.

    Django builds every backend for each sign-in, passwords included: nothing is read from
    the provider until a sign-on comes back to the callback.
    """

    def __init__(self, *args, **kwargs) -> None:
        self.UserModel = get_user_model()

    # The attributes mozilla-django-oidc's methods read, looked up when used.
    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: endpoint("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: endpoint("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: endpoint("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: a password sign-in never reaches the provider.
        if (
            request is None
            or not configured()
            or "nonce" not in kwargs
            or getattr(request.resolver_match, "url_name", None) != "sso_callback"
        ):
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """The ID token's signature, expiry and nonce (mozilla-django-oidc), then its issuer
        and audience, which mozilla-django-oidc leaves unchecked."""
        payload = super().verify_token(token, **kwargs)
        if "nonce" not in kwargs:
            return payload  # a signed userinfo answer, not the ID token
        client_id = settings.OIDC_RP_CLIENT_ID
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if payload.get("iss") != settings.UNTOP_OIDC_ISSUER:
            raise SuspiciousOperation(f"ID token from another issuer: {payload.get('iss')!r}")
        if client_id not in audiences or (len(audiences) > 1 and payload.get("azp") != client_id):
            raise SuspiciousOperation("ID token for another client")
        if not payload.get("sub"):
            raise SuspiciousOperation("ID token without a subject")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: the userinfo must be about the ID token's subject.
        if str(userinfo.get("sub")) != str(payload["sub"]):
            raise SignOnRefused(SignOnRefused.FAILED, detail="userinfo about another subject")
        amr = payload.get("amr") or []
        self.request.untop_single_sign_on = {
            "amr": [amr] if isinstance(amr, str) else list(amr),
            "issuer": payload["iss"],
            "subject": str(payload["sub"]),
        }
        return single_sign_on_account(
            issuer=payload["iss"],
            subject=str(payload["sub"]),
            claims={**payload, **userinfo},
            request=self.request,
        )

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and account_may_sign_in(user) else None


class PasswordsOffBackend:
    """With UNTOP_OIDC_PASSWORDS_OFF, a password does not sign in an account linked to single
    sign-on: the sign-in form says to use the provider's button.

    Listed after django-axes and before the password backend. It speaks only when the
    password is right (a wrong one is refused as usual by the next backend), so the form
    does not tell a stranger which accounts sign on through the provider.
    """

    def authenticate(self, request, username=None, password=None):
        if not (configured() and settings.UNTOP_OIDC_PASSWORDS_OFF) or not username:
            return None
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            return None
        if password is None or not has_single_sign_on(user) or not user.check_password(password):
            return None
        AuthEvent.objects.create(
            kind=AuthEvent.Kind.FAILED,
            user=user,
            username=user.get_username()[:150],
            ip_address=client_ip(request) if request is not None else None,
            user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
        )
        if request is None:
            raise PermissionDenied("single sign-on only")
        # Not PermissionDenied: authenticate() lets this through to the sign-in form, which
        # shows it as the form's error.
        raise ValidationError(
            gettext(
                "Your account signs in with %(provider)s, not with a portal password: "
                "use the “Sign in with %(provider)s” button."
            )
            % {"provider": provider_name()},
            code="single_sign_on_only",
        )

    # No get_user(): this backend never signs anyone in, so no session names it (and the test
    # client's force_login() takes the first backend that has one).


# --- pages ---------------------------------------------------------------------------------


def _log(request: HttpRequest, kind: str, *, user=None, username: str = "") -> None:
    AuthEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def _refused(request: HttpRequest, reason: str, *, email: str = "", status: int) -> HttpResponse:
    return render(
        request,
        "security/oidc_refused.html",
        {"reason": reason, "email": email, "provider": provider_name()},
        status=status,
    )


class SignOnStartView(OIDCAuthenticationRequestView):
    """Send the browser to the provider (state, nonce and PKCE kept in the session)."""

    def __init__(self, **kwargs) -> None:
        View.__init__(self, **kwargs)  # the endpoint is read in get(), where a fault shows

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnreachable as error:
            logger.warning("Single sign-on: the provider cannot be reached: %s", error)
            return _refused(request, SignOnRefused.UNREACHABLE, status=503)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SignOnCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: sign the account in, or say why not."""

    def get(self, request):
        try:
            return super().get(request)
        except SignOnRefused as refusal:
            _log(request, AuthEvent.Kind.SSO_REFUSED, user=refusal.user, username=refusal.email)
            logger.info("Single sign-on refused: %s", refusal)
            return _refused(request, refusal.reason, email=refusal.email, status=403)
        except (ProviderUnreachable, requests.RequestException) as error:
            _log(request, AuthEvent.Kind.SSO_REFUSED)
            logger.warning("Single sign-on: the provider did not answer: %s", error)
            return _refused(request, SignOnRefused.UNREACHABLE, status=502)
        except SuspiciousOperation as error:
            # A forged or replayed answer, or a token that fails its checks.
            _log(request, AuthEvent.Kind.SSO_REFUSED)
            logger.warning("Single sign-on: answer refused: %s", error)
            return _refused(request, SignOnRefused.FAILED, status=400)

    def login_failure(self):
        # The provider answered with an error (the user cancelled, say), or the browser came
        # back without the session it left with.
        _log(self.request, AuthEvent.Kind.SSO_REFUSED)
        return _refused(self.request, SignOnRefused.FAILED, status=400)

    def login_success(self):
        response = super().login_success()  # auth.login: the portal's sign-in steps start
        signed_on = getattr(self.request, "untop_single_sign_on", {})
        if settings.UNTOP_OIDC_TRUSTS_MFA and "mfa" in signed_on.get("amr", []):
            # The provider asked for a second factor: it counts as the portal's own code,
            # through the identity's django-otp device (so no set-up link is needed either).
            identity = SingleSignOnIdentity.objects.get(
                user=self.user, issuer=signed_on["issuer"], subject=signed_on["subject"]
            )
            django_otp.login(self.request, single_sign_on_device(identity))
            sessions.link_needed_told(self.request)
        _log(self.request, AuthEvent.Kind.SSO_SIGNED_IN, user=self.user)
        return response


def routes() -> list:
    """The URL patterns of single sign-on: none while no provider is configured."""
    if not configured():
        return []
    patterns = [
        path(
            "start/", login_not_required(never_cache(SignOnStartView.as_view())), name="sso_start"
        ),
        path(
            "callback/",
            login_not_required(never_cache(SignOnCallbackView.as_view())),
            name="sso_callback",
        ),
    ]
    return [path("accounts/sso/", include(patterns))]


def single_sign_on(request: HttpRequest) -> dict:
    """Context processor: the provider's name and start address, for the sign-in button."""
    if not configured():
        return {}
    try:
        url = reverse("sso_start")
    except NoReverseMatch:  # configured after the URLs were loaded: no routes, no button
        return {}
    return {"single_sign_on": {"name": provider_name(), "url": url}}
