"""The figures cache sums again after a change to any app's figure data, and only then: each
app declares its figure models, and the confidential notes, users and evidence change none."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.elections.factories import ElectionFactory, PartnerFactory
from tests.factories import ActivityFactory, CentreFactory, RegionFactory, UserFactory
from tests.humanrights.factories import (
    DocumentFactory,
    NoteFactory,
    RecommendationFactory,
    ShareFactory,
)
from tests.training.factories import CourseFactory
from untop.figures_cache import cached_figures, data_stamp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class _Sums:
    """Stands in for a page's figures: counts how often they are summed."""

    def __init__(self):
        self.summed = 0

    def __call__(self) -> int:
        self.summed += 1
        return self.summed


@pytest.mark.parametrize(
    "records,write",
    [
        pytest.param(lambda: {"centre": CentreFactory()}, ActivityFactory, id="programs"),
        pytest.param(dict, CourseFactory, id="training"),
        pytest.param(lambda: {"authority": PartnerFactory()}, ElectionFactory, id="elections"),
        pytest.param(
            lambda: {"document": DocumentFactory()}, RecommendationFactory, id="humanrights"
        ),
    ],
)
def test_a_record_saved_in_any_app_has_the_figures_summed_again(records, write):
    existing = records()  # what the new record refers to, saved before the figures are summed
    sums = _Sums()
    assert cached_figures("test-figures", sums) == 1
    assert cached_figures("test-figures", sums) == 1  # from the cache
    write(**existing)
    assert cached_figures("test-figures", sums) == 2


def test_confidential_notes_and_a_sign_in_leave_the_cached_figures_alone():
    author, colleague = UserFactory(), UserFactory()
    region = RegionFactory()
    sums = _Sums()
    assert cached_figures("test-figures", sums) == 1
    note = NoteFactory(author=author, region=region)
    ShareFactory(note=note, user=colleague, shared_by=author)
    note.summary = "Revised after the visit"
    note.save()
    author.save(update_fields=["last_login"])
    assert cached_figures("test-figures", sums) == 1


def test_the_data_check_sees_area_records_but_not_confidential_notes(
    django_assert_num_queries,
):
    author, region, document = UserFactory(), RegionFactory(), DocumentFactory()
    with django_assert_num_queries(1):
        before = data_stamp()
    NoteFactory(author=author, region=region)
    assert data_stamp() == before
    RecommendationFactory(document=document)
    assert data_stamp() != before


def test_the_data_check_sees_programme_records_but_not_users():
    centre = CentreFactory()
    before = data_stamp()
    UserFactory(home_centre=centre)
    assert data_stamp() == before
    ActivityFactory(centre=centre)
    assert data_stamp() != before
