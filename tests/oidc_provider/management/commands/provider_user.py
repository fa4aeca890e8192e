"""Create or change a user of the test provider: password, e-mail, verified, second factor."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from tests.oidc_provider.claims import EMAIL_VERIFIED, MFA


class Command(BaseCommand):
    help = "Create or update a provider user; prints its subject (sub)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password")
        parser.add_argument("--email")
        parser.add_argument("--first-name", default=None)
        parser.add_argument("--last-name", default=None)
        parser.add_argument("--verified", action="store_true", help="the e-mail is verified")
        parser.add_argument("--mfa", action="store_true", help="signs in with a second factor")

    def handle(self, *args, username, password, email, first_name, last_name, **options):
        user, _ = get_user_model().objects.get_or_create(username=username)
        if password:
            user.set_password(password)
        if email is not None:
            user.email = email
        if first_name is not None:
            user.first_name = first_name
        if last_name is not None:
            user.last_name = last_name
        user.save()
        wanted = {EMAIL_VERIFIED: options["verified"], MFA: options["mfa"]}
        groups = [name for name, on in wanted.items() if on]
        user.groups.set(Group.objects.filter(name__in=groups))
        self.stdout.write(str(user.pk))
