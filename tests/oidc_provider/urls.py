"""The provider's pages: its own sign-in form and django-oidc-provider's endpoints under
/openid/ (so the issuer is PROVIDER_URL + "/openid")."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
