"""No monitoring note and no trainee's personal data goes out through the API, to anyone: not
in any endpoint's answer (to the human-rights officer, who reads notes in the portal, or the
manager, who reads trainees), nor in the schema."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tests.api.conftest import token_client, token_for
from tests.factories import ActivityFactory, ParticipantCountFactory
from tests.humanrights.factories import ActionFactory, NoteFactory
from tests.training.factories import EnrolmentFactory, SessionFactory

ENDPOINTS = (
    "project",
    "activity",
    "indicator",
    "donor",
    "pledge",
    "contribution",
    "recommendation",
)
# A trainee's and a note's fields, as named in their models.
PERSONAL = {
    "family_name",
    "given_name",
    "date_of_birth",
    "personnel_number",
    "trainee",
    "trainees",
    "enrolments",
    "note",
    "notes",
    "summary",
    "sources",
    "advice",
    "sensitivity",
}


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.fixture
def secrets(centre, hr_officer):
    note = NoteFactory(author=hr_officer)
    ActionFactory()
    session = SessionFactory(activity__centre=centre)
    EnrolmentFactory(
        session=session,
        trainee__family_name="Secretfamilyname",
        trainee__given_name="Secretgivenname",
        trainee__personnel_number="SECRET-PN-77",
    )
    ParticipantCountFactory(activity=session.activity)
    ParticipantCountFactory(activity=ActivityFactory(centre=centre))
    return note


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["hr_officer", "manager"])
def test_no_note_or_trainee_is_in_any_answer(request, secrets, role):
    client = token_client(token_for(request.getfixturevalue(role)))
    answered = 0
    for endpoint in ENDPOINTS:
        response = client.get(reverse(f"api:{endpoint}-list"))
        if response.status_code != 200:
            continue
        answered += 1
        text = response.content.decode()
        assert "SECRET" not in text.upper(), endpoint
        assert not _keys(response.json()) & PERSONAL, endpoint
        for row in response.json()["results"]:
            detail = client.get(reverse(f"api:{endpoint}-detail", args=[row["id"]]))
            assert "SECRET" not in detail.content.decode().upper()
            assert not _keys(detail.json()) & PERSONAL
    assert answered >= 4


@pytest.mark.django_db
def test_the_schema_names_no_note_or_trainee(manager):
    client = token_client(token_for(manager))
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert set(schema["paths"]) == {
        f"/api/v1/{prefix}/{suffix}"
        for prefix in (
            "projects",
            "activities",
            "indicators",
            "donors",
            "pledges",
            "contributions",
            "recommendations",
        )
        for suffix in ("", "{id}/")
    }
    properties = {
        name
        for component in schema["components"]["schemas"].values()
        for name in component.get("properties", {})
    }
    assert not properties & PERSONAL
    assert not any(
        "note" in name.lower() or "trainee" in name.lower()
        for name in schema["components"]["schemas"]
    )
