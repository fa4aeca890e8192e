"""The user admin: the privilege ceiling on its pages, one role per user, no password set by
anyone but its holder, confidential-role grants, dormant accounts and the access review."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from programs import accounts
from programs.models import RoleGrant, User
from tests.conftest import sign_in_as
from tests.factories import UserFactory, user_with_role
from untop import roles
from untop.audit.models import AccountEvent

pytestmark = pytest.mark.django_db
Kind = AccountEvent.Kind


def _client(user) -> Client:
    client = Client()
    sign_in_as(client, user)
    return client


def _change(user) -> str:
    return reverse("admin:programs_user_change", args=[user.pk])


def _role(name: str) -> Group:
    return Group.objects.get(name=name)


def _form(user, **overrides) -> dict:
    """What the change page sends for ``user``, with ``overrides``."""
    role = user.groups.first()
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": role.pk if role else "",
        "home_centre": user.home_centre_id or "",
        "is_active": "on" if user.is_active else "",
        "expires_on": user.expires_on.isoformat() if user.expires_on else "",
    } | overrides
    return {key: value for key, value in data.items() if value != ""}


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# -- the ceiling on the pages -----------------------------------------------------------------
@pytest.mark.parametrize("role", [roles.HUMAN_RIGHTS_OFFICER, roles.PROGRAMME_MANAGER])
def test_an_administrator_cannot_give_themselves_a_role(administrator, admin_client_, role):
    page = admin_client_.get(_change(administrator))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text  # read-only
    assert "Nobody changes their own role" in page.text
    response = admin_client_.post(_change(administrator), _form(administrator, role=_role(role).pk))
    assert response.status_code == 403
    assert list(administrator.groups.values_list("name", flat=True)) == [roles.ADMINISTRATOR]
    assert not RoleGrant.objects.exists()
    assert not AccountEvent.objects.exists()


def test_an_administrator_cannot_change_a_superuser_or_another_administrator(
    admin_client_, superuser, centre
):
    other = user_with_role(roles.ADMINISTRATOR, home_centre=centre, username="other.admin")
    for target in (superuser, other):
        page = admin_client_.get(_change(target))
        assert page.status_code == 200
        assert 'name="_save"' not in page.text
        assert "only a superuser changes" in page.text
        response = admin_client_.post(_change(target), _form(target, is_active=""))
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.is_active
    assert not AccountEvent.objects.exists()


def test_the_admin_password_page_is_refused_to_everyone(
    admin_client_, staff_user, superuser, administrator
):
    url = reverse("admin:auth_user_password_change", args=[staff_user.pk])
    assert admin_client_.get(url).status_code == 403
    data = {"password1": "Kulob-seminar-2006", "password2": "Kulob-seminar-2006"}
    assert admin_client_.post(url, data).status_code == 403
    assert _client(superuser).post(url, data).status_code == 403
    assert not User.objects.get(pk=staff_user.pk).check_password("Kulob-seminar-2006")
    # Their own: the portal's password page, which asks for the present password.
    own = admin_client_.get(reverse("admin:auth_user_password_change", args=[administrator.pk]))
    assert own.status_code == 302 and own.url == reverse("password_change")


def test_is_superuser_is_never_editable(superuser, staff_user):
    client = _client(superuser)
    for url in (_change(staff_user), reverse("admin:programs_user_add")):
        page = client.get(url)
        assert page.status_code == 200
        for name in ("is_superuser", "is_staff", "user_permissions", "password"):
            assert f'name="{name}"' not in page.text, (url, name)
    response = client.post(_change(staff_user), _form(staff_user, is_superuser="on"))
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert not staff_user.is_superuser


def test_the_role_is_one_choice(admin_client_):
    page = admin_client_.get(reverse("admin:programs_user_add"))
    assert '<select name="role"' in page.text
    assert "id_groups_from" not in page.text and 'name="groups"' not in page.text
    # An administrator chooses among the roles below them.
    assert f">{roles.ADMINISTRATOR}<" not in page.text
    assert f">{roles.HUMAN_RIGHTS_OFFICER}<" in page.text


def test_an_administrator_cannot_make_an_administrator(admin_client_, staff_user):
    response = admin_client_.post(
        _change(staff_user), _form(staff_user, role=_role(roles.ADMINISTRATOR).pk)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert list(staff_user.groups.values_list("name", flat=True)) == [roles.PROGRAMME_STAFF]


def test_programme_staff_without_a_centre_are_refused_naming_the_field(admin_client_):
    response = admin_client_.post(
        reverse("admin:programs_user_add"),
        {
            "username": "no.centre",
            "email": "no.centre@untop.example.org",
            "role": _role(roles.PROGRAMME_STAFF).pk,
        },
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["home_centre"] == [
        "Programme staff need a home centre: choose the centre whose activities they enter."
    ]
    assert not User.objects.filter(username="no.centre").exists()
    assert mail.outbox == []


def test_a_user_name_taken_in_other_capitals_is_refused(admin_client_, staff_user):
    """ "STAFF" beside "staff" would read alike in the logs: refused, nothing opened."""
    response = admin_client_.post(
        reverse("admin:programs_user_add"),
        {
            "username": staff_user.username.upper(),
            "email": "look.alike@untop.example.org",
            "role": _role(roles.PROGRAMME_STAFF).pk,
            "home_centre": staff_user.home_centre_id,
        },
    )
    assert response.status_code == 200
    assert "already exists, in other capitals" in response.text
    assert not User.objects.filter(username=staff_user.username.upper()).exists()
    assert mail.outbox == []


def test_changing_a_user_goes_through_the_services_and_is_recorded(
    admin_client_, administrator, staff_user, other_centre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            _change(staff_user),
            _form(
                staff_user,
                role=_role(roles.PROGRAMME_MANAGER).pk,
                home_centre=other_centre.pk,
                expires_on="2007-05-31",
                is_active="",
            ),
        )
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert list(staff_user.groups.values_list("name", flat=True)) == [roles.PROGRAMME_MANAGER]
    assert staff_user.is_staff and not staff_user.is_active
    assert (staff_user.home_centre, staff_user.expires_on) == (
        other_centre,
        datetime.date(2007, 5, 31),
    )
    kinds = list(AccountEvent.objects.filter(account=staff_user).values_list("kind", flat=True))
    assert sorted(kinds) == sorted(
        [
            Kind.ROLE_REMOVED,
            Kind.ROLE_GRANTED,
            Kind.CENTRE_CHANGED,
            Kind.DEACTIVATED,
            Kind.EXPIRY_SET,
        ]
    )
    assert set(AccountEvent.objects.values_list("actor", flat=True)) == {administrator.pk}
    assert len(mail.outbox) == 5


def test_an_administrator_cannot_redirect_someones_reset_link(admin_client_, staff_user):
    page = admin_client_.get(_change(staff_user))
    assert 'name="email"' not in page.text
    admin_client_.post(_change(staff_user), _form(staff_user, email="mine@example.org"))
    staff_user.refresh_from_db()
    assert staff_user.email == "staff@untop.example.org"


# -- reset links ------------------------------------------------------------------------------
def test_the_reset_link_button_emails_the_holder(admin_client_, administrator, staff_user):
    page = admin_client_.get(_change(staff_user))
    url = reverse("admin:programs_user_password_reset", args=[staff_user.pk])
    assert f'action="{url}"' in page.text
    assert admin_client_.get(url).status_code == 405
    response = admin_client_.post(url)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    event = AccountEvent.objects.get()
    assert (event.kind, event.account, event.actor) == (
        Kind.PASSWORD_RESET_SENT,
        staff_user,
        administrator,
    )


def test_no_reset_link_for_an_account_above(admin_client_, superuser):
    url = reverse("admin:programs_user_password_reset", args=[superuser.pk])
    assert admin_client_.post(url).status_code == 403
    assert mail.outbox == [] and not AccountEvent.objects.exists()


def test_the_reset_action_of_the_list(admin_client_, staff_user, hr_officer, superuser):
    response = admin_client_.post(
        reverse("admin:programs_user_changelist"),
        {
            "action": "send_password_reset",
            "_selected_action": [staff_user.pk, hr_officer.pk, superuser.pk],
        },
        follow=True,
    )
    assert "A password reset link was e-mailed to 2 accounts." in response.text
    assert "Account “root”: Administrators manage the users of the roles" in response.text
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_user.email, hr_officer.email])


# -- confidential roles -----------------------------------------------------------------------
def test_a_confidential_role_given_in_the_admin_waits_for_a_second_holder(
    admin_client_,
    administrator,
    staff_user,
    hr_officer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            _change(staff_user), _form(staff_user, role=_role(roles.HUMAN_RIGHTS_OFFICER).pk)
        )
    assert response.status_code == 302
    assert list(staff_user.groups.values_list("name", flat=True)) == [roles.PROGRAMME_STAFF]
    grant = RoleGrant.objects.get()
    assert grant.state == RoleGrant.State.PENDING
    assert [hr_officer.email] in [m.to for m in mail.outbox]
    assert [staff_user.email] in [m.to for m in mail.outbox]

    grants_url = reverse("admin:programs_user_role_grants")
    # The requester sees the request, without the buttons, and cannot confirm it.
    page = admin_client_.get(grants_url)
    assert page.status_code == 200 and "staff" in page.text
    assert 'value="confirm"' not in page.text
    refused = admin_client_.post(
        grants_url, {"grant": grant.pk, "decision": "confirm"}, follow=True
    )
    assert "another holder of the role, or a superuser, confirms it" in refused.text
    grant.refresh_from_db()
    assert grant.state == RoleGrant.State.PENDING

    # A holder, who does not use the back office otherwise, confirms it.
    officer = _client(hr_officer)
    page = officer.get(grants_url)
    assert page.status_code == 200 and 'value="confirm"' in page.text
    with django_capture_on_commit_callbacks(execute=True):
        done = officer.post(grants_url, {"grant": grant.pk, "decision": "confirm"}, follow=True)
    assert "confirmed" in done.text
    assert list(staff_user.groups.values_list("name", flat=True)) == [roles.HUMAN_RIGHTS_OFFICER]


def test_the_role_grants_page_is_not_for_others(staff_client, manager_client):
    url = reverse("admin:programs_user_role_grants")
    assert staff_client.get(url).status_code == 403
    assert manager_client.get(url).status_code == 403
    assert Client().get(url).status_code == 302


# -- the change list --------------------------------------------------------------------------
def test_the_change_list_shows_role_centre_second_factor_and_last_sign_in(
    admin_client_, staff_user, administrator
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    User.objects.filter(pk=staff_user.pk).update(
        last_login=datetime.datetime(2006, 3, 14, 9, 30, tzinfo=datetime.UTC)
    )
    page = admin_client_.get(reverse("admin:programs_user_changelist"))
    assert page.status_code == 200
    text = page.text
    for header in ("role", "Home centre", "second factor", "Last login"):
        assert header.lower() in text.lower(), header
    assert "Staff status" not in text
    assert roles.PROGRAMME_STAFF in text and "Khujand" in text
    assert 'alt="True"' in text and 'alt="False"' in text  # second factor on and off


def test_the_change_list_runs_a_fixed_number_of_queries(
    superuser, centre, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = _client(superuser)
    url = reverse("admin:programs_user_changelist")

    def add_users(count):
        for number in range(count):
            user = user_with_role(roles.PROGRAMME_STAFF, home_centre=centre)
            TOTPDevice.objects.create(user=user, name="phone", confirmed=number % 2 == 0)
            accounts.user_roles_set(
                user=user, roles=[roles.HUMAN_RIGHTS_OFFICER], acting_user=superuser
            )

    add_users(2)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    add_users(8)
    with django_assert_num_queries(len(before.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200
    assert page.text.count(roles.PROGRAMME_STAFF) >= 10


# -- dormant accounts -------------------------------------------------------------------------
def test_the_dormant_page_deactivates_in_one_click(
    admin_client_, administrator, staff_user, superuser, settings
):
    settings.UNTOP_DORMANT_DAYS = 90
    long_ago = timezone.now() - datetime.timedelta(days=120)
    User.objects.filter(pk__in=[staff_user.pk, superuser.pk]).update(last_login=long_ago)
    url = reverse("admin:programs_user_dormant")
    page = admin_client_.get(url)
    assert page.status_code == 200
    assert "Deactivate staff" in page.text
    assert "Deactivate root" not in page.text  # above the administrator
    response = admin_client_.post(url, {"user": staff_user.pk})
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert not staff_user.is_active
    event = AccountEvent.objects.get()
    assert (event.kind, event.account, event.actor) == (
        Kind.DEACTIVATED,
        staff_user,
        administrator,
    )
    refused = admin_client_.post(url, {"user": superuser.pk}, follow=True)
    assert "only a superuser changes" in refused.text
    superuser.refresh_from_db()
    assert superuser.is_active


# -- the access review ------------------------------------------------------------------------
def test_the_access_review_as_csv_and_xlsx(admin_client_, staff_user, hr_officer):
    from humanrights.models import MonitoringNote  # noqa: F401 - the app holding secrets
    from tests.humanrights.factories import NoteFactory

    note = NoteFactory()
    User.objects.filter(pk=staff_user.pk).update(first_name="=HYPERLINK(1)")
    url = reverse("admin:programs_user_access_review")
    csv = admin_client_.get(url, {"format": "csv"})
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("username,name,role,role waiting for confirmation,home centre")
    assert any(line.startswith(f"staff,'=HYPERLINK(1),{roles.PROGRAMME_STAFF},") for line in lines)
    assert f"hr,,{roles.HUMAN_RIGHTS_OFFICER},,Khujand,no," in text
    for secret in (note.topic, "@untop.example.org", "pbkdf2"):
        assert secret not in text

    xlsx = admin_client_.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["username", "name", "role"]
    assert ["staff", "'=HYPERLINK(1)", roles.PROGRAMME_STAFF] in [row[:3] for row in rows]


def test_the_access_review_is_for_user_managers_only(manager_client):
    url = reverse("admin:programs_user_access_review")
    assert manager_client.get(url).status_code == 403


def test_a_manager_without_a_centre_becomes_programme_staff_with_one(
    admin_client_, centre, other_centre
):
    target = user_with_role(roles.PROGRAMME_MANAGER, home_centre=None, username="was.manager")
    response = admin_client_.post(
        _change(target),
        _form(target, role=_role(roles.PROGRAMME_STAFF).pk, home_centre=other_centre.pk),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert list(target.groups.values_list("name", flat=True)) == [roles.PROGRAMME_STAFF]
    assert target.home_centre == other_centre and not target.is_staff
    # And back: a manager may leave the centre empty.
    response = admin_client_.post(
        _change(target),
        _form(target, role=_role(roles.PROGRAMME_MANAGER).pk, home_centre=""),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.home_centre is None and target.is_staff


def test_a_new_user_gets_the_invitation_only(admin_client_, centre):
    response = admin_client_.post(
        reverse("admin:programs_user_add"),
        {
            "username": "new.officer",
            "email": "new.officer@untop.example.org",
            "role": _role(roles.PROGRAMME_STAFF).pk,
            "home_centre": centre.pk,
            "expires_on": "2007-05-31",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new.officer")
    assert user.expires_on == datetime.date(2007, 5, 31)
    assert [m.to for m in mail.outbox] == [[user.email]]
    kinds = list(AccountEvent.objects.filter(account=user).values_list("kind", flat=True))
    assert sorted(kinds) == sorted([Kind.INVITED, Kind.EXPIRY_SET, Kind.ROLE_GRANTED])
