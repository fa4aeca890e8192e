"""Two people editing one record in the back office: the second save shows both versions.

Each back-office form carries the state its record was opened at (untop/concurrency.py). A
save made since refuses the form with their values and the user's side by side; sent again,
the form merges: the user's values, except the fields ticked "Take theirs".
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from programs.models import Indicator, Pledge
from tests.admin_checks import browser_post_data
from tests.conftest import sign_in_as
from tests.factories import PledgeFactory, ProjectFactory
from tests.humanrights.factories import RecommendationFactory
from untop.audit.models import AuditEntry
from untop.concurrency import EditedMeanwhile, ensure_unchanged, fingerprint, state_of

pytestmark = pytest.mark.django_db


def _opened(client: Client, url: str) -> dict[str, list[str]]:
    """The change page as a browser holds it after opening it."""
    page = client.get(url)
    assert page.status_code == 200
    return browser_post_data(page.text)


def _second_client(user) -> Client:
    client = Client()
    sign_in_as(client, user)
    return client


@pytest.fixture
def indicator(db):
    return Indicator.objects.create(
        project=ProjectFactory(), name="Seminars held", unit="seminars", baseline=0
    )


def test_changes_to_different_fields_are_both_kept(manager, manager_client, indicator):
    """The other saved the name; this user, from a page opened before, changes the unit:
    the name they left alone keeps the other's change."""
    url = reverse("admin:programs_indicator_change", args=[indicator.pk])
    colleague = _second_client(manager)
    theirs = _opened(colleague, url)
    mine = _opened(manager_client, url)
    theirs["name"] = ["Dialogue seminars held"]
    assert colleague.post(url, theirs).status_code == 302

    mine["unit"] = ["meetings"]
    assert manager_client.post(url, mine).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit) == ("Dialogue seminars held", "meetings")


def test_a_field_both_changed_is_refused_with_both_versions(manager, manager_client, indicator):
    url = reverse("admin:programs_indicator_change", args=[indicator.pk])
    colleague = _second_client(manager)
    theirs = _opened(colleague, url)
    mine = _opened(manager_client, url)
    theirs["name"] = ["Dialogue seminars held"]
    theirs["baseline"] = ["2"]
    assert colleague.post(url, theirs).status_code == 302

    mine["name"] = ["Seminars held at the centres"]
    mine["unit"] = ["meetings"]
    before = AuditEntry.objects.count()
    refused = manager_client.post(url, mine)

    assert refused.status_code == 200
    assert "Someone saved this record after you opened it" in refused.text
    # Both versions of the field both changed, side by side; nothing saved.
    assert "Dialogue seminars held" in refused.text
    assert "Seminars held at the centres" in refused.text
    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit, indicator.baseline) == (
        "Dialogue seminars held",
        "seminars",
        2,
    )
    assert AuditEntry.objects.count() == before

    # Sent again, taking their name: their name and baseline, this user's unit.
    merged = browser_post_data(refused.text)
    assert merged["baseline"] == ["2.00"]  # the page shows the value saved meanwhile
    merged["take_theirs"] = ["name"]
    assert manager_client.post(url, merged).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit, indicator.baseline) == (
        "Dialogue seminars held",
        "meetings",
        2,
    )


def test_sent_again_without_taking_theirs_the_users_values_win(manager, manager_client):
    pledge = PledgeFactory(amount=1000, amount_usd=1000)
    url = reverse("admin:programs_pledge_change", args=[pledge.pk])
    colleague = _second_client(manager)
    theirs, mine = _opened(colleague, url), _opened(manager_client, url)
    theirs["amount"] = theirs["amount_usd"] = ["2000"]
    assert colleague.post(url, theirs).status_code == 302

    mine["amount"] = mine["amount_usd"] = ["1500"]
    refused = manager_client.post(url, mine)
    assert "Someone saved this record after you opened it" in refused.text
    assert Pledge.objects.get(pk=pledge.pk).amount == 2000

    assert manager_client.post(url, browser_post_data(refused.text)).status_code == 302
    assert Pledge.objects.get(pk=pledge.pk).amount == 1500


def test_recommendations_are_versioned_too(hr_officer):
    hr_officer.is_staff = True  # an officer given the back office
    hr_officer.save()
    recommendation = RecommendationFactory(text="Ensure access to counsel.")
    url = reverse("admin:humanrights_recommendation_change", args=[recommendation.pk])
    first, second = _second_client(hr_officer), _second_client(hr_officer)
    theirs, mine = _opened(first, url), _opened(second, url)
    theirs["text"] = ["Ensure access to counsel from the first hour of detention."]
    assert first.post(url, theirs).status_code == 302

    mine["text"] = ["Ensure prompt access to counsel."]
    refused = second.post(url, mine)
    assert refused.status_code == 200
    assert "Someone saved this record after you opened it" in refused.text
    recommendation.refresh_from_db()
    assert recommendation.text == "Ensure access to counsel from the first hour of detention."


def test_an_unchanged_record_saves_at_once(manager_client, indicator):
    url = reverse("admin:programs_indicator_change", args=[indicator.pk])
    data = _opened(manager_client, url)
    data["unit"] = ["meetings"]
    assert manager_client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.unit == "meetings"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_check_at_save_holds_the_row_until_commit(indicator):
    """Between the check and the save nobody else can save: the row stays locked."""
    from django.db import connections

    fields = ["name", "unit"]
    opened = fingerprint(state_of(indicator, fields))
    with transaction.atomic():
        ensure_unchanged(indicator, opened=opened, fields=fields)
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SET lock_timeout = '200ms'")
                with pytest.raises(Exception, match="lock timeout"):
                    cursor.execute(
                        "UPDATE programs_indicator SET unit = 'x' WHERE id = %s", [indicator.pk]
                    )
        finally:
            other.close()
    Indicator.objects.filter(pk=indicator.pk).update(unit="meetings")
    with transaction.atomic(), pytest.raises(EditedMeanwhile):
        ensure_unchanged(indicator, opened=opened, fields=fields)


def test_inline_rows_are_versioned_too(manager, manager_client, indicator, period):
    """Two people change the same target row of an indicator: the second sees both values."""
    from programs.models import IndicatorTarget

    target = IndicatorTarget.objects.create(indicator=indicator, period=period, target=100)
    url = reverse("admin:programs_indicator_change", args=[indicator.pk])
    colleague = _second_client(manager)
    theirs, mine = _opened(colleague, url), _opened(manager_client, url)
    row = next(k for k, v in theirs.items() if k.endswith("-id") and v == [str(target.pk)])
    field = row.removesuffix("-id") + "-target"
    theirs[field] = ["150"]
    assert colleague.post(url, theirs).status_code == 302

    mine[field] = ["120"]
    refused = manager_client.post(url, mine)
    assert refused.status_code == 200
    assert "Someone saved this record after you opened it" in refused.text
    assert "150" in refused.text and "120" in refused.text
    target.refresh_from_db()
    assert target.target == 150

    again = browser_post_data(refused.text)
    again[row.removesuffix("-id") + "-take_theirs"] = ["target"]
    assert manager_client.post(url, again).status_code == 302
    target.refresh_from_db()
    assert target.target == 150
