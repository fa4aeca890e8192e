"""programs/accounts.py: the privilege ceiling, confidential-role grants, the account changes
and their events, expiry at sign-in, and the invitations import."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programs import accounts
from programs.accounts import AccountRefused, AccountRule
from programs.models import RoleGrant, User
from tests.conftest import sign_in_as
from tests.factories import CentreFactory, UserFactory, user_with_role
from untop import roles
from untop.audit.models import AccountEvent
from untop.imports.engine import ImportInvalid, get_importer, run_import
from untop.imports.reading import Table
from untop.security.backends import account_may_sign_in

pytestmark = pytest.mark.django_db
Kind = AccountEvent.Kind


def _names(user: User) -> list[str]:
    return sorted(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def _events(user: User) -> list[str]:
    return list(
        AccountEvent.objects.filter(account=user).order_by("id").values_list("kind", flat=True)
    )


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# -- the ceiling ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", [roles.HUMAN_RIGHTS_OFFICER, roles.PROGRAMME_MANAGER])
def test_an_administrator_cannot_give_themselves_a_role(administrator, role):
    with pytest.raises(AccountRefused) as refused:
        accounts.user_roles_set(user=administrator, roles=[role], acting_user=administrator)
    assert refused.value.rule is AccountRule.OWN_ACCOUNT
    assert "Nobody changes their own role" in refused.value.message
    assert _names(administrator) == [roles.ADMINISTRATOR]
    assert not RoleGrant.objects.exists()
    assert _events(administrator) == []


def test_an_administrator_cannot_change_a_superuser_or_another_administrator(
    administrator, superuser, centre
):
    other = user_with_role(roles.ADMINISTRATOR, home_centre=centre)
    for target in (superuser, other):
        for attempt in (
            lambda t: accounts.user_deactivate(user=t, acting_user=administrator),
            lambda t: accounts.user_roles_set(
                user=t, roles=[roles.PROGRAMME_STAFF], acting_user=administrator
            ),
            lambda t: accounts.user_expiry_set(
                user=t, expires_on=datetime.date(2007, 1, 1), acting_user=administrator
            ),
            lambda t: accounts.password_reset_send(user=t, acting_user=administrator),
        ):
            with pytest.raises(AccountRefused) as refused:
                attempt(target)
            assert refused.value.rule is AccountRule.ABOVE_YOU
        target.refresh_from_db()
        assert target.is_active and target.expires_on is None
    assert _names(other) == [roles.ADMINISTRATOR]
    assert not AccountEvent.objects.exists()
    assert mail.outbox == []


def test_only_a_superuser_makes_an_administrator(administrator, staff_user, superuser):
    with pytest.raises(AccountRefused) as refused:
        accounts.user_roles_set(
            user=staff_user, roles=[roles.ADMINISTRATOR], acting_user=administrator
        )
    assert refused.value.rule is AccountRule.ROLE_ABOVE_YOU
    assert _names(staff_user) == [roles.PROGRAMME_STAFF]

    accounts.user_roles_set(user=staff_user, roles=[roles.ADMINISTRATOR], acting_user=superuser)
    staff_user.refresh_from_db()
    assert _names(staff_user) == [roles.ADMINISTRATOR]
    assert staff_user.is_staff  # administrators open the back office
    assert not staff_user.is_superuser


def test_someone_without_the_permission_manages_nobody(manager, staff_user):
    with pytest.raises(AccountRefused) as refused:
        accounts.user_deactivate(user=staff_user, acting_user=manager)
    assert refused.value.rule is AccountRule.MAY_NOT_MANAGE
    staff_user.refresh_from_db()
    assert staff_user.is_active


# -- roles ------------------------------------------------------------------------------------
def test_a_role_change_is_recorded_and_told_and_the_back_office_follows_the_role(
    administrator, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        accounts.user_roles_set(
            user=staff_user, roles=[roles.PROGRAMME_MANAGER], acting_user=administrator
        )
    staff_user.refresh_from_db()
    assert _names(staff_user) == [roles.PROGRAMME_MANAGER]
    assert staff_user.is_staff
    assert _events(staff_user) == [Kind.ROLE_REMOVED, Kind.ROLE_GRANTED]
    granted = AccountEvent.objects.get(account=staff_user, kind=Kind.ROLE_GRANTED)
    assert (granted.actor, granted.detail) == (administrator, roles.PROGRAMME_MANAGER)
    assert [m.to for m in mail.outbox] == [[staff_user.email], [staff_user.email]]


def test_a_user_holds_one_role(administrator, staff_user):
    with pytest.raises(ValidationError) as invalid:
        accounts.user_roles_set(
            user=staff_user,
            roles=[roles.PROGRAMME_STAFF, roles.PROGRAMME_MANAGER],
            acting_user=administrator,
        )
    assert "role" in invalid.value.message_dict
    assert _names(staff_user) == [roles.PROGRAMME_STAFF]


def test_programme_staff_need_a_home_centre(administrator, manager):
    manager_role = Group.objects.get(name=roles.PROGRAMME_MANAGER)
    User.objects.filter(pk=manager.pk).update(home_centre=None)
    manager.refresh_from_db()
    target = user_with_role(roles.PROGRAMME_MANAGER, home_centre=None)
    assert manager_role in target.groups.all()
    with pytest.raises(ValidationError) as invalid:
        accounts.user_roles_set(
            user=target, roles=[roles.PROGRAMME_STAFF], acting_user=administrator
        )
    assert invalid.value.message_dict["home_centre"] == [
        "Programme staff need a home centre: choose the centre whose activities they enter."
    ]
    assert _names(target) == [roles.PROGRAMME_MANAGER]
    with pytest.raises(ValidationError) as invalid:
        accounts.user_create(
            acting_user=administrator,
            username="no.centre",
            email="no.centre@untop.example.org",
            role=roles.PROGRAMME_STAFF,
        )
    assert "home_centre" in invalid.value.message_dict
    assert not User.objects.filter(username="no.centre").exists()


def test_a_staff_member_keeps_a_centre(administrator, staff_user):
    with pytest.raises(ValidationError) as invalid:
        accounts.user_centre_set(user=staff_user, centre=None, acting_user=administrator)
    assert "home_centre" in invalid.value.message_dict
    staff_user.refresh_from_db()
    assert staff_user.home_centre is not None


# -- confidential roles -----------------------------------------------------------------------
def test_a_confidential_role_waits_for_a_second_holder(
    administrator, staff_user, hr_officer, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant = accounts.user_roles_set(
            user=staff_user, roles=[roles.HUMAN_RIGHTS_OFFICER], acting_user=administrator
        )
    assert grant.state == RoleGrant.State.PENDING
    assert (grant.requested_by, grant.role.name) == (administrator, roles.HUMAN_RIGHTS_OFFICER)
    # Not in the user's groups until confirmed: they keep their present role meanwhile.
    assert _names(staff_user) == [roles.PROGRAMME_STAFF]
    assert not User.objects.get(pk=staff_user.pk).has_perm("humanrights.view_monitoringnote")
    assert _events(staff_user) == [Kind.ROLE_GRANT_PENDING]
    # The holder is asked; the user is told.
    to = sorted(tuple(m.to) for m in mail.outbox)
    assert to == sorted([(hr_officer.email,), (staff_user.email,)])
    holder_mail = next(m for m in mail.outbox if m.to == [hr_officer.email])
    assert "waits for your confirmation" in holder_mail.subject
    assert "administrator asked for the role “Human-rights officer” for staff" in holder_mail.body

    # Asking again stores no second request and sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = accounts.user_roles_set(
            user=staff_user, roles=[roles.HUMAN_RIGHTS_OFFICER], acting_user=administrator
        )
    assert again.pk == grant.pk and mail.outbox == []

    # Neither the requester nor someone who does not hold the role confirms it.
    with pytest.raises(AccountRefused) as refused:
        accounts.role_grant_confirm(grant=grant, acting_user=administrator)
    assert refused.value.rule is AccountRule.OWN_GRANT
    with pytest.raises(AccountRefused) as refused:
        accounts.role_grant_confirm(grant=grant, acting_user=manager)
    assert refused.value.rule is AccountRule.NOT_A_HOLDER
    assert "Human-rights officer" in refused.value.message
    grant.refresh_from_db()
    assert grant.state == RoleGrant.State.PENDING

    # A second holder confirms: the role replaces the old one.
    with django_capture_on_commit_callbacks(execute=True):
        accounts.role_grant_confirm(grant=grant, acting_user=hr_officer)
    grant.refresh_from_db()
    assert (grant.state, grant.decided_by) == (RoleGrant.State.CONFIRMED, hr_officer)
    assert _names(staff_user) == [roles.HUMAN_RIGHTS_OFFICER]
    assert _events(staff_user) == [
        Kind.ROLE_GRANT_PENDING,
        Kind.ROLE_GRANT_CONFIRMED,
        Kind.ROLE_REMOVED,
        Kind.ROLE_GRANTED,
    ]
    assert [hr_officer.email] in [m.to for m in mail.outbox]
    assert sum(m.to == [staff_user.email] for m in mail.outbox) == 3
    with pytest.raises(AccountRefused) as refused:
        accounts.role_grant_refuse(grant=grant, acting_user=hr_officer)
    assert refused.value.rule is AccountRule.DECIDED


def test_a_superuser_who_asked_for_a_grant_does_not_confirm_it_another_does(superuser, staff_user):
    grant = accounts.user_roles_set(
        user=staff_user, roles=[roles.HUMAN_RIGHTS_OFFICER], acting_user=superuser
    )
    with pytest.raises(AccountRefused) as refused:
        accounts.role_grant_confirm(grant=grant, acting_user=superuser)
    assert refused.value.rule is AccountRule.OWN_GRANT
    second = UserFactory(is_superuser=True, is_staff=True)
    accounts.role_grant_confirm(grant=grant, acting_user=second)
    assert _names(staff_user) == [roles.HUMAN_RIGHTS_OFFICER]


def test_a_refused_grant_changes_no_role(administrator, staff_user, hr_officer):
    grant = accounts.user_roles_set(
        user=staff_user, roles=[roles.HUMAN_RIGHTS_OFFICER], acting_user=administrator
    )
    accounts.role_grant_refuse(grant=grant, acting_user=hr_officer)
    grant.refresh_from_db()
    assert grant.state == RoleGrant.State.REFUSED
    assert _names(staff_user) == [roles.PROGRAMME_STAFF]
    assert _events(staff_user) == [Kind.ROLE_GRANT_PENDING, Kind.ROLE_GRANT_REFUSED]


def test_another_role_withdraws_a_pending_grant(administrator, staff_user):
    grant = accounts.user_roles_set(
        user=staff_user, roles=[roles.HUMAN_RIGHTS_OFFICER], acting_user=administrator
    )
    accounts.user_roles_set(
        user=staff_user, roles=[roles.PROGRAMME_MANAGER], acting_user=administrator
    )
    grant.refresh_from_db()
    assert grant.state == RoleGrant.State.WITHDRAWN
    assert _names(staff_user) == [roles.PROGRAMME_MANAGER]


# -- the other changes ------------------------------------------------------------------------
def test_deactivation_reactivation_expiry_and_centre_are_recorded(
    administrator, staff_user, other_centre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        accounts.user_deactivate(user=staff_user, acting_user=administrator)
        accounts.user_deactivate(user=staff_user, acting_user=administrator)  # no change
        accounts.user_reactivate(user=staff_user, acting_user=administrator)
        accounts.user_expiry_set(
            user=staff_user, expires_on=datetime.date(2007, 5, 31), acting_user=administrator
        )
        accounts.user_centre_set(user=staff_user, centre=other_centre, acting_user=administrator)
    staff_user.refresh_from_db()
    assert staff_user.is_active
    assert staff_user.expires_on == datetime.date(2007, 5, 31)
    assert staff_user.home_centre == other_centre
    assert _events(staff_user) == [
        Kind.DEACTIVATED,
        Kind.ACTIVATED,
        Kind.EXPIRY_SET,
        Kind.CENTRE_CHANGED,
    ]
    assert AccountEvent.objects.get(kind=Kind.CENTRE_CHANGED).detail == "Khujand → Khorog"
    assert len(mail.outbox) == 4 and all(m.to == [staff_user.email] for m in mail.outbox)


def test_a_reset_link_goes_to_the_holder_and_is_recorded(administrator, staff_user):
    password = User.objects.get(pk=staff_user.pk).password
    accounts.password_reset_send(user=staff_user, acting_user=administrator)
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    event = AccountEvent.objects.get(account=staff_user)
    assert (event.kind, event.actor) == (Kind.PASSWORD_RESET_SENT, administrator)
    # Nobody set the password: it is the holder's until they follow the link.
    assert User.objects.get(pk=staff_user.pk).password == password


def test_no_reset_link_for_a_deactivated_account(administrator, staff_user):
    accounts.user_deactivate(user=staff_user, acting_user=administrator)
    with pytest.raises(ValidationError, match="reactivate it"):
        accounts.password_reset_send(user=staff_user, acting_user=administrator)
    assert mail.outbox == []


# -- expiry at sign-in ------------------------------------------------------------------------
def test_an_expired_account_cannot_sign_in(staff_user):
    today = timezone.localdate()
    staff_user.expires_on = today
    staff_user.save()
    assert account_may_sign_in(staff_user)  # its last day
    assert Client().login(username="staff", password="a-long-test-password")

    staff_user.expires_on = today - datetime.timedelta(days=1)
    staff_user.save()
    assert not account_may_sign_in(staff_user)
    assert not Client().login(username="staff", password="a-long-test-password")
    response = Client().post(
        reverse("login"), {"username": "staff", "password": "a-long-test-password"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_an_inactive_account_may_not_sign_in():
    assert not account_may_sign_in(User(is_active=False))
    assert account_may_sign_in(User(is_active=True))


# -- dormant accounts and the access review ---------------------------------------------------
def test_dormant_accounts_are_those_without_a_recent_sign_in(staff_user, manager, settings):
    settings.UNTOP_DORMANT_DAYS = 90
    long_ago = timezone.now() - datetime.timedelta(days=91)
    User.objects.filter(pk=staff_user.pk).update(last_login=long_ago)
    User.objects.filter(pk=manager.pk).update(last_login=timezone.now())
    never = UserFactory(username="never.came")
    User.objects.filter(pk=never.pk).update(date_joined=long_ago)
    UserFactory(username="just.joined")
    gone = UserFactory(username="gone", is_active=False)
    User.objects.filter(pk=gone.pk).update(last_login=long_ago)
    assert [u.username for u in accounts.dormant_users()] == ["never.came", "staff"]


def test_the_access_review_lists_roles_and_no_secret(administrator, staff_user, hr_officer):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    accounts.user_roles_set(
        user=staff_user, roles=[roles.HUMAN_RIGHTS_OFFICER], acting_user=administrator
    )
    rows = {row[0]: row for row in accounts.access_review_rows()}
    assert rows["administrator"][2:6] == [roles.ADMINISTRATOR, "", "Khujand", "yes"]
    assert rows["staff"][2:6] == [
        roles.PROGRAMME_STAFF,
        roles.HUMAN_RIGHTS_OFFICER,
        "Khujand",
        "no",
    ]
    text = repr(list(rows.values()))
    assert device.key not in text
    assert "@" not in text  # no e-mail address
    assert User.objects.get(pk=staff_user.pk).password not in text


# -- the invitations import -------------------------------------------------------------------
HEADERS = ["username", "first_name", "last_name", "email", "role", "home_centre"]


def _invite(user, rows):
    importer = get_importer("invitations")(acting_user=user)
    return run_import(importer, Table(headers=HEADERS, rows=rows), acting_user=user)


def test_the_invitations_import_opens_accounts_and_sends_the_links(
    administrator, centre, hr_officer, django_capture_on_commit_callbacks
):
    rows = [
        [
            "nodira.k",
            "Nodira",
            "Karimova",
            "nodira@untop.example.org",
            "Programme staff",
            "khujand",
        ],
        ["rustam.s", "Rustam", "Saidov", "rustam@untop.example.org", "programme manager", ""],
        ["dilya.h", "Dilya", "H.", "dilya@untop.example.org", "Human-rights officer", ""],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        outcome = _invite(administrator, rows)
    assert outcome.created == 3
    nodira = User.objects.get(username="nodira.k")
    assert (nodira.home_centre, _names(nodira)) == (centre, [roles.PROGRAMME_STAFF])
    assert _names(User.objects.get(username="rustam.s")) == [roles.PROGRAMME_MANAGER]
    dilya = User.objects.get(username="dilya.h")
    assert _names(dilya) == []  # waits for a second holder
    assert RoleGrant.objects.get(user=dilya).state == RoleGrant.State.PENDING
    invited = [m.to[0] for m in mail.outbox if "/accounts/password/reset/" in m.body]
    assert sorted(invited) == sorted(r[3] for r in rows)
    assert [hr_officer.email] in [m.to for m in mail.outbox]
    assert _events(nodira) == [Kind.INVITED, Kind.ROLE_GRANTED]
    assert AccountEvent.objects.get(account=nodira, kind=Kind.INVITED).actor == administrator


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (["x.one", "", "", "x1@untop.example.org", "Chief", "khujand"], "role", "is not a role"),
        (
            ["x.two", "", "", "x2@untop.example.org", "Programme staff", "nowhere"],
            "home_centre",
            "No centre",
        ),
        (
            ["x.three", "", "", "x3@untop.example.org", "Programme staff", ""],
            "home_centre",
            "need a home centre",
        ),
        (
            ["staff", "", "", "x4@untop.example.org", "Programme staff", "khujand"],
            "username",
            "is taken",
        ),
        (
            ["x.five", "", "", "not-an-address", "Programme staff", "khujand"],
            "email",
            "not an e-mail",
        ),
        (
            ["x.six", "", "", "x6@untop.example.org", "Administrator", ""],
            "role",
            "only a superuser makes",
        ),
    ],
)
def test_a_bad_invitation_row_saves_nothing_and_names_its_row(
    administrator, staff_user, row, column, words, django_capture_on_commit_callbacks
):
    good = ["fine.one", "", "", "fine@untop.example.org", "Programme staff", "khujand"]
    before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ImportInvalid) as invalid:
        _invite(administrator, [good, row])
    errors = invalid.value.errors
    assert [(e.row, e.column) for e in errors] == [(3, column)], errors
    assert words in errors[0].message
    assert User.objects.count() == before
    assert not AccountEvent.objects.exists()
    assert mail.outbox == []


def test_a_repeated_user_name_in_the_file_is_refused(administrator, centre):
    row = ["twice", "", "", "t@untop.example.org", "Programme staff", "khujand"]
    with pytest.raises(ImportInvalid) as invalid:
        _invite(administrator, [row, row])
    assert invalid.value.errors[0].row == 3
    assert "repeats row 2" in invalid.value.errors[0].message


def test_only_user_managers_import_invitations(manager, centre):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _invite(manager, [["a", "", "", "a@untop.example.org", "Programme staff", "khujand"]])
    assert not User.objects.filter(username="a").exists()


def test_the_centre_column_takes_a_name_too(administrator):
    CentreFactory(name="Kulob", code="kulob")
    _invite(administrator, [["k", "", "", "k@untop.example.org", "Programme staff", "Kulob"]])
    assert User.objects.get(username="k").home_centre.code == "kulob"


def test_expired_accounts_are_recorded_once_and_their_sessions_end(staff_user, manager):
    from django.contrib.sessions.models import Session
    from django.core.management import call_command

    signed_in, other = Client(), Client()
    signed_in.force_login(staff_user)
    sign_in_as(other, manager)
    User.objects.filter(pk=staff_user.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    out = io.StringIO()
    call_command("expire_accounts", stdout=out)
    assert "staff: expired on" in out.getvalue()
    event = AccountEvent.objects.get()
    assert (event.kind, event.account, event.actor) == (Kind.EXPIRED, staff_user, None)
    users = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert users == [str(manager.pk)]
    assert signed_in.get(reverse("account")).status_code == 302  # signed out
    call_command("expire_accounts", stdout=io.StringIO())
    assert AccountEvent.objects.count() == 1  # recorded once


def test_celery_beat_closes_expired_accounts_every_hour(settings, staff_user):
    from programs.tasks import expired_accounts_task
    from untop.celery import app as celery_app

    entry = settings.CELERY_BEAT_SCHEDULE["close-expired-accounts"]
    assert entry["task"] == "programs.close_expired_accounts"
    assert entry["schedule"] == 3600.0
    assert "programs.close_expired_accounts" in celery_app.tasks
    User.objects.filter(pk=staff_user.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert expired_accounts_task() == 1
    assert expired_accounts_task() == 0  # once
    assert AccountEvent.objects.filter(kind=Kind.EXPIRED, account=staff_user).count() == 1
