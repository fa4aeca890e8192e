"""Searches ignore case in every alphabet on SQLite too (untop/sqlite_like.py): what a user of
the embedded default types in Russian or Tajik finds what PostgreSQL would find."""

import pytest
from django.urls import reverse

from programs.models import Activity
from tests.factories import ActivityFactory
from tests.training.factories import TraineeFactory
from training.models import Trainee
from untop.sqlite_like import like


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("%назаров%", "Назарова Дилноза", True),
        ("%НАЗАРОВ%", "назарова", True),
        ("%ҳуқуқ%", "Ҳуқуқи инсон", True),  # Tajik letters beyond Russian's
        ("%ҳуқуқ%", "Ҳукук", False),
        ("назаров", "Назарова", False),  # no wildcard: the whole text
        ("_азаров", "Назаров", True),
        (r"%100\%%", "Reached 100% of the target", True),
        (r"%100\%%", "Reached 1000 people", False),
        (r"%a\_b%", "a_b", True),
        (r"%a\_b%", "axb", False),
        ("%.*%", "no regular expression here", False),
        ("%(%", "a (bracket)", True),
    ],
)
def test_like_follows_sqls_wildcards_and_ignores_case_in_every_alphabet(pattern, value, matches):
    escape = "\\" if "\\" in pattern else None
    assert like(pattern, value, escape) is matches


def test_like_of_null_is_null():
    assert like(None, "text") is None and like("%text%", None) is None


@pytest.mark.django_db
def test_searches_find_cyrillic_text_typed_in_another_case():
    TraineeFactory(family_name="Назарова", given_name="Дилноза")
    TraineeFactory(family_name="Каримов", given_name="Сухроб")
    ActivityFactory(title="Семинар по правам человека")

    assert [str(t) for t in Trainee.objects.search("назаров")] == ["Назарова Дилноза"]
    assert [str(t) for t in Trainee.objects.search("ДИЛНОЗА")] == ["Назарова Дилноза"]
    assert Activity.objects.search("семинар").count() == 1
    assert Activity.objects.filter(title__icontains="ПРАВАМ").count() == 1


@pytest.mark.django_db
def test_the_trainee_list_finds_a_name_typed_in_lower_case(staff_client):
    TraineeFactory(family_name="Назарова", given_name="Дилноза")

    response = staff_client.get(reverse("training:trainee_list"), {"q": "назарова"})

    assert "Назарова Дилноза" in response.text
