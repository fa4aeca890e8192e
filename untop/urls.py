"""The portal's URL map: accounts, the programme pages, reports and the admin back office."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from untop.views import favicon, health

admin.site.site_header = "UNTOP back office"
admin.site.site_title = "UNTOP back office"
admin.site.index_title = "Records and users"

account_patterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="programs:dashboard"), name="home"),
    path("accounts/", include(account_patterns)),
    path("programs/", include("programs.urls")),
    path("reports/", include("untop.reports.urls")),
    path("elections/", include("elections.urls")),
    path("training/", include("training.urls")),
    path("humanrights/", include("humanrights.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    # Browsers ask for /favicon.ico on pages that name no icon, such as the admin's.
    path("favicon.ico", favicon, name="favicon"),
]
