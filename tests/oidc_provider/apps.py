from django.apps import AppConfig


class ProviderSiteConfig(AppConfig):
    """The test provider's own bits: its set-up commands, claims hooks and login page."""

    name = "tests.oidc_provider"
    label = "provider_site"  # "oidc_provider" is django-oidc-provider's own label
