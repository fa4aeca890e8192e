"""The portal's URL map: accounts, the programme pages, reports and the admin back office."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from untop.api import urls as api_urls
from untop.i18n import language_set
from untop.security import oidc
from untop.security import views as security_views
from untop.views import favicon, health, home

# A database that stops answering gets a 503 page that keeps the sent form (untop.security).
handler500 = "untop.security.views.server_error"

admin.site.site_header = _("UNTOP back office")
admin.site.site_title = _("UNTOP back office")
admin.site.index_title = _("Records and users")

account_patterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", security_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", security_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        security_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include(account_patterns)),
    path("accounts/", include("untop.security.urls")),
    path("accounts/", include(api_urls.account_urlpatterns)),
    # Single sign-on (OpenID Connect): its routes exist only when a provider is configured.
    *oidc.routes(),
    path("programs/", include("programs.urls")),
    path("reports/", include("untop.reports.urls")),
    path("elections/", include("elections.urls")),
    path("training/", include("training.urls")),
    path("humanrights/", include("humanrights.urls")),
    path("imports/", include("untop.imports.urls")),
    # Every background job's status, for the pages that follow one (untop/job_views.py).
    path("jobs/", include("untop.job_views")),
    # The read-only API, its schema and documentation page (untop/api).
    path("api/v1/", include("untop.api.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("language/", language_set, name="language_set"),
    # Browsers ask for /favicon.ico on pages that name no icon, such as the admin's.
    path("favicon.ico", favicon, name="favicon"),
]
