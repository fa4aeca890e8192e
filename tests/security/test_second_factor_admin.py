"""The back office's authenticator devices (untop/security/device_admin.py): no lookup on a
secret, deletion only, recorded on the holder's account; the set-up link sent from there."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import user_with_role
from untop import roles
from untop.audit.models import AccountEvent
from untop.security import otp

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/otp_totp/totpdevice/"


@pytest.fixture
def device(manager):
    return TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)


@pytest.mark.parametrize(
    "query",
    [
        "key__startswith={first}",
        "key={key}",
        "key__regex=^{first}",
        "key__gt=0",
        "user__password__startswith=md5",
        "throttling_failure_count__gte=0",
        "drift=0",
        "tolerance=1",
    ],
)
def test_a_lookup_on_the_key_or_any_other_field_is_refused_without_a_count(
    admin_client_, device, query
):
    # django-otp's own admin filtered on any field of the device: `?key__startswith=` told the
    # secret one character at a time, by whether the list showed "1 TOTP device" or none.
    url = CHANGELIST + "?" + query.format(first=device.key[0], key=device.key)
    response = admin_client_.get(url)
    assert response.status_code == 302
    assert response.url == CHANGELIST + "?e=1"
    assert device.key not in response.content.decode()


def test_the_changelist_lists_devices_by_user_and_its_own_filter(admin_client_, device, manager):
    page = admin_client_.get(CHANGELIST).content.decode()
    assert str(manager) in page and "Phone" in page
    assert device.key not in page
    assert admin_client_.get(CHANGELIST + "?confirmed__exact=1").status_code == 200
    found = admin_client_.get(CHANGELIST + "?q=manager").context["cl"].result_count
    assert found == 1
    # The search covers the user's names, never the key.
    assert admin_client_.get(CHANGELIST + "?q=" + device.key).context["cl"].result_count == 0


def test_devices_are_deleted_only_never_added_or_changed(admin_client_, device):
    assert admin_client_.get(CHANGELIST + "add/").status_code == 403
    change = admin_client_.get(f"{CHANGELIST}{device.pk}/change/")
    assert change.status_code == 200
    page = change.content.decode()
    assert 'name="_save"' not in page
    assert device.key not in page


def test_deleting_a_lost_phone_is_recorded_with_who_did_it_and_the_holder_is_told(
    admin_client_, administrator, device, manager, django_capture_on_commit_callbacks
):
    codes = otp.recovery_codes_make(user=manager, acting_user=manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(f"{CHANGELIST}{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=manager).exists()
    # The recovery codes that stood in for that phone go with it.
    assert not StaticToken.objects.filter(token__in=codes).exists()
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.OTP_REMOVED)
    assert event.account == manager and event.actor == administrator
    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert "Authenticator removed" in mail.outbox[0].subject


def test_deleting_selected_devices_records_each_one(
    admin_client_, administrator, device, staff_user
):
    other = TOTPDevice.objects.create(user=staff_user, name="Tablet", confirmed=True)
    response = admin_client_.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [device.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk__in=[device.pk, other.pk]).exists()
    events = AccountEvent.objects.filter(kind=AccountEvent.Kind.OTP_REMOVED)
    assert {(e.account.username, e.actor) for e in events} == {
        ("manager", administrator),
        ("staff", administrator),
    }


def test_recovery_codes_are_not_in_the_back_office(admin_client_, manager):
    otp.recovery_codes_make(user=manager, acting_user=manager)
    assert not admin.site.is_registered(StaticDevice)
    assert not admin.site.is_registered(StaticToken)
    assert admin_client_.get("/admin/otp_static/staticdevice/").status_code == 404


def test_an_administrator_sends_a_set_up_link_from_the_back_office(
    admin_client_, administrator, manager, django_capture_on_commit_callbacks
):
    assert "Send a set-up link" in admin_client_.get(CHANGELIST).content.decode()
    url = reverse("admin:otp_totp_totpdevice_enrolment_send")
    assert admin_client_.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(url, {"user": manager.pk})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [manager.email]
    assert "/accounts/two-factor/enrol/" in message.body
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.OTP_ENROLMENT_SENT)
    assert event.account == manager and event.actor == administrator


def test_a_user_with_an_authenticator_gets_no_link_until_it_is_deleted(
    admin_client_, device, manager
):
    url = reverse("admin:otp_totp_totpdevice_enrolment_send")
    response = admin_client_.post(url, {"user": manager.pk})
    assert response.status_code == 200
    assert mail.outbox == []
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.OTP_ENROLMENT_SENT).exists()


def test_a_manager_may_not_send_set_up_links(manager_client, staff_user):
    url = reverse("admin:otp_totp_totpdevice_enrolment_send")
    assert manager_client.get(url).status_code == 403
    assert manager_client.post(url, {"user": staff_user.pk}).status_code == 403
    assert mail.outbox == []


# -- the ceiling: an administrator manages the accounts below them only ----------------------
@pytest.fixture
def devices_above(admin_client_, admin_user, administrator, centre):
    """The authenticator apps of a superuser, of another administrator, and the acting
    administrator's own (made by their sign-in)."""
    other = user_with_role(roles.ADMINISTRATOR, username="administrator2", home_centre=centre)
    return [
        TOTPDevice.objects.create(user=admin_user, name="Root's phone", confirmed=True),
        TOTPDevice.objects.create(user=other, name="Other phone", confirmed=True),
        TOTPDevice.objects.filter(user=administrator).first()
        or TOTPDevice.objects.create(user=administrator, name="Own phone", confirmed=True),
    ]


