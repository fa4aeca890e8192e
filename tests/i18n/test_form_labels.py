"""The forms' labels read in Russian: every app's entry form, a report's form and the back
office's form, opened in Russian, label no field in English.

Labels come from the models' verbose names and the forms' own labels, so this also catches
a field added without a translatable label, one word long or longer."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import sign_in_as

pytestmark = pytest.mark.django_db

# Kept as they are in Russian: codes and abbreviations.
KEPT = {"ISO", "US", "PDF", "CSV", "SHA", "IP"}


def _labels(page: str) -> list[str]:
    """The text of each <label> on the page, the required marker left out (a formset's
    row template, with its placeholder for the row number, is not on the page)."""
    page = re.sub(r"(?s)<(script|template)\b.*?</\1>", " ", page)
    found = []
    for inner in re.findall(r"(?s)<label\b[^>]*>(.*?)</label>", page):
        inner = re.sub(r'(?s)<span class="required".*?</span>', " ", inner)
        text = " ".join(html.unescape(re.sub(r"(?s)<[^>]+>", " ", inner)).split())
        if text:
            found.append(text)
    return found


def _english(labels: list[str]) -> list[str]:
    return [
        label
        for label in labels
        if any(word not in KEPT for word in re.findall(r"[A-Za-z]{2,}", label))
    ]


FORM_PAGES = {
    "staff": [
        ("programs:activity_add", {}),
        ("elections:briefing_add", {}),
        ("training:session_add", {}),
        ("training:trainee_add", {}),
    ],
    "hr": [("humanrights:note_add", {})],
    "manager": [("reports:new", {"kind": "donor"})],
}


def test_every_apps_form_labels_its_fields_in_russian(staff_user, manager, hr_officer):
    users = {"staff": staff_user, "manager": manager, "hr": hr_officer}
    left_in_english = []
    for role, pages in FORM_PAGES.items():
        browser = Client(HTTP_ACCEPT_LANGUAGE="ru")
        sign_in_as(browser, users[role])
        for name, kwargs in pages:
            response = browser.get(reverse(name, kwargs=kwargs))
            assert response.status_code == 200, name
            labels = _labels(response.content.decode())
            assert len(labels) >= 3, (name, labels)
            left_in_english += [f"{name}: {label!r}" for label in _english(labels)]
    assert left_in_english == [], "\n".join(left_in_english)


def test_a_model_form_of_the_back_office_reads_in_russian(admin_user):
    browser = Client(HTTP_ACCEPT_LANGUAGE="ru")
    sign_in_as(browser, admin_user)
    page = browser.get(reverse("admin:training_trainee_add")).content.decode()
    labels = _labels(page)
    assert "Фамилия:" in labels
    assert _english(labels) == []
