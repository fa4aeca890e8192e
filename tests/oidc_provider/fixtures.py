"""Pytest fixtures: the test OpenID provider as a process of its own, and the portal set to
use it.

``oidc_provider`` migrates a fresh SQLite database in a temporary folder, creates the signing
key and the portal's client, and starts the provider with ``runserver --noreload`` on a free
port of 127.0.0.1; it is stopped when the test session ends. ``single_sign_on`` configures the
portal for it as the environment would (UNTOP_OIDC_ISSUER, …), loads the URL map again so that
the sign-on routes exist, and puts everything back afterwards.

Test modules import both (``from tests.oidc_provider.fixtures import …``).
"""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches

ROOT = Path(__file__).resolve().parent.parent.parent
CLIENT_ID = "untop-portal"
CLIENT_SECRET = "a-test-client-secret"  # noqa: S105 (the test provider's only client)
PROVIDER_NAME = "Test provider"
START_TIMEOUT = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Provider:
    """The running test provider and the commands that change its users."""

    url: str
    env: dict
    log: Path

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "django", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
        return done.stdout

    def user(
        self,
        username: str,
        *,
        email: str,
        password: str,
        verified: bool = True,
        mfa: bool = False,
        first_name: str = "",
        last_name: str = "",
    ) -> str:
        """Create or change a user at the provider; returns its subject (``sub``)."""
        args = ["provider_user", username, "--email", email, "--password", password]
        args += ["--first-name", first_name, "--last-name", last_name]
        if verified:
            args.append("--verified")
        if mfa:
            args.append("--mfa")
        return self.manage(*args).strip()

    def allow_redirect_uri(self, uri: str) -> None:
        self.manage(
            "provider_setup",
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
            "--redirect-uri",
            uri,
        )


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory) -> Iterator[Provider]:
    folder = tmp_path_factory.mktemp("oidc-provider")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PROVIDER_DB": str(folder / "provider.sqlite3"),
        "PROVIDER_URL": url,
        "PYTHONPATH": str(ROOT),
    }
    provider = Provider(url=url, env=env, log=folder / "provider.log")
    provider.manage("migrate", "--verbosity", "0")
    provider.allow_redirect_uri("http://testserver/accounts/sso/callback/")
    with provider.log.open("w") as log:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, provider.log.read_text()
                assert time.monotonic() < deadline, "the test provider did not start"
                time.sleep(0.2)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _load_urls_again() -> None:
    """The URL map is built from the settings at start-up: build it again."""
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture
def single_sign_on(oidc_provider: Provider) -> Iterator[Provider]:
    """The portal configured for the test provider, as UNTOP_OIDC_* would configure it."""
    with override_settings(
        UNTOP_OIDC_ISSUER=oidc_provider.issuer,
        UNTOP_OIDC_PROVIDER_NAME=PROVIDER_NAME,
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
    ):
        _load_urls_again()
        yield oidc_provider
    _load_urls_again()  # the portal's own settings again: no sign-on routes