def test_an_administrator_deletes_no_authenticator_above_them_or_their_own(
    admin_client_, devices_above, device
):
    for above in devices_above:
        url = reverse("admin:otp_totp_totpdevice_delete", args=[above.pk])
        assert admin_client_.get(url).status_code == 403
        assert admin_client_.post(url, {"post": "yes"}).status_code == 403
    # "Delete selected" with one of them among others deletes none of them.
    response = admin_client_.post(
        CHANGELIST,
        {
            "action": "delete_selected",
            "_selected_action": [device.pk, devices_above[0].pk],
            "post": "yes",
        },
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk__in=[d.pk for d in [*devices_above, device]]).count() == 4
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.OTP_REMOVED).exists()
    # The service refuses as the pages do, with the rule's words.
    with pytest.raises(PermissionDenied, match="only a superuser changes a superuser"):
        otp.devices_remove(devices=[devices_above[0]], acting_user=devices_above[2].user)


def test_a_superuser_deletes_an_administrators_lost_phone(admin_client, devices_above):
    url = reverse("admin:otp_totp_totpdevice_delete", args=[devices_above[1].pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=devices_above[1].pk).exists()


def test_set_up_links_go_only_to_accounts_below_the_administrator(
    admin_client_, administrator, admin_user, manager
):
    url = reverse("admin:otp_totp_totpdevice_enrolment_send")
    admin_user.email = "root@untop.example.org"
    admin_user.save()
    offered = admin_client_.get(url).context["form"].fields["user"].queryset
    assert manager in offered and admin_user not in offered
    response = admin_client_.post(url, {"user": admin_user.pk})
    assert response.status_code == 200 and mail.outbox == []
    with pytest.raises(PermissionDenied):
        otp.otp_enrolment_send(user=admin_user, acting_user=administrator)
    assert mail.outbox == []


def test_an_administrator_lifts_the_lockouts_of_the_accounts_below_them_only(
    admin_client_, admin_client, admin_user, manager
):
    """Deleting the failed sign-ins lifts a lockout: not for a superuser's account, which
    someone may be guessing the password of; a user name nobody holds is anyone's."""
    from axes.models import AccessAttempt

    def attempt(username):
        return AccessAttempt.objects.create(
            username=username, ip_address="203.0.113.9", failures_since_start=5, user_agent="x"
        )

    root, below, nobody = (
        attempt(admin_user.username.upper()),
        attempt(manager.username),
        attempt("ghost"),
    )
    url = "admin:axes_accessattempt_delete"
    assert admin_client_.post(reverse(url, args=[root.pk]), {"post": "yes"}).status_code == 403
    for record in (below, nobody):
        assert (
            admin_client_.post(reverse(url, args=[record.pk]), {"post": "yes"}).status_code == 302
        )
    assert list(AccessAttempt.objects.all()) == [root]
    assert admin_client.post(reverse(url, args=[root.pk]), {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
