"""The back office's money in its own currency: the pledge, contribution and expenditure forms
work out the rate and the US$ equivalent on saving and show them read only, refuse a missing
rate naming the currency and the month, take an override only with its reason (which the
audit trail keeps); the lists show the amount with its currency and the US$ equivalent; the
rates are imported in the back office too."""

import datetime
import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Contribution, ExchangeRate, Expenditure, Pledge
from tests.factories import DonorFactory, ProjectFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def rates(db):
    ExchangeRate.objects.create(currency="NOK", month=D(2006, 3, 1), rate=Decimal("6.4"))
    ExchangeRate.objects.create(currency="NOK", month=D(2006, 4, 1), rate=Decimal("6.2"))
    ExchangeRate.objects.create(currency="TJS", month=D(2006, 3, 1), rate=Decimal("3.2"))


@pytest.fixture
def donor(db):
    return DonorFactory(code="NOR", name="Norway")


def _pledge_form(donor, **values) -> dict:
    return {
        "donor": donor.pk,
        "project": "",
        "pledged_on": "2006-03-14",
        "amount": "6400",
        "currency": "NOK",
        "usd_override": "",
        "usd_override_reason": "",
        **values,
    }


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}"(?: value="([^"]*)")?', html)
    return match.group(1) or ""


def _form_errors(response) -> dict:
    return response.context["adminform"].form.errors


def _created_entry(record) -> LogEntry:
    return LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        action=LogEntry.Action.CREATE,
    )


def test_a_pledge_is_converted_on_saving_and_shows_its_rate_read_only(manager_client, rates, donor):
    response = manager_client.post(reverse("admin:programs_pledge_add"), _pledge_form(donor))
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert (pledge.amount, pledge.currency) == (Decimal("6400.00"), "NOK")
    assert (pledge.rate, pledge.amount_usd) == (Decimal("6.4"), Decimal("1000.00"))

    page = manager_client.get(reverse("admin:programs_pledge_change", args=[pledge.pk])).text
    assert 'name="amount_usd"' not in page and 'name="rate"' not in page
    assert "US$ equivalent:" in page and "Rate used (per US$):" in page
    assert 'name="usd_override"' in page and 'name="usd_override_reason"' in page


def test_a_missing_rate_is_refused_on_the_currency_naming_it_and_the_month(
    manager_client, rates, donor
):
    response = manager_client.post(
        reverse("admin:programs_pledge_add"), _pledge_form(donor, pledged_on="2006-05-02")
    )
    assert response.status_code == 200
    assert _form_errors(response)["currency"] == [
        "There is no UN operational rate of exchange for NOK in May 2006: add it under "
        "Exchange rates, or enter the US$ equivalent with a reason."
    ]
    assert "There is no UN operational rate of exchange for NOK in May 2006" in response.text
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    ("override", "reason", "field", "message"),
    [
        (
            "990",
            "",
            "usd_override_reason",
            "Give the reason for this US$ equivalent (it overrides the UN operational rate).",
        ),
        (
            "",
            "Bank's rate",
            "usd_override",
            "Enter the US$ equivalent this reason is for, or clear the reason.",
        ),
    ],
)
def test_an_override_needs_its_reason_and_a_reason_its_override(
    manager_client, rates, donor, override, reason, field, message
):
    response = manager_client.post(
        reverse("admin:programs_pledge_add"),
        _pledge_form(donor, usd_override=override, usd_override_reason=reason),
    )
    assert response.status_code == 200
    assert _form_errors(response)[field] == [message]
    assert not Pledge.objects.exists()


def test_an_override_with_its_reason_is_saved_and_the_trail_keeps_the_reason(
    manager_client, manager, rates, donor
):
    response = manager_client.post(
        reverse("admin:programs_contribution_add"),
        {
            "donor": donor.pk,
            "pledge": "",
            "received_on": "2006-04-02",
            "amount": "6200",
            "currency": "NOK",
            "usd_override": "992.00",
            "usd_override_reason": "Bank's rate on the day of receipt",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.amount_usd, contribution.rate) == (Decimal("992.00"), Decimal("6.25"))
    entry = _created_entry(contribution)
    assert entry.actor == manager
    assert entry.changes["usd_override_reason"][1] == "Bank's rate on the day of receipt"
    assert entry.changes["amount_usd"][1] == "992.00"

    # Cleared later, the override gives way to the UN rate again, and the trail says so.
    manager_client.post(
        reverse("admin:programs_contribution_change", args=[contribution.pk]),
        {
            "donor": donor.pk,
            "pledge": "",
            "received_on": "2006-04-02",
            "amount": "6200",
            "currency": "NOK",
            "usd_override": "",
            "usd_override_reason": "",
        },
    )
    contribution.refresh_from_db()
    assert (contribution.amount_usd, contribution.rate) == (Decimal("1000.00"), Decimal("6.2"))
    change = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_id=contribution.pk,
        action=LogEntry.Action.UPDATE,
    )
    assert change.changes["usd_override_reason"] == ["Bank's rate on the day of receipt", ""]


def test_expenditure_is_entered_in_the_currency_it_was_paid_in(manager_client, rates):
    project = ProjectFactory(code="TJK/05/003")
    response = manager_client.post(
        reverse("admin:programs_expenditure_add"),
        {
            "project": project.pk,
            "category": "events",
            "spent_on": "2006-03-31",
            "amount": "4000",
            "currency": "TJS",
            "description": "Hall in Khujand",
            "usd_override": "",
            "usd_override_reason": "",
        },
    )
    assert response.status_code == 302
    spent = Expenditure.objects.get()
    assert (spent.amount, spent.currency, spent.amount_usd) == (
        Decimal("4000.00"),
        "TJS",
        Decimal("1250.00"),
    )


