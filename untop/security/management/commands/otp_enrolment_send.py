"""E-mail a user the one-time link to set up their authenticator app, from the command line.

For when no administrator can open the back office to send it: the portal's first
administrators after the set-up window, or the last one whose phone is lost (delete their
device with --replace).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from untop.security import otp


class Command(BaseCommand):
    help = "E-mail a user a one-time link to set up their authenticator app."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the user's authenticator first (a lost phone); recorded on the account.",
        )

    def handle(self, *args, username: str, replace: bool, **options) -> None:
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user is named {username!r}.") from error
        if replace:
            devices = TOTPDevice.objects.filter(user=user).select_related("user")
            otp.devices_remove(devices=list(devices), acting_user=None)
        try:
            otp.otp_enrolment_send(user=user, acting_user=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"A set-up link was e-mailed to {user.email}; it works once, within "
            f"{otp.enrolment_hours()} hours."
        )
