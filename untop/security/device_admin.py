"""The back office's authenticator devices: who has one, delete a lost one, send a set-up link;
and the sign-in lockouts, lifted only for the accounts the acting user may change.

Replaces django-otp's own TOTPDevice admin, which lets any query parameter filter on the
model's own fields: `?key__startswith=…` told, by the count of rows, the secret key one
character at a time. Here the changelist accepts only the lookups of its own filters, shows
no secret field anywhere, adds and changes nothing, and records every deletion on the
holder's account. Recovery codes (django-otp's static devices) are not in the back office.
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import ceiling, oidc, otp

SEND_PERMISSION = "otp_totp.delete_totpdevice"


class EnrolmentSendForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("User"),
        queryset=get_user_model().objects.none(),
        help_text=_("Active users with an e-mail address and no authenticator app."),
    )

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        User = get_user_model()
        with_device = TOTPDevice.objects.filter(confirmed=True).values("user_id")
        candidates = (
            User.objects.filter(is_active=True)
            .exclude(email="")
            .exclude(pk__in=with_device)
            .prefetch_related("groups")  # the ceiling reads each one's role
        )
        # Only the accounts the acting user may change (untop.security.ceiling).
        manageable = [user.pk for user in candidates if ceiling.may_manage(acting_user, user)]
        self.fields["user"].queryset = User.objects.filter(pk__in=manageable).order_by("username")


class HolderCeilingMixin:
    """Deleting a record of an account (its authenticator app, its sign-on link, its failed
    sign-ins) changes that account: not the acting user's own, a superuser's or another
    administrator's (untop.security.ceiling). The page offers no "Delete", and "delete
    selected" refuses a list holding one."""

    def holder(self, obj):
        """The account the record belongs to (None: nobody's)."""
        return obj.user

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None:
            holder = self.holder(obj)
            if holder is not None and not ceiling.may_manage(request.user, holder):
                return False
        return super().has_delete_permission(request, obj)


class TOTPDeviceAdmin(HolderCeilingMixin, admin.ModelAdmin):
    """Authenticator apps: listed and deleted, never added, changed or searched by secret."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    search_help_text = _("Search by the user's name.")
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    show_facets = admin.ShowFacets.NEVER
    change_list_template = "security/admin/device_change_list.html"
    # The only query parameters the changelist takes besides its own (search, ordering,
    # page): its filter, and one user's devices.
    allowed_lookups = frozenset({"confirmed__exact", "user__id__exact"})

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        return lookup in self.allowed_lookups

    def get_changelist_instance(self, request):
        # A refused lookup answers like any bad filter: back to the unfiltered list (?e=1),
        # not a 400 page that a script could tell apart from an empty result.
        try:
            return super().get_changelist_instance(request)
        except DisallowedModelAdminLookup as error:
            raise IncorrectLookupParameters(str(error)) from error

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        otp.devices_remove(devices=[obj], acting_user=request.user, request=request)

    def delete_queryset(self, request, queryset) -> None:
        otp.devices_remove(
            devices=list(queryset.select_related("user")), acting_user=request.user, request=request
        )

    def get_urls(self):
        return [
            path(
                "send-set-up-link/",
                self.admin_site.admin_view(self.enrolment_send_view),
                name="otp_totp_totpdevice_enrolment_send",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_send_link": request.user.has_perm(SEND_PERMISSION),
        }
        return super().changelist_view(request, extra_context)

    def enrolment_send_view(self, request):
        """E-mail a user a one-time link to pair an authenticator app (untop.security.otp)."""
        if not request.user.has_perm(SEND_PERMISSION):
            raise PermissionDenied
        form = EnrolmentSendForm(request.POST or None, acting_user=request.user)
        if request.method == "POST" and form.is_valid():
            user = form.cleaned_data["user"]
            try:
                otp.otp_enrolment_send(user=user, acting_user=request.user, request=request)
            except ValidationError as error:
                form.add_error("user", error)
            except PermissionDenied as refused:
                form.add_error("user", ceiling.refusal_message(refused))
            else:
                self.message_user(
                    request,
                    gettext("A set-up link was e-mailed to %(user)s (%(email)s).")
                    % {"user": user, "email": user.email},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:otp_totp_totpdevice_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Send a set-up link for an authenticator app"),
            "form": form,
            "hours": otp.enrolment_hours(),
        }
        return TemplateResponse(request, "security/admin/enrolment_send.html", context)


class SingleSignOnIdentityAdmin(HolderCeilingMixin, admin.ModelAdmin):
    """Accounts linked to the single sign-on provider: listed, and unlinked when a person's
    identity at the provider changed (the next sign-on links by verified e-mail again)."""

    list_display = ["user", "issuer", "linked_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    search_help_text = _("Search by the user's name.")
    fields = ["user", "issuer", "linked_at"]
    readonly_fields = fields
    show_facets = admin.ShowFacets.NEVER

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # The subject at the provider is an identifier, not for filtering or guessing.
        return lookup == "user__id__exact"

    def has_add_permission(self, request) -> bool:
        return False  # linked by signing on, never typed

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset) -> None:
        oidc.identities_unlink(identities=list(queryset), acting_user=request.user, request=request)


class LockoutAdmin(HolderCeilingMixin, AccessAttemptAdmin):
    """django-axes' failed sign-ins, whose deletion lifts a lockout: not for the accounts
    the acting user may not change (their own, a superuser's, another administrator's), or
    an administrator could lift a superuser's lockout again and again while someone guesses
    the password. A user name no account holds is anyone's to clear."""

    def holder(self, obj):
        return get_user_model().objects.filter(username__iexact=obj.username).first()


def register(site: admin.AdminSite = admin.site) -> None:
    """Put the portal's device admin in place of django-otp's (after admin autodiscovery),
    and the single sign-on links beside it."""
    from .models import SingleSignOnIdentity

    for model in (TOTPDevice, StaticDevice, AccessAttempt):
        if site.is_registered(model):
            site.unregister(model)
    site.register(TOTPDevice, TOTPDeviceAdmin)
    site.register(AccessAttempt, LockoutAdmin)
    if not site.is_registered(SingleSignOnIdentity):
        site.register(SingleSignOnIdentity, SingleSignOnIdentityAdmin)
