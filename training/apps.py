"""Seminars, police training and its cascade, study visits and publications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Seminars, police training and its cascade, study visits and publications.

    What the app adds to the portal is declared in training/portal.py.
    """

    name = "training"
    verbose_name = _("Training")
