"""Behind docker compose's reverse proxy, clients are told apart.

Every request reaches the web server from the one proxy's address; the proxy appends the
address it received the request from to X-Forwarded-For. With the proxy count compose sets
(UNTOP_TRUSTED_PROXY_COUNT in the web service's environment), each client has its own
address, so a lockout of one client does not lock out the others, and a client cannot
dodge its own lockout by writing the header itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from untop.security.clientip import client_ip

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's
PROXY = "172.18.0.1"  # where compose's web container sees the host's proxy connect from
ALICE, BOB = "203.0.113.7", "198.51.100.23"


def _compose_proxy_count() -> int:
    web = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]
    return int(web["environment"]["UNTOP_TRUSTED_PROXY_COUNT"])


@pytest.fixture(autouse=True)
def _as_compose_sets_it(settings):
    settings.UNTOP_TRUSTED_PROXY_COUNT = _compose_proxy_count()


def _through_the_proxy(client_address: str, sent_by_client: str = "") -> dict[str, str]:
    """The request's meta as the proxy passes it on: its own address, the client's appended."""
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def _sign_in(client: Client, password: str, **meta):
    return client.post(reverse("login"), {"username": "staff", "password": password}, **meta)


def test_compose_trusts_one_proxy():
    assert _compose_proxy_count() == 1


def test_two_clients_through_one_proxy_get_their_own_addresses():
    factory = RequestFactory()
    alice = client_ip(factory.get("/", **_through_the_proxy(ALICE)))
    bob = client_ip(factory.get("/", **_through_the_proxy(BOB)))
    assert (alice, bob) == (ALICE, BOB)
    # What a client writes itself is left of the proxy's entry, and not taken.
    assert client_ip(factory.get("/", **_through_the_proxy(ALICE, sent_by_client=BOB))) == ALICE


@pytest.mark.django_db
def test_a_lockout_of_one_client_does_not_lock_out_another_behind_the_same_proxy(staff_user):
    alice, bob = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(alice, "wrong-password", **_through_the_proxy(ALICE))
    refused = _sign_in(alice, PASSWORD, **_through_the_proxy(ALICE))
    assert refused.status_code == 429
    assert "Sign-in locked for a while" in refused.content.decode()

    response = _sign_in(bob, PASSWORD, **_through_the_proxy(BOB))
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "_auth_user_id" in bob.session


@pytest.mark.django_db
def test_a_locked_out_client_cannot_dodge_it_by_writing_the_header(staff_user):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "wrong-password", **_through_the_proxy(ALICE))
    forged = _sign_in(client, PASSWORD, **_through_the_proxy(ALICE, sent_by_client=BOB))
    assert forged.status_code == 429
    assert "_auth_user_id" not in client.session
