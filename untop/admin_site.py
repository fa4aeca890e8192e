"""The back office's admin site: Django's, with the users in an "Accounts" section on top,
open only to a session verified by the second factor (django-otp's admin-site gate).

It is the default site (untop.admin_apps.PortalAdminConfig), so `admin.site`,
`@admin.register` and every `admin:` URL name work as before. The users' model belongs to
the programs app, but the people who manage them look for them with the roles (groups):
the index lists both in one section, first, named after the auth app ("Accounts").
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.template.defaultfilters import floatformat
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

ACCOUNTS_APP = "auth"


class PortalAdminSite(admin.AdminSite):
    """The portal's back office (its look is in templates/admin/ and static/css/admin.css)."""

    # The portal's header and the breadcrumbs lead around; without the sidebar the lists
    # keep their columns whole on a 1366-pixel screen.
    enable_nav_sidebar = False

    def has_permission(self, request):
        """Staff, and verified by the second factor in this session, as django-otp's
        ``OTPAdminSite`` asks: an unverified manager is treated as if not staff.

        The portal keeps its own sign-in page, and its two-factor middleware
        (untop.security.middleware.TwoFactorMiddleware) sends such a user to the code or
        set-up page before the back office answers; this is the gate behind it.
        """
        return super().has_permission(request) and _is_verified(request.user)

    def each_context(self, request):
        """Every back-office page knows which models it files under "Accounts" (for the
        breadcrumbs of templates/admin/change_list.html and the like)."""
        return {**super().each_context(request), "accounts_models": _accounts_models()}

    def get_app_list(self, request, app_label=None):
        """Every app's models as Django lists them, but the users in "Accounts", first."""
        app_list = super().get_app_list(request)
        moved = _accounts_models()
        people = []
        for app in app_list:
            for model in list(app["models"]):
                if app["app_label"] == ACCOUNTS_APP or model["model"]._meta.label_lower in moved:
                    people.append(model)
                    app["models"].remove(model)
        app_list = [app for app in app_list if app["models"]]
        if people:
            app_list.insert(0, self._accounts_section(request, people))
        if app_label is not None:
            return [app for app in app_list if app["app_label"] == app_label]
        return app_list

    def _accounts_section(self, request, models: list[dict]) -> dict:
        try:
            url = reverse(
                "admin:app_list", kwargs={"app_label": ACCOUNTS_APP}, current_app=self.name
            )
        except NoReverseMatch:  # no model of the auth app registered: the first model's list
            url = models[0]["admin_url"]
        # Users before groups (the roles), as an administrator adds a user, then a role.
        models.sort(key=lambda m: (m["model"]._meta.app_label == ACCOUNTS_APP, m["name"]))
        return {
            "name": apps.get_app_config(ACCOUNTS_APP).verbose_name,
            "app_label": ACCOUNTS_APP,
            "app_url": url,
            "has_module_perms": True,
            "models": models,
        }


def _is_verified(user) -> bool:
    """django-otp's answer (OTPMiddleware installs it); no answer counts as not verified."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def _accounts_models() -> set[str]:
    """The models outside the auth app listed under "Accounts": the users."""
    return {settings.AUTH_USER_MODEL.lower()}


def money(value: Decimal | None, currency: str = "") -> str:
    """An amount as the portal writes money in tables: grouped, two decimals, in the
    language's separators (2,222,660.00 in English, 2 222 660,00 in Russian), in a cell
    the back office's stylesheet aligns right. `floatformat:"2g"` of the portal's pages."""
    if value is None:
        return "–"
    text = floatformat(value, "2g")
    if currency:
        return format_html('<span class="num">{}&nbsp;{}</span>', text, currency)
    return format_html('<span class="num">{}</span>', text)
