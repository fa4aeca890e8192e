"""Security headers: no-store on signed-in pages, CSP, HSTS and secure cookies in production."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.untop.access_matrix import build_records
from tests.untop.test_settings import PRODUCTION_ENV, ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(centre, other_centre, staff_user, manager):
    return build_records(
        centre=centre, other_centre=other_centre, staff_user=staff_user, manager=manager
    )


def _signed_in_pages(records) -> list[str]:
    return [
        reverse("programs:dashboard"),
        reverse("programs:activity_list"),
        reverse("programs:activity_list") + "?export=csv",
        reverse("programs:activity_detail", args=[records["activity"].pk]),
        reverse("programs:evidence_download", args=[records["evidence"].pk]),
        reverse("training:trainee_list"),
        reverse("training:trainee_detail", args=[records["trainee"].pk]),
        reverse("training:certificate", args=[records["enrolment"].pk]),
        reverse("account"),
    ]


def test_every_signed_in_page_tells_browsers_and_proxies_to_keep_no_copy(records, staff_client):
    for path in _signed_in_pages(records):
        response = staff_client.get(path)
        assert response.status_code == 200, path
        cache_control = response.headers["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, path


def test_confidential_notes_and_the_back_office_are_not_kept_either(
    records, hr_officer, manager_client
):
    from django.test import Client

    officer = Client()
    officer.force_login(hr_officer)
    note = reverse("humanrights:note_detail", args=[records["note"].pk])
    assert "no-store" in officer.get(note).headers["Cache-Control"]
    for path in ("/admin/", "/admin/training/trainee/", reverse("reports:list")):
        response = manager_client.get(path)
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"], path


def test_signed_in_pages_forbid_inline_scripts(staff_client):
    response = staff_client.get(reverse("programs:activity_list"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in response.content.decode()


def test_upload_limits_are_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024


def test_a_form_post_larger_than_the_limit_is_refused(staff_client):
    response = staff_client.post(
        reverse("programs:activity_add"),
        {"title": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
    )
    assert response.status_code == 400


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/accounts/login/", secure=True, HTTP_HOST="portal.untop.example.org")
print(json.dumps({
    "status": response.status_code,
    "hsts": response.headers.get("Strict-Transport-Security"),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "csrf_cookie": response.cookies["csrftoken"]["secure"],
    "conn_health_checks": settings.DATABASES["default"].get("CONN_HEALTH_CHECKS"),
}))
"""


def test_production_settings_send_hsts_and_secure_cookies():
    env = dict(
        PRODUCTION_ENV,
        DATABASE_URL="postgres://untop@db.invalid:5432/untop",
        DJANGO_STATIC_MANIFEST="false",  # no collectstatic here
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["session_secure"] and seen["csrf_secure"] and seen["ssl_redirect"]
    assert seen["csrf_cookie"] is True
    assert seen["conn_health_checks"] is True


def test_static_files_stay_cacheable_for_signed_in_users(staff_client):
    # Whatever answers under STATIC_URL (WhiteNoise in production) keeps its own caching.
    response = staff_client.get(settings.STATIC_URL + "css/portal.css")
    assert "no-store" not in response.headers.get("Cache-Control", "")
