"""The API's endpoints, declared by each app in its portal module (untop.registry).

An app writes its viewsets in ``<app>/api.py`` on :class:`ReadOnlyEndpoint` and registers each
from its ``portal.py`` with ``register_endpoint(Endpoint("activities", ActivityEndpoint))``;
untop/api/urls.py routes them all under /api/v1/.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from rest_framework import permissions, viewsets

from untop.registry import Registry


class PortalPermissions(permissions.BasePermission):
    """The permissions the endpoint's portal page asks (``view.required_permissions``)."""

    def has_permission(self, request, view) -> bool:
        return request.user.has_perms(getattr(view, "required_permissions", ()))


class ReadOnlyEndpoint(viewsets.ReadOnlyModelViewSet):
    """A list and its records, for signed-in users and tokens, with the permissions of the
    portal page it mirrors. Its ``get_queryset`` is the page's own: a record the page would
    not show is 404 here too."""

    permission_classes = (permissions.IsAuthenticated, PortalPermissions)
    required_permissions: tuple[str, ...] = ()

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # The portal's LoginRequiredMiddleware would send a token caller (whom only DRF
        # knows) to the sign-in page: the endpoint checks who is calling itself.
        return login_not_required(super().as_view(actions, **initkwargs))


@dataclass(frozen=True)
class Endpoint:
    """An endpoint under /api/v1/<prefix>/, named ``api:<basename>-list`` and ``-detail``."""

    prefix: str
    viewset: type[ReadOnlyEndpoint]
    basename: str


_endpoints: Registry = Registry("API endpoint")


def register_endpoint(endpoint: Endpoint) -> None:
    _endpoints.register(endpoint.prefix, endpoint)


def endpoints() -> list[Endpoint]:
    """Every endpoint registered, in the order of INSTALLED_APPS."""
    return list(_endpoints.values())
