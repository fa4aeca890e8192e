"""The client's IP address, trusting X-Forwarded-For only as far as the proxies we run.

Each trusted reverse proxy appends the address it received the request from to
X-Forwarded-For. With N trusted proxies in front of the portal, the client's address is
the N-th entry from the right; everything further left was written by the client and can
be forged. With no trusted proxy (the default) the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address sign-in attempts are counted and logged under."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    trusted = settings.UNTOP_TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < trusted:
        return remote
    return _valid(forwarded[-trusted]) or remote
