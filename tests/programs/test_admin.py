"""The back office: every admin page opens, searches, adds and changes, in fixed queries."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core import mail
from django.test import Client
from django.urls import reverse

from programs.models import (
    Activity,
    Contribution,
    District,
    Expenditure,
    Indicator,
    IndicatorTarget,
    MandatePeriod,
    Partner,
    Pledge,
    User,
)
from tests.admin_checks import assert_admin_pages_open, assert_changelist_queries_fixed
from tests.conftest import sign_in_as
from tests.factories import (
    ActivityFactory,
    DonorFactory,
    ParticipantCountFactory,
    PledgeFactory,
    UserFactory,
)
from untop import roles
from untop.reports.models import Report

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in {"programs", "reports", "auth", "audit"}
)


@pytest.fixture
def demo(centre, administrator):
    """One record of every model the back office shows, with its links filled in."""
    period = MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), symbol="S/2006/355"
    )
    pledge = PledgeFactory(donor__name="Norway", project__title="Dialogue in Khujand")
    project = pledge.project
    project.partners.add(Partner.objects.create(name="Ministry of Justice", kind="government"))
    District.objects.create(region=centre.region, name_en="Isfara")
    Contribution.objects.create(
        donor=pledge.donor,
        pledge=pledge,
        received_on=datetime.date(2006, 4, 1),
        amount=Decimal("5000"),
        amount_usd=Decimal("5000"),
    )
    Expenditure.objects.create(
        project=project,
        category="events",
        spent_on=datetime.date(2006, 4, 2),
        amount=Decimal("1200"),
    )
    activity = ActivityFactory(project=project, centre=centre, title="Seminar in Khujand")
    ParticipantCountFactory(activity=activity)
    indicator = Indicator.objects.create(project=project, name="People reached", unit="people")
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=Decimal("500"))
    Report.objects.create(kind="donor", title="Donor report", requested_by=administrator)


@pytest.fixture
def superuser_client():
    client = Client()
    sign_in_as(client, UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("app_label,model_name", MODEL_ADMINS)
def test_every_admin_page_opens(superuser_client, demo, app_label, model_name):
    # Reports are asked for on the reports page, budgets revised on the project's budget page,
    # and the audit trail (sign-in events too) writes itself: none is ever added in the back
    # office.
    never_added = {"report", "auditentry", "authevent", "accountevent", "budgetrevision"}
    add_status = 403 if model_name in never_added else 200
    assert_admin_pages_open(
        superuser_client, app_label, model_name, search="Khujand", add_status=add_status
    )


@pytest.mark.parametrize(
    "model_name",
    [
        "activity",
        "pledge",
        "user",
        "centre",
        "donor",
        "contribution",
        "expenditure",
        "indicator",
        "district",
        "partner",
        "mandateperiod",
        "project",
    ],
)
def test_changelists_run_a_fixed_number_of_queries(
    superuser_client, demo, model_name, django_assert_num_queries
):
    def add_records():
        for _ in range(5):
            ParticipantCountFactory(activity=ActivityFactory())
            DonorFactory()

    assert_changelist_queries_fixed(
        superuser_client,
        "programs",
        model_name,
        add_records=add_records,
        django_assert_num_queries=django_assert_num_queries,
    )


def test_a_pledge_without_a_donor_is_refused(superuser_client, demo):
    before = Pledge.objects.count()
    response = superuser_client.post(
        reverse("admin:programs_pledge_add"),
        {"pledged_on": "2006-04-01", "amount": "1000", "currency": "USD", "amount_usd": "1000"},
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert Pledge.objects.count() == before


def test_a_pledge_in_an_unknown_currency_or_below_zero_is_refused(superuser_client, demo):
    before = Pledge.objects.count()
    donor = DonorFactory()
    response = superuser_client.post(
        reverse("admin:programs_pledge_add"),
        {
            "donor": donor.pk,
            "pledged_on": "2006-04-01",
            "amount": "-5",
            "currency": "XYZ",
            "amount_usd": "1000",
        },
    )
    assert "Select a valid choice. XYZ is not one of the available choices." in response.text
    assert "Ensure this value is greater than or equal to 0.01." in response.text
    assert Pledge.objects.count() == before


def test_an_activity_added_in_the_admin_records_who_entered_it(superuser_client, demo):
    activity = Activity.objects.first()
    category = ParticipantCountFactory().category
    response = superuser_client.post(
        reverse("admin:programs_activity_add"),
        {
            "project": activity.project_id,
            "kind": "briefing",
            "title": "Briefing for donors",
            "start": "2006-02-01",
            "end": "2006-02-01",
            "centre": activity.centre_id,
            "status": "held",
            "narrative": "",
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "0",
            "participants-0-category": category.pk,
            "participants-0-women": "4",
            "participants-0-men": "6",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    added = Activity.objects.get(title="Briefing for donors")
    assert added.created_by.is_superuser
    assert added.participants.totals()["total"] == 10


def test_an_administrator_creates_a_user_who_gets_a_link_to_set_a_password(administrator):
    client = Client()
    sign_in_as(client, administrator)
    staff_role = administrator.groups.model.objects.get(name=roles.PROGRAMME_STAFF)
    centre = administrator.home_centre

    response = client.post(
        reverse("admin:programs_user_add"),
        {
            "username": "new.officer",
            "first_name": "Nodira",
            "last_name": "Karimova",
            "email": "nodira@untop.example.org",
            "home_centre": centre.pk,
            "role": staff_role.pk,
        },
    )

    user = User.objects.get(username="new.officer")
    assert response.status_code == 302
    assert user.home_centre == centre
    assert list(user.groups.values_list("name", flat=True)) == [roles.PROGRAMME_STAFF]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nodira@untop.example.org"]
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]

    anonymous = Client()
    form = anonymous.get("/" + path, follow=True)
    assert "Choose your password" in form.text
    done = anonymous.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Kulob-seminar-2006", "new_password2": "Kulob-seminar-2006"},
    )
    assert done.status_code == 302
    assert anonymous.login(username="new.officer", password="Kulob-seminar-2006")


def test_an_administrator_cannot_make_anyone_a_superuser(administrator):
    client = Client()
    sign_in_as(client, administrator)
    page = client.get(reverse("admin:programs_user_change", args=[administrator.pk]))
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.text


def test_a_deactivated_user_cannot_sign_in_and_their_records_stay(staff_user):
    user = staff_user
    ActivityFactory(created_by=user)
    user.is_active = False
    user.save()
    client = Client()
    response = client.post(
        reverse("login"), {"username": user.username, "password": "a-long-test-password"}
    )
    assert response.status_code == 200
    assert "inactive" in response.text or "correct username and password" in response.text
    assert Activity.objects.filter(created_by=user).exists()


def test_managers_approve_submitted_activities_from_the_changelist(manager_client, centre):
    submitted = ActivityFactory(centre=centre, approval="submitted")
    draft = ActivityFactory(centre=centre, approval="draft")
    response = manager_client.post(
        reverse("admin:programs_activity_changelist"),
        {"action": "approve", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )
    assert "1 activity approved." in response.text
    assert "Only a submitted activity can be approved." in response.text
    assert Activity.objects.get(pk=submitted.pk).approval == "approved"
    assert Activity.objects.get(pk=draft.pk).approval == "draft"


def test_the_back_office_returns_activities_only_with_a_reason(manager_client, centre):
    first = ActivityFactory(centre=centre, approval="submitted", title="Seminar in Isfara")
    second = ActivityFactory(centre=centre, approval="approved", title="Round table")
    changelist = reverse("admin:programs_activity_changelist")
    chosen = {"action": "return_to_draft", "_selected_action": [first.pk, second.pk]}

    asked = manager_client.post(changelist, chosen)
    assert asked.status_code == 200
    assert "Seminar in Isfara" in asked.text and "Reason, for the centre's staff" in asked.text

    without = manager_client.post(changelist, {**chosen, "apply": "1", "reason": " "})
    assert "Give the reason for the return" in without.text
    assert Activity.objects.get(pk=first.pk).approval == "submitted"

    done = manager_client.post(
        changelist, {**chosen, "apply": "1", "reason": "Attach the sign-in sheets."}, follow=True
    )
    assert "2 activities returned to draft." in done.text
    for activity in Activity.objects.filter(pk__in=[first.pk, second.pk]):
        assert activity.approval == "draft"
        assert activity.return_reason == "Attach the sign-in sheets."
        assert activity.comments.get().kind == "returned"


def test_an_approved_activity_is_read_only_in_the_back_office(manager_client, centre):
    activity = ActivityFactory(centre=centre, approval="approved", title="Settled")
    page = manager_client.get(reverse("admin:programs_activity_change", args=[activity.pk]))
    assert page.status_code == 200
    assert 'name="title"' not in page.text
