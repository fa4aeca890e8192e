"""The language the portal speaks: the user's choice, else the language cookie, else the browser.

Django's LocaleMiddleware reads the cookie and the browser's Accept-Language header; the
middleware here runs after authentication and puts a signed-in user's saved language on top,
so a user reads the portal in their language on any computer. The switcher in the header posts
to `language_set`, which saves the choice on the user (when signed in) and in the cookie (always,
so that the sign-in page itself can be read in Russian or Tajik).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST

from untop.navigation import back_to

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)

# Django's words for the time since a date ("2 years, 3 months", its `timesince` filter: the
# tracker's overdue follow-ups), which its Tajik catalogue lacks. Marked here so that the
# portal's catalogues carry them (makemessages keeps what the code marks); the Russian
# ones repeat Django's own.
TIME_SINCE_WORDS = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)


class UserLanguageMiddleware:
    """Speak a signed-in user's saved language, whatever the browser asks for.

    Goes after AuthenticationMiddleware and LocaleMiddleware; a user with no saved
    language keeps what LocaleMiddleware chose (the cookie, then the browser).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        if user is not None and user.is_authenticated and language in LANGUAGE_CODES:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def user_language_set(*, user, language: str, acting_user) -> None:
    """Save the language the portal speaks to `user` (a user may only set their own)."""
    if language not in LANGUAGE_CODES:
        raise ValueError(f"unknown language {language!r}")
    if acting_user.pk != user.pk:
        raise PermissionError("a user may only choose their own language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# Anyone may choose the language they read, including on the sign-in page before signing in.
@login_not_required
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the portal's language for this browser, and for the signed-in user everywhere."""
    language = request.POST.get("language", "")
    if language not in LANGUAGE_CODES:
        return HttpResponseBadRequest(_("Choose one of the portal's languages."))
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=language, acting_user=request.user)
    translation.activate(language)
    response = HttpResponseRedirect(back_to(request, reverse("home"), or_referer=True))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
