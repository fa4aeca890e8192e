"""Close the accounts past their expiry date: record it once and end their sessions."""

from django.core.management.base import BaseCommand

from programs.accounts import expired_accounts_close


class Command(BaseCommand):
    help = (
        "Record each active account past its expiry date (an 'Account expired' event, e-mailed "
        "to its holder) and end its open sessions. Run it daily; sign-in is refused anyway."
    )

    def handle(self, *args, **options):
        closed = expired_accounts_close()
        for user in closed:
            self.stdout.write(f"{user.username}: expired on {user.expires_on:%Y-%m-%d}")
        self.stdout.write(f"{len(closed)} accounts expired.")
