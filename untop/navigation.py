"""The main menu: apps register their pages in their portal.py; base.html lists them.

The menu is built per request from the links the user may open, so an area app adds its
pages without editing the base template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from untop.registry import Registry


@dataclass(frozen=True)
class NavLink:
    """One entry of the main menu."""

    label: str
    url_name: str
    permission: str | None = None
    # The entry is marked current on pages whose URL names start with one of these.
    current_for: tuple[str, ...] = ()
    order: int = 100
    # For pages that check more than a permission (a group, as confidential pages do):
    # the entry is shown only to users this says may open the page.
    shown_to: Callable | None = None
    # A count shown beside the label (what waits for the user), from a cached figure: the
    # menu is on every page and must not add a query to each.
    badge: Callable | None = None


_registered: Registry = Registry("menu entry")
#: The menu's entries in their order.
_links: list[NavLink] = []


def register_nav_link(link: NavLink) -> None:
    """Add a page to the main menu (an app's portal.py calls it), once per label."""
    _registered.register(str(link.label), link)
    _links[:] = sorted(_registered.values(), key=lambda entry: entry.order)


def navigation(request: HttpRequest) -> dict:
    """Context processor: the menu entries the signed-in user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    match = getattr(request, "resolver_match", None)
    here = f"{match.namespace}:{match.url_name}" if match else ""
    entries = []
    for link in _links:
        if link.permission and not user.has_perm(link.permission):
            continue
        if link.shown_to is not None and not link.shown_to(user):
            continue
        prefixes = link.current_for or (link.url_name,)
        entries.append(
            {
                "label": link.label,
                "url": reverse(link.url_name),
                "current": any(here.startswith(prefix) for prefix in prefixes),
                # Read only where a page shows the menu (the template calls it).
                "badge": partial(link.badge, user) if link.badge is not None else None,
            }
        )
    return {"nav_links": entries}


def first_page_for(user) -> str:
    """The first menu page the user may open: where signing in and the portal's root lead.

    An administrator whose role opens no programme page lands in the back office.
    """
    for link in _links:
        if not link.permission or user.has_perm(link.permission):
            return reverse(link.url_name)
    if user.is_staff:
        return reverse("admin:index")
    return reverse("account")


def back_to(request: HttpRequest, default: str, *, or_referer: bool = False) -> str:
    """Where a form sends the user back: its ``next`` field (or the page it was sent from,
    with ``or_referer``) when that is a page of this site, else ``default``."""
    candidates = [request.POST.get("next"), request.GET.get("next")]
    if or_referer:
        candidates.append(request.headers.get("referer"))
    for candidate in candidates:
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return default
