"""The account pages (under /accounts/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.account, name="account"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/enrol/<str:token>/", views.two_factor_enrol, name="two_factor_enrol"),
    path(
        "two-factor/new-link-needed/",
        views.two_factor_link_needed,
        name="two_factor_link_needed",
    ),
    path("two-factor/code/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("two-factor/recovery-codes/new/", views.recovery_codes_new, name="recovery_codes_new"),
    path("password/confirm/", views.reauthenticate, name="reauthenticate"),
    path("email/", views.email_change, name="email_change"),
]
