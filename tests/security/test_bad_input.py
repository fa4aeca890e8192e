"""Property tests: arbitrary text, numbers and dates in the activity form, its participant
rows and the report request forms never give a server error and never write half an entry."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.models import Activity, ParticipantCount
from tests.conftest import sign_in_as
from tests.factories import CategoryFactory, DonorFactory, ProjectFactory
from untop.reports.models import Report

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

text = st.text(max_size=250)
numbers = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    text,
)
dates = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(
        datetime.date.isoformat
    ),
    st.sampled_from(["2005-02-30", "0000-00-00", "2005-13-01", "31/12/2005", ""]),
    text,
)


def _ids(*valid: int):
    """A real id, or a forged one: another number, a negative one, text."""
    return st.one_of(st.sampled_from([str(v) for v in valid]), numbers)


@pytest.fixture
def setting(staff_user, centre, other_centre):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    return {
        "client": client,
        "project": ProjectFactory().pk,
        "category": CategoryFactory(code="officials").pk,
        "centre": centre.pk,
        "other_centre": other_centre.pk,
    }


def _no_partial_write(response, before: tuple[int, int], after: tuple[int, int]) -> None:
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 302:
        assert after[0] == before[0] + 1
    else:
        assert after == before, "a refused entry left records behind"


def _counts() -> tuple[int, int]:
    return Activity.objects.count(), ParticipantCount.objects.count()


@EXAMPLES
@given(data=st.data())
def test_the_activity_form_takes_any_input_without_error_or_half_writes(setting, data):
    fields = {
        "project": data.draw(_ids(setting["project"])),
        "kind": data.draw(st.one_of(st.sampled_from(["seminar", "meeting", "training"]), text)),
        "title": data.draw(text),
        "start": data.draw(dates),
        "end": data.draw(dates),
        "centre": data.draw(_ids(setting["centre"], setting["other_centre"])),
        "district": data.draw(st.one_of(st.just(""), numbers)),
        "status": data.draw(st.one_of(st.sampled_from(["held", "planned"]), text)),
        "narrative": data.draw(text),
        "participants-TOTAL_FORMS": data.draw(st.one_of(st.sampled_from(["0", "1", "2"]), numbers)),
        "participants-INITIAL_FORMS": data.draw(st.one_of(st.just("0"), numbers)),
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
    }
    for row in range(2):
        fields[f"participants-{row}-category"] = data.draw(_ids(setting["category"]))
        fields[f"participants-{row}-women"] = data.draw(numbers)
        fields[f"participants-{row}-men"] = data.draw(numbers)
    with transaction.atomic():
        before = _counts()
        response = setting["client"].post(reverse("programs:activity_add"), fields)
        _no_partial_write(response, before, _counts())
        if response.status_code == 302:
            # A saved activity is always at the user's own centre.
            assert Activity.objects.latest("pk").centre_id == setting["centre"]
        transaction.set_rollback(True)


@pytest.fixture
def manager_setting(manager):
    client = Client(raise_request_exception=False)
    sign_in_as(client, manager)
    return {"client": client, "donor": DonorFactory(code="NOR").code}


@EXAMPLES
@given(data=st.data())
def test_the_donor_report_form_takes_any_input(manager_setting, data):
    fields = {
        "donor": data.draw(st.one_of(st.just(manager_setting["donor"]), text)),
        "start": data.draw(dates),
        "end": data.draw(dates),
        "language": data.draw(st.one_of(st.sampled_from(["en", "ru", "tg"]), text)),
    }
    with transaction.atomic():
        before = Report.objects.count()
        response = manager_setting["client"].post(reverse("reports:new", args=["donor"]), fields)
        assert response.status_code in (200, 302), response.status_code
        assert Report.objects.count() == before + (1 if response.status_code == 302 else 0)
        transaction.set_rollback(True)


@EXAMPLES
@given(data=st.data())
def test_the_mandate_letter_form_takes_any_input(manager_setting, data):
    fields = {
        "period": data.draw(st.one_of(st.just(""), numbers)),
        "start": data.draw(dates),
        "end": data.draw(dates),
        "symbol": data.draw(text),
        "dated": data.draw(dates),
    }
    with transaction.atomic():
        before = Report.objects.count()
        response = manager_setting["client"].post(reverse("reports:new", args=["mandate"]), fields)
        assert response.status_code in (200, 302), response.status_code
        assert Report.objects.count() == before + (1 if response.status_code == 302 else 0)
        transaction.set_rollback(True)
