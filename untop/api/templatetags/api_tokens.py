"""``{% api_tokens %}``: the account page's card of the user's API tokens."""

from __future__ import annotations

from django import template

from ..forms import ApiTokenForm
from ..selectors import tokens_of
from ..views import NEW_TOKEN_SESSION_KEY

register = template.Library()


@register.inclusion_tag("api/_tokens.html", takes_context=True)
def api_tokens(context) -> dict:
    """The user's tokens and the form to make one; a token just made is shown this once (it is
    taken out of the session as the page is drawn)."""
    request = context["request"]
    return {
        "tokens": list(tokens_of(request.user)),
        "new_token": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
        "form": ApiTokenForm(),
        "csrf_token": context.get("csrf_token"),
    }
