"""The account page and its security steps: two-factor set-up, set-up link, code and recovery
codes, password again, e-mail, and Django's password pages with their records and limits."""

from __future__ import annotations

import base64
import datetime
import importlib
import logging
import sqlite3
import sys
from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from untop.audit.accounts import account_event
from untop.audit.models import AccountEvent, AuthEvent
from untop.navigation import back_to
from untop.notifications.selectors import preferences_for
from untop.notifications.services import notification_preferences_set
from untop.uploads import DISK_FULL_MESSAGE, disk_full

from . import otp, sessions
from .clientip import client_ip
from .forms import (
    EmailChangeForm,
    PasswordConfirmForm,
    PasswordResetRequestForm,
    SecondFactorForm,
    TokenForm,
)
from .receivers import REAUTHENTICATION

logger = logging.getLogger(__name__)


def _log(request: HttpRequest, kind: str) -> None:
    AuthEvent.objects.create(
        kind=kind,
        user=request.user,
        username=request.user.get_username(),
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def _ask_for_password(request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()}, safe="/")
    return redirect(f"{reverse('reauthenticate')}?{query}")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own account: e-mail, password, two-factor sign-in, and the
    e-mails they receive (a post saves that choice)."""
    user = request.user
    if request.method == "POST":
        notification_preferences_set(
            user=user, acting_user=user, enabled=request.POST.getlist("notify")
        )
        messages.success(request, gettext_lazy("Your choice of e-mails is saved."))
        return redirect("account")
    has_device = otp.has_device(user)
    return render(
        request,
        "accounts/account.html",
        {
            "has_device": has_device,
            "needs_two_factor": sessions.needs_two_factor(user),
            "may_set_up": _may_pair(request, has_device=has_device),
            "set_up_until": (
                otp.enrolment_deadline(user)
                if sessions.needs_two_factor(user) and not has_device
                else None
            ),
            "recovery_codes_left": otp.recovery_codes_left(user) if has_device else None,
            "notification_preferences": preferences_for(user),
        },
    )


def _may_pair(request: HttpRequest, *, has_device: bool | None = None) -> bool:
    """Whether the plain set-up page may pair an app for this user (no link needed).

    Someone who has given their current app's code in this session may replace it; one who
    has no app may set one up while the enrolment window is open (untop.security.otp).
    """
    if has_device is None:
        has_device = otp.has_device(request.user)
    if has_device:
        return request.user.is_verified()
    return otp.enrolment_window_open(request.user)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: scan the QR code, then type the first code it shows."""
    if not _may_pair(request):
        return _link_needed_page(request, status=403)
    if not sessions.recently_authenticated(request):
        return _ask_for_password(request)
    return _pair(request, template="accounts/two_factor_setup.html")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """Pair an authenticator app through the one-time link an administrator had e-mailed."""
    if not otp.enrolment_token_valid(token, user=request.user):
        return render(request, "security/enrolment_link_invalid.html", status=404)
    if not sessions.recently_authenticated(request):
        return _ask_for_password(request)
    return _pair(request, template="accounts/two_factor_setup.html")


def _pair(request: HttpRequest, *, template: str) -> HttpResponse:
    device = otp.unconfirmed_device(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.device_confirm(
            device=device,
            token=form.cleaned_data["token"],
            acting_user=request.user,
            ip_address=client_ip(request),
            request=request,
        ):
            # The first code from the app verifies this session, as the sign-in's step does.
            django_otp.login(request, device)
            sessions.link_needed_told(request)
            codes = otp.recovery_codes_make(
                user=request.user, acting_user=request.user, request=request
            )
            sessions.recovery_codes_keep(request, codes)
            messages.success(request, gettext_lazy("Two-factor sign-in is on for your account."))
            query = urlencode({"next": back_to(request, reverse("account"))}, safe="/")
            return redirect(f"{reverse('recovery_codes')}?{query}")
        form.add_error(
            "token", gettext_lazy("That code is not right. Check the app and type the code again.")
        )
    qr = base64.b64encode(otp.qr_code_svg(device).encode()).decode()
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        template,
        {
            "form": form,
            "qr_data_uri": f"data:image/svg+xml;base64,{qr}",
            "secret": secret,
            "next": back_to(request, ""),
        },
    )


