"""The account page and its security steps: two-factor set-up and code, password again, e-mail."""

from __future__ import annotations

import base64
import importlib
import logging
import sqlite3
import sys
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from untop.audit.models import AuthEvent

from . import otp, sessions
from .clientip import client_ip
from .forms import EmailChangeForm, PasswordConfirmForm, TokenForm

logger = logging.getLogger(__name__)


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


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
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own account: e-mail, password and two-factor sign-in."""
    return render(
        request,
        "accounts/account.html",
        {
            "has_device": otp.has_device(request.user),
            "needs_two_factor": sessions.needs_two_factor(request.user),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: scan the QR code, then type the first code it shows."""
    if not sessions.recently_authenticated(request):
        return _ask_for_password(request)
    device = otp.unconfirmed_device(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.device_confirm(
            device=device,
            token=form.cleaned_data["token"],
            acting_user=request.user,
            ip_address=client_ip(request),
        ):
            sessions.mark_verified(request)
            messages.success(request, gettext_lazy("Two-factor sign-in is on for your account."))
            return redirect(_next_url(request, reverse("account")))
        form.add_error(
            "token", gettext_lazy("That code is not right. Check the app and type the code again.")
        )
    qr = base64.b64encode(otp.qr_code_svg(device).encode()).decode()
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": f"data:image/svg+xml;base64,{qr}",
            "secret": secret,
            "next": _next_url(request, ""),
        },
    )


@login_required
@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second sign-in step: the code from the user's authenticator app."""
    if not otp.has_device(request.user):
        return redirect("two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.token_verify(user=request.user, token=form.cleaned_data["token"]):
            request.session.cycle_key()
            sessions.mark_verified(request)
            _log(request, AuthEvent.Kind.OTP_VERIFIED)
            return redirect(_next_url(request, reverse("home")))
        _log(request, AuthEvent.Kind.OTP_FAILED)
        form.add_error(
            "token", gettext_lazy("That code is not right, or too many codes were tried: wait.")
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request, "")},
    )


@login_required
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Type the password again before a change to the account's sign-in."""
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        sessions.mark_reauthenticated(request)
        _log(request, AuthEvent.Kind.REAUTHENTICATED)
        return redirect(_next_url(request, reverse("account")))
    return render(
        request, "accounts/reauthenticate.html", {"form": form, "next": _next_url(request, "")}
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
    if not database_fault(sys.exc_info()[1]):
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
