"""The API's rate limit: so many requests per user (``UNTOP_API_RATE``, e.g. "1000/hour"),
counted in the portal's cache (settings.CACHES["default"])."""

from __future__ import annotations

import logging

from django.conf import settings
from rest_framework.throttling import UserRateThrottle

logger = logging.getLogger(__name__)


class PerUserThrottle(UserRateThrottle):
    """DRF's per-user throttle, with two changes.

    The rate is read from the settings on each request (DRF reads its rates once, at import),
    so that a deployment, or a test, sets ``UNTOP_API_RATE`` alone.

    The cache is an accelerator, never a reason for a page to fail (DESIGN.md): while it
    cannot be reached the request is let through unthrottled, and the fault logged.
    """

    def get_rate(self) -> str | None:
        return settings.UNTOP_API_RATE or None

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache's client raises its own errors (Redis, memcached)
            logger.warning("API rate limit not applied: the cache cannot be reached.")
            return True
