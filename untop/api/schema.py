"""What the OpenAPI schema says of the portal's own token check (drf-spectacular's knox
extension names knox's class only, not a subclass)."""

from __future__ import annotations

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme


class ApiTokenScheme(KnoxTokenScheme):
    """``Authorization: Token <token>``, a token made on the account page."""

    target_class = "untop.api.auth.ApiTokenAuthentication"
    name = "apiToken"
