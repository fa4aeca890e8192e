"""The API's documentation page: Swagger UI served by the portal (no other host), over the
portal's schema."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse


@pytest.mark.django_db
def test_the_docs_page_loads_swagger_ui_from_the_portal(staff_client):
    response = staff_client.get(reverse("api:docs"))
    assert response.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in response.text
    assert "/static/api/docs.js" in response.text
    assert f'data-schema-url="{reverse("api:schema")}?format=json"' in response.text
    assert "http://" not in response.text.split("<body")[1].replace("http://testserver", "")
    assert "<script>" not in response.text  # the Content Security Policy forbids inline
    for name in (
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/swagger-ui/LICENSE",
        "vendor/swagger-ui/NOTICE",
        "api/docs.js",
    ):
        assert finders.find(name), name


@pytest.mark.django_db
def test_the_schema_is_served_to_a_signed_in_user(staff_client):
    response = staff_client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "UNTOP programme portal API"
    assert "apiToken" in response.json()["components"]["securitySchemes"]
