"""A real OpenID provider for the single sign-on tests: django-oidc-provider in a Django
project of its own, started as a separate process on a free port by the ``oidc_provider``
fixture (fixtures.py). Never imported by the portal.

By hand, from the checkout (the fixture does the same)::

    export DJANGO_SETTINGS_MODULE=tests.oidc_provider.settings \\
        PROVIDER_DB=/tmp/provider.sqlite3 PROVIDER_URL=http://127.0.0.1:8765
    .venv/bin/python -m django migrate
    .venv/bin/python -m django provider_setup --client-id untop-portal \\
        --client-secret a-test-client-secret \\
        --redirect-uri http://127.0.0.1:8000/accounts/sso/callback/
    .venv/bin/python -m django provider_user alice --password alice-pass-1 \\
        --email alice@untop.example.org --verified
    .venv/bin/python -m django runserver --noreload 127.0.0.1:8765

and start the portal with UNTOP_OIDC_ISSUER=http://127.0.0.1:8765/openid,
UNTOP_OIDC_CLIENT_ID=untop-portal and UNTOP_OIDC_CLIENT_SECRET=a-test-client-secret.
"""
