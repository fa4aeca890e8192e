"""Middleware shared by every page of the portal."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send the portal's Content Security Policy: only its own scripts, styles and fonts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
