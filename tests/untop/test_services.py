"""The services the suite runs against answer, and are the ones CI asked for.

`.ci/run` sets UNTOP_REQUIRE_SERVICES=postgresql,redis: then a run that silently fell back to
SQLite or the filesystem broker fails here instead of passing on the wrong services.
"""

import os

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import sign_in_as
from untop.celery import app

REQUIRED = {s for s in os.environ.get("UNTOP_REQUIRE_SERVICES", "").split(",") if s}


@pytest.mark.django_db
def test_the_database_answers_and_is_the_one_required():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    if "postgresql" in REQUIRED:
        assert connection.vendor == "postgresql"


def test_the_celery_broker_answers_and_is_the_one_required():
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=2, timeout=5)
        assert conn.connected
    if "redis" in REQUIRED:
        assert settings.CELERY_BROKER_URL.startswith("redis://")


@pytest.mark.django_db
def test_signing_in_leads_each_role_to_a_page_it_may_open(client, staff_user, administrator):
    from django.urls import reverse

    client.force_login(staff_user)
    assert client.get(reverse("home")).url == reverse("programs:dashboard")
    sign_in_as(client, administrator)
    page = client.get(reverse("home")).url
    assert client.get(page).status_code != 403
