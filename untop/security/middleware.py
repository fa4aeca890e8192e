"""Middleware of the sign-in rules: timeouts, the two-factor step, no caching of signed-in pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _

from . import sessions

# Refresh the "last seen" time at most this often, so that browsing does not write the
# session on every page (the inactivity timeout is exact to within this many seconds).
LAST_SEEN_GRANULARITY = 60


def redirect_with_next(url_name: str, request: HttpRequest) -> HttpResponse:
    """Redirect to a page that sends the user back here afterwards."""
    query = urlencode({"next": request.get_full_path()}, safe="/")
    return redirect(f"{reverse(url_name)}?{query}")


class NoStoreMiddleware:
    """Signed-in pages hold personal and confidential data: no browser or proxy may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(settings.STATIC_URL):
            return response  # the same for everyone, and cached for a year (WhiteNoise)
        try:
            signed_in = request.user.is_authenticated
        except AttributeError:
            signed_in = False
        except DatabaseError:
            signed_in = True  # the database is down: store nothing, to be safe
        if signed_in:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionTimeoutMiddleware:
    """Sign the user out after UNTOP_SESSION_IDLE_TIMEOUT seconds without a request, and
    UNTOP_SESSION_ABSOLUTE_TIMEOUT seconds after the sign-in, whatever they do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = sessions.now()
            signed_in = session.get(sessions.SIGNED_IN_AT)
            last_seen = session.get(sessions.LAST_SEEN_AT)
            if signed_in is None or last_seen is None:
                # A session from before these rules: start its clocks now.
                session[sessions.SIGNED_IN_AT] = signed_in = now
                session[sessions.LAST_SEEN_AT] = last_seen = now
            if (
                now - last_seen > settings.UNTOP_SESSION_IDLE_TIMEOUT
                or now - signed_in > settings.UNTOP_SESSION_ABSOLUTE_TIMEOUT
            ):
                logout(request)
                messages.info(request, _("You were signed out after a time. Please sign in again."))
                return redirect_with_next(settings.LOGIN_URL, request)
            if now - last_seen >= LAST_SEEN_GRANULARITY:
                session[sessions.LAST_SEEN_AT] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Ask for the authenticator code after the password, and before the back office.

    Whether this session gave the second factor is django-otp's answer:
    ``request.user.is_verified()`` (``OTPMiddleware``, from the device ``django_otp.login()``
    stored at the code step). A user with an authenticator app gives its code after every
    sign-in before any page opens. Managers and administrators (everyone who may open the
    back office) must be verified before it opens; one without a device is sent to set one
    up while their account is new (untop.security.otp), and after that to a page saying that
    an administrator must send a set-up link (also the first page after such a user's
    sign-in). The back office's own gate (untop.admin_site) asks the same question.

    One query per signed-in request: the verified session's device (OTPMiddleware), or
    whether an unverified user has an authenticator app.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified():
            from .otp import enrolment_window_open, has_device

            path = request.path_info
            with_device = has_device(user)
            if with_device and not self._open_while_pending(path):
                return self._to("two_factor_verify", request)
            if sessions.is_link_needed(request) and not self._open_while_link_needed(path):
                return redirect("two_factor_link_needed")
            if path.startswith(reverse("admin:index")) and sessions.needs_two_factor(user):
                if not enrolment_window_open(user):
                    return redirect("two_factor_link_needed")
                messages.info(
                    request,
                    _(
                        "The back office needs a second sign-in step. "
                        "Set up an authenticator app first."
                    ),
                )
                return self._to("two_factor_setup", request)
        return self.get_response(request)

    @staticmethod
    def _open_while_pending(path: str) -> bool:
        return path in {reverse("two_factor_verify"), reverse("logout")} or path.startswith(
            settings.STATIC_URL
        )

    @staticmethod
    def _open_while_link_needed(path: str) -> bool:
        enrol = reverse("two_factor_enrol", args=["-"])[: -len("-/")]
        return path in {
            reverse("two_factor_link_needed"),
            reverse("logout"),
            reverse("language_set"),
        } or path.startswith((enrol, reverse("reauthenticate"), settings.STATIC_URL))

    @staticmethod
    def _to(name: str, request: HttpRequest) -> HttpResponse:
        return redirect_with_next(name, request)


class SentOnceMiddleware:
    """A form sent twice saves once: a double click on "Save", or "Send it again" after the
    connection dropped once the first post had reached the database.

    Each form carries a key of its own (``{% form_key %}``). A signed-in user's post with a
    key runs in one transaction with a ``SentForm`` row for that key: the row commits with
    what the view saved, or not at all. A second post with the same key finds the row (or,
    on PostgreSQL, waits for the first post's transaction to end and then finds it) and is
    sent where the first one went, saving nothing. A post that saves nothing (a form shown
    again with its errors) leaves no row, so the corrected form can be sent.

    Hand-written: the maintained idempotency packages for Django key API requests by an
    HTTP header; a browser form has none, and what to replay here is a redirect, not a body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        from django.db import IntegrityError, transaction

        from .models import SentForm

        sent = SentForm.objects.filter(user=request.user, key=key).first()
        if sent is not None:
            return self._sent_before(request, sent)
        try:
            with transaction.atomic():
                row = SentForm.objects.create(user=request.user, key=key)
                response = self.get_response(request)
                if response.status_code in (301, 302, 303) and response.get("Location"):
                    SentForm.objects.filter(pk=row.pk).update(location=response["Location"][:1000])
                else:
                    SentForm.objects.filter(pk=row.pk).delete()
        except IntegrityError:
            # The same form, sent at the same moment, has just committed: follow it.
            sent = SentForm.objects.filter(user=request.user, key=key).first()
            if sent is None:
                raise
            return self._sent_before(request, sent)
        return response

    @staticmethod
    def _key(request: HttpRequest) -> str | None:
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        from .form_key import FIELD

        key = request.POST.get(FIELD, "")
        return key if 16 <= len(key) <= 64 and key.isalnum() else None

    @staticmethod
    def _sent_before(request: HttpRequest, sent) -> HttpResponse:
        messages.info(request, _("This form had already been sent: it was saved once."))
        return redirect(sent.location or request.get_full_path())