def _link_needed_page(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "security/enrolment_link_needed.html",
        {"hours": otp.enrolment_hours()},
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET"])
def two_factor_link_needed(request: HttpRequest) -> HttpResponse:
    """Shown after the sign-in of a user who must have a second factor and may no longer set
    one up alone: an administrator must send a new set-up link."""
    sessions.link_needed_told(request)
    if _may_pair(request):
        return redirect("account")
    return _link_needed_page(request)


@login_required
@never_cache
@require_http_methods(["GET"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown this once (they were just made)."""
    return render(
        request,
        "security/recovery_codes.html",
        {
            "codes": sessions.recovery_codes_take(request),
            "next": back_to(request, reverse("account")),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes (the old ones stop working), after the password again."""
    if not otp.has_device(request.user):
        return redirect("account")
    if not sessions.recently_authenticated(request):
        return _ask_for_password(request)
    if request.method == "POST":
        codes = otp.recovery_codes_make(
            user=request.user, acting_user=request.user, request=request
        )
        sessions.recovery_codes_keep(request, codes)
        return redirect("recovery_codes")
    return render(
        request,
        "security/recovery_codes_new.html",
        {"left": otp.recovery_codes_left(request.user)},
    )


@login_required
@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second sign-in step: the code from the user's authenticator app, or a recovery code."""
    if not otp.has_device(request.user):
        return redirect("two_factor_setup")
    if request.user.is_verified():
        return redirect(back_to(request, reverse("home")))  # given already, this session
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if form.recovery:
            device = otp.recovery_code_use(user=request.user, code=token, request=request)
        else:
            device = otp.token_verify(user=request.user, token=token)
        if device is not None:
            request.session.cycle_key()
            django_otp.login(request, device)
            _log(request, AuthEvent.Kind.OTP_VERIFIED)
            if form.recovery:
                messages.warning(
                    request,
                    gettext_lazy(
                        "You signed in with a recovery code: it works only once. "
                        "%(left)s are left; make new ones from your account page."
                    )
                    % {"left": otp.recovery_codes_left(request.user)},
                )
            return redirect(back_to(request, reverse("home")))
        _log(request, AuthEvent.Kind.OTP_FAILED)
        form.add_error(
            "token", gettext_lazy("That code is not right, or too many codes were tried: wait.")
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": back_to(request, "")},
    )


@login_required
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Type the password again before a change to the account's sign-in.

    A wrong password counts toward django-axes' lockout exactly as a failed sign-in of the
    same user name from the same client address does; once locked out, the page says so.
    """
    credentials = {"username": request.user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, credentials=credentials)
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            sessions.mark_reauthenticated(request)
            _log(request, AuthEvent.Kind.REAUTHENTICATED)
            return redirect(back_to(request, reverse("account")))
        if "password" in form.errors:
            # axes' own handler counts the failure (and locks out at the limit: AxesMiddleware
            # then answers with the lockout page); the receiver logs REAUTH_FAILED.
            setattr(request, REAUTHENTICATION, True)
            user_login_failed.send(
                sender=__name__,
                credentials={"username": request.user.get_username()},
                request=request,
            )
    return render(
        request, "accounts/reauthenticate.html", {"form": form, "next": back_to(request, "")}
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    """Change the e-mail address that password resets go to (after the password again)."""
    if not sessions.recently_authenticated(request):
        return _ask_for_password(request)
    form = EmailChangeForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        _log(request, AuthEvent.Kind.EMAIL_CHANGED)
        messages.success(request, gettext_lazy("Your e-mail address is changed."))
        return redirect("account")
    return render(request, "accounts/email_change.html", {"form": form})


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, after the password was given again within a few minutes."""

    success_url = reverse_lazy("password_change_done")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not sessions.recently_authenticated(request):
            return _ask_for_password(request)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        account_event(
            kind=AccountEvent.Kind.PASSWORD_CHANGED,
            account=self.request.user,
            acting_user=self.request.user,
            request=self.request,
        )
        return response


def reset_throttled(*, email: str, address: str | None) -> bool:
    """Whether an e-mail address, or a client address, asked for enough reset links this hour.

    Counted from the sign-in log's RESET_REQUESTED rows (UNTOP_RESET_LIMIT_PER_ACCOUNT per
    e-mail address, UNTOP_RESET_LIMIT_PER_ADDRESS per client address).
    """
    recent = AuthEvent.objects.filter(
        kind=AuthEvent.Kind.RESET_REQUESTED, at__gte=timezone.now() - datetime.timedelta(hours=1)
    )
    if recent.filter(username=email).count() >= settings.UNTOP_RESET_LIMIT_PER_ACCOUNT:
        return True
    return bool(
        address
        and recent.filter(ip_address=address).count() >= settings.UNTOP_RESET_LIMIT_PER_ADDRESS
    )


@method_decorator(never_cache, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with a limit per e-mail address and per client address.

    Over the limit, the page answers exactly as it does otherwise ("if an account uses that
    address, a link is on its way"), so that it tells nobody whether an account exists, and
    sends nothing.
    """

    form_class = PasswordResetRequestForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()[:150]
        address = client_ip(self.request)
        User = get_user_model()
        holder = User._default_manager.filter(email__iexact=email, is_active=True).first()
        kind = (
            AuthEvent.Kind.RESET_THROTTLED
            if reset_throttled(email=email, address=address)
            else AuthEvent.Kind.RESET_REQUESTED
        )
        AuthEvent.objects.create(
            kind=kind,
            user=holder,
            username=email,
            ip_address=address,
            user_agent=self.request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        if kind == AuthEvent.Kind.RESET_THROTTLED:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


@method_decorator(never_cache, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's "choose your password" page of a reset or invitation link, recorded."""

    def form_valid(self, form):
        response = super().form_valid(form)
        account_event(
            kind=AccountEvent.Kind.PASSWORD_SET,
            account=form.user,
            acting_user=form.user,
            request=self.request,
        )
        return response


def _driver_faults() -> tuple[type[BaseException], ...]:
    """The database drivers' own fault classes: some reach a view unwrapped by Django (a
    cursor closed on a lost connection, while Django handles the first error)."""
    faults: list[type[BaseException]] = [sqlite3.OperationalError, sqlite3.InterfaceError]
    for name in ("psycopg2", "psycopg"):
        try:
            driver = importlib.import_module(name)
        except ImportError:
            continue
        faults += [driver.OperationalError, driver.InterfaceError]
    return tuple(faults)


DATABASE_FAULTS = (OperationalError, InterfaceError, *_driver_faults())


def database_fault(error: BaseException | None) -> bool:
    """Whether a request failed because the database stopped answering.

    True when the error, or any error it was raised from or while handling (templates,
    cleanup code and drivers may raise another kind in its place), is a database fault; or
    when a connection that failed during the request no longer answers.
    """
    pending, seen = [error], set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, DATABASE_FAULTS):
            return True
        pending += [current.__cause__, current.__context__]
    for connection in connections.all(initialized_only=True):
        if (
            connection.connection is not None
            and connection.errors_occurred
            and not connection.in_atomic_block
            and not connection.is_usable()
        ):
            return True
    return False


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: a database that stopped answering gets its own page, status 503.

    That page repeats a sent form's fields in a form of its own, so that "Send it again"
    posts the same entry once the database is back. The connection may have dropped after
    the entry's COMMIT reached the server: the page asks the database whether the form's key
    was saved (untop.security.models.SentForm) before it says the entry was not, and says
    so when it cannot tell; sent again, a saved form is not saved twice.
    """
    error = sys.exc_info()[1]
    if disk_full(error):
        # Any upload, the back office's included (Django's own temporary files too): the
        # transaction was rolled back, so nothing of the entry was saved.
        html = loader.get_template("disk_full.html").render({"message": DISK_FULL_MESSAGE})
        return HttpResponse(html, status=507)
    if not database_fault(error):
        return HttpResponseServerError(loader.get_template("500.html").render())
    # Drop the broken connection now, so that the next request opens a new one.
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
    fields = []
    if request.method == "POST":
        fields = [(name, value) for name, values in request.POST.lists() for value in values]
        if any(_secret(name) for name, _ in fields):
            fields = []  # never write a password or a code back into a page
    html = loader.get_template("security/database_unavailable.html").render(
        {
            "entry": _entry_saved(request),
            "resend_to": request.get_full_path() if fields else "",
            "fields": fields,
            "had_files": bool(request.method == "POST" and request.FILES),
            "back_to": request.get_full_path(),
        }
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def _entry_saved(request: HttpRequest) -> dict | None:
    """Whether the form this failed post sent had been saved: {"saved": True, "at": where it
    led}, {"saved": False}, or {"saved": None} when the database cannot tell yet. None for
    a request that sent no form."""
    from .form_key import FIELD
    from .models import SentForm

    key = request.POST.get(FIELD) if request.method == "POST" else None
    user = getattr(request, "user", None)
    if not key or user is None or not user.is_authenticated:
        return None
    try:
        sent = SentForm.objects.filter(user=user, key=key).first()
    except DatabaseError:
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
        return {"saved": None}
    if sent is None:
        return {"saved": False}
    return {"saved": True, "at": sent.location}


def _secret(name: str) -> bool:
    return "password" in name or name in {"token", "otp_token"}
