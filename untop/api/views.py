"""The API's pages in the portal: the documentation page, and the account page's token forms
(making one, shown once, and revoking one)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .forms import ApiTokenForm
from .selectors import tokens_of
from .services import api_token_create, api_token_revoke

#: The new token waits here, in the user's session, for the account page to show it once.
NEW_TOKEN_SESSION_KEY = "untop.api.new_token"  # noqa: S105 (a name, not a secret)


def _to_account() -> HttpResponse:
    return redirect(reverse("account") + "#api-tokens")


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI (vendored: static/vendor/swagger-ui) over the portal's schema, for signed-in
    users; it calls the API with their session."""
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})


@login_required
@never_cache
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token, then back to the account page, which shows it once.

    The form carries its key ({% form_key %}): sent twice, it makes one token
    (untop.security.middleware.SentOnceMiddleware follows this redirect the second time)."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _to_account()
    try:
        token, secret = api_token_create(
            acting_user=request.user,
            name=form.cleaned_data["name"],
            valid_days=form.cleaned_data["valid_days"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _to_account()
    request.session[NEW_TOKEN_SESSION_KEY] = {"name": token.name, "token": secret}
    return _to_account()


@login_required
@never_cache
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    """Revoke one of the user's own tokens (another person's is not found)."""
    token = tokens_of(request.user).filter(digest=request.POST.get("token", "")).first()
    if token is None:
        raise Http404(_("No such token of yours."))
    api_token_revoke(token=token, acting_user=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return _to_account()
