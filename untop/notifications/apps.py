from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """E-mail notifications: the apps register their kinds from their portal modules
    (untop.notifications.registry); each user turns each kind off on their account page."""

    name = "untop.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
