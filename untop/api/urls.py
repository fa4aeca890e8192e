"""/api/v1/: every endpoint the apps registered (untop.api.registry), the OpenAPI schema and
its documentation page. Names: ``api:<basename>-list``, ``api:<basename>-detail``,
``api:schema``, ``api:docs``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views
from .registry import endpoints

app_name = "api"

router = SimpleRouter()
for _endpoint in endpoints():
    router.register(_endpoint.prefix, _endpoint.viewset, basename=_endpoint.basename)

urlpatterns = [
    *router.urls,
    # Callers with a token are known to DRF only: it checks them (IsAuthenticated).
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", views.docs, name="docs"),
]

#: The account page's token forms (under /accounts/, outside the "api" namespace).
account_urlpatterns = [
    path("api-tokens/new/", views.token_create, name="api_token_create"),
    path("api-tokens/revoke/", views.token_revoke, name="api_token_revoke"),
]
