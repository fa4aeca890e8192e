"""Set the test provider up: a signing key, the portal as a client, the claim groups."""

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from oidc_provider.models import Client, ResponseType, RSAKey

from tests.oidc_provider.claims import EMAIL_VERIFIED, MFA


class Command(BaseCommand):
    help = "Create the RSA key, the portal's client and the claim groups (again: updates them)."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument(
            "--redirect-uri", action="append", default=[], help="the portal's callback (repeat)"
        )

    def handle(self, *args, client_id, client_secret, redirect_uri, **options):
        if not RSAKey.objects.exists():
            call_command("creatersakey", stdout=self.stdout)
        client, _ = Client.objects.update_or_create(
            client_id=client_id,
            defaults={
                "name": "UNTOP portal",
                "client_type": "confidential",
                "client_secret": client_secret,
                "jwt_alg": "RS256",
                "require_consent": False,
                "reuse_consent": True,
            },
        )
        client.redirect_uris = sorted(set(client.redirect_uris) | set(redirect_uri))
        client.scope = ["openid", "email", "profile"]
        client.save()
        client.response_types.set([ResponseType.objects.get(value="code")])
        for name in (EMAIL_VERIFIED, MFA):
            Group.objects.get_or_create(name=name)
        self.stdout.write(f"client {client_id}: {', '.join(client.redirect_uris)}")