def test_the_lists_show_the_amount_in_its_currency_and_the_us_equivalent(
    manager_client, rates, donor
):
    manager_client.post(reverse("admin:programs_pledge_add"), _pledge_form(donor))
    page = manager_client.get(reverse("admin:programs_pledge_changelist")).text
    assert '<span class="num">6,400.00&nbsp;NOK</span>' in page
    assert '<span class="num">1,000.00</span>' in page


def test_the_donors_pledges_show_rate_and_us_equivalent_read_only(manager_client, rates, donor):
    manager_client.post(reverse("admin:programs_pledge_add"), _pledge_form(donor))
    page = manager_client.get(reverse("admin:programs_donor_change", args=[donor.pk])).text
    assert 'name="pledges-0-usd_override_reason"' in page
    assert 'name="pledges-0-amount_usd"' not in page and 'name="pledges-0-rate"' not in page
    assert "1,000.00" in page or "1000.00" in page


def test_the_rates_are_imported_in_the_back_office_after_a_preview(manager_client, manager):
    upload = SimpleUploadedFile(
        "rates.csv", b'currency,month,rate,source\r\nNOK,03.2006,"6,44",\r\n'
    )
    preview = manager_client.post(
        reverse("admin:programs_exchangerate_import"), {"import_file": upload, "format": "0"}
    )
    assert preview.status_code == 200
    assert "Confirm import" in preview.text
    assert not ExchangeRate.objects.exists()  # the preview saved nothing

    names = ("import_file_name", "original_file_name", "format", "resource")
    confirmed = manager_client.post(
        reverse("admin:programs_exchangerate_process_import"),
        {name: _hidden(preview.text, name) for name in names},
        follow=True,
    )
    assert "Import finished: 1 rows read: added 1, changed 0." in confirmed.text
    saved = ExchangeRate.objects.get()
    assert (saved.currency, saved.month, saved.rate) == ("NOK", D(2006, 3, 1), Decimal("6.44"))
    assert _created_entry(saved).actor == manager


@pytest.mark.parametrize("model_name", ["exchangerate", "budgetrevision"])
def test_the_rates_and_budgets_lists_run_a_fixed_number_of_queries(
    manager_client, rates, model_name, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programs.budgets import LineInput, budget_revise

    url = reverse(f"admin:programs_{model_name}_changelist")

    def revise(code: str) -> None:
        project = ProjectFactory(
            code=code, currency="NOK", start=D(2006, 1, 1), end=D(2006, 12, 31)
        )
        budget_revise(
            project=project,
            acting_user=None,
            made_on=D(2006, 3, 1),
            reason="",
            lines=[LineInput(2006, "events", Decimal("6400"))],
            based_on=None,
        )

    revise("P-1")
    manager_client.get(url)  # the permissions, read once and cached
    with CaptureQueriesContext(connection) as before:
        assert manager_client.get(url).status_code == 200
    for month in range(5, 13):
        ExchangeRate.objects.create(currency="NOK", month=D(2006, month, 1), rate=Decimal(6))
    for number in range(2, 6):
        revise(f"P-{number}")
    with django_assert_num_queries(len(before.captured_queries)):
        assert manager_client.get(url).status_code == 200


def test_budgets_are_imported_and_exported_in_the_back_office(manager_client, manager, rates):
    from programs.models import BudgetRevision

    project = ProjectFactory(code="ND-X", start=D(2006, 1, 1), end=D(2006, 12, 31), currency="NOK")
    upload = SimpleUploadedFile(
        "budget.csv",
        b"project,made_on,reason,year,category,amount\r\nND-X,01.03.2006,,2006,events,6400\r\n",
    )
    preview = manager_client.post(
        reverse("admin:programs_budgetrevision_import"), {"import_file": upload, "format": "0"}
    )
    assert "Confirm import" in preview.text
    assert not BudgetRevision.objects.exists()
    names = ("import_file_name", "original_file_name", "format", "resource")
    confirmed = manager_client.post(
        reverse("admin:programs_budgetrevision_process_import"),
        {name: _hidden(preview.text, name) for name in names},
        follow=True,
    )
    assert "1 rows read: made revision 1 of ND-X (1 lines)." in confirmed.text
    revision = BudgetRevision.objects.get(project=project)
    assert (revision.total_usd, revision.made_by) == (Decimal("1000.00"), manager)

    page = manager_client.get(reverse("admin:programs_budgetrevision_export"))
    assert page.status_code == 200
    fields = dict.fromkeys(re.findall(r'name="(budgetlineresource_[a-z_]+)"', page.text), "on")
    exported = manager_client.post(
        reverse("admin:programs_budgetrevision_export"), {"format": "0", **fields}
    )
    content = b"".join(exported.streaming_content) if exported.streaming else exported.content
    lines = content.decode("utf-8-sig").splitlines()
    assert (
        lines[0] == "project,revision,made_on,reason,year,category,amount,currency,rate,amount_usd"
    )
    assert lines[1] == "ND-X,1,2006-03-01,,2006,events,6400.00,NOK,6.4,1000.00"
