"""The account pages (under /accounts/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.account, name="account"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/code/", views.two_factor_verify, name="two_factor_verify"),
    path("password/confirm/", views.reauthenticate, name="reauthenticate"),
    path("email/", views.email_change, name="email_change"),
]
