"""The back office's users: the privilege ceiling of programs/accounts.py, one role per user,
and the pages that go with them (reset links, role grants, dormant accounts, the access
review).

Every change goes through programs/accounts.py, which records it (AccountEvent) and tells
the person concerned. Nobody sets another person's password here, and nobody is made a
superuser here (``createsuperuser`` does that).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from untop import roles
from untop.audit.admin import AuditedAdminMixin
from untop.exports import export_response

from . import accounts
from .accounts import AccountRefused
from .models import RoleGrant, User
from .services import user_invite


class _RoleChoiceForm(forms.ModelForm):
    """A user form with the role as one choice among the roles the signed-in user may give."""

    acting_user: User | None = None  # set per request by PortalUserAdmin.get_form

    role = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        label=_("Role"),
        help_text=_(
            "A human-rights officer's role takes effect once another holder of it confirms."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.acting_user is not None:
            self.fields["role"].queryset = accounts.grantable_roles(self.acting_user)
        if "home_centre" in self.fields:
            self.fields["home_centre"].help_text = _(
                "Required for programme staff: they enter the activities of this centre only."
            )

    def _refusal(self, check) -> None:
        """Run a check of programs/accounts.py; its refusal becomes the form's error."""
        try:
            check()
        except AccountRefused as refused:
            raise ValidationError(refused.message) from None


class PortalUserCreationForm(_RoleChoiceForm):
    """A new user: no password here; they choose one through the e-mailed link."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "home_centre", "expires_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("The link to set a password is sent here.")

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role is not None and self.acting_user is not None:
            self._refusal(lambda: accounts.ensure_may_manage(self.acting_user, User()))
            self._refusal(lambda: accounts.ensure_may_grant(self.acting_user, role))
            accounts.ensure_centre(role.name, data.get("home_centre"))
        return data


class PortalUserChangeForm(_RoleChoiceForm):
    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "home_centre",
            "is_active",
            "expires_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            current = accounts.current_role(self.instance)
            self.fields["role"].initial = current.pk if current else None
            if current is not None and self.acting_user is not None:
                # The role the account holds stays choosable, even one above the acting user.
                allowed = accounts.grantable_roles(self.acting_user)
                self.fields["role"].queryset = Group.objects.filter(
                    pk__in=[current.pk, *allowed.values_list("pk", flat=True)]
                ).order_by("name")

    def clean(self):
        data = super().clean()
        if self.errors or self.acting_user is None:
            return data
        changes = {name: data.get(name) for name in self.changed_data if name in data}
        self._refusal(
            lambda: accounts.check_user_change(
                user=self.instance, acting_user=self.acting_user, changes=changes
            )
        )
        return data


@admin.register(User)
class PortalUserAdmin(AuditedAdminMixin, UserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    add_form_template = None
    change_form_template = "admin/programs/user/change_form.html"
    change_list_template = "admin/programs/user/change_list.html"
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "home_centre",
                    "expires_on",
                ]
            },
        )
    ]
    fieldsets = [
        (None, {"fields": ["username"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Role and centre"), {"fields": ["role", "pending_role", "home_centre"]}),
        (_("Access"), {"fields": ["is_active", "expires_on", "second_factor", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    list_display = [
        "username",
        "full_name",
        "role",
        "home_centre",
        "second_factor",
        "last_login",
        "expires_on",
        "is_active",
    ]
    list_filter = ["is_active", "groups", "home_centre"]
    list_select_related = ["home_centre"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["home_centre"]
    filter_horizontal = ()
    readonly_fields = [
        "pending_role",
        "second_factor",
        "is_superuser",
        "last_login",
        "date_joined",
    ]
    actions = ["send_password_reset", "deactivate_selected"]

    # -- reading --------------------------------------------------------------------------
    def get_queryset(self, request):
        pending = RoleGrant.objects.filter(state=RoleGrant.State.PENDING).select_related("role")
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(
                "groups", Prefetch("role_grants", queryset=pending, to_attr="pending_grants")
            )
        )
        return accounts.with_second_factor(queryset)

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    @admin.display(description=_("role"))
    def role(self, user: User) -> str:
        names = ", ".join(group.name for group in user.groups.all())
        return names or "—"

    @admin.display(description=_("waiting for confirmation"))
    def pending_role(self, user: User) -> str:
        grants = getattr(user, "pending_grants", None)
        if grants is None:
            grants = user.role_grants.filter(state=RoleGrant.State.PENDING)
        return ", ".join(grant.role.name for grant in grants) or "—"

    @admin.display(description=_("second factor"), boolean=True, ordering="has_second_factor")
    def second_factor(self, user: User) -> bool:
        return bool(getattr(user, "has_second_factor", False))

    # -- who may change whom -------------------------------------------------------------
    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            # The reset link goes to this address: only the holder (on their account page)
            # or a superuser changes it, so that no administrator can turn it to their own.
            fields.append("email")
        return fields

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not accounts.may_manage(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not accounts.may_manage(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        extra_context = dict(extra_context or {})
        if obj is not None:
            extra_context["may_send_reset"] = accounts.may_manage(request.user, obj)
            if request.method == "GET" and not accounts.may_manage(request.user, obj):
                try:
                    accounts.ensure_may_manage(request.user, obj)
                except AccountRefused as refused:
                    self.message_user(request, refused.message, level=messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)

    # -- writing through programs/accounts.py -----------------------------------------------
    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            accounts.user_change(
                user=obj, acting_user=request.user, changes=changes, request=request
            )
            self._tell_pending(request, obj)
            return
        created = accounts.user_create(
            acting_user=request.user,
            username=obj.username,
            email=obj.email,
            first_name=obj.first_name,
            last_name=obj.last_name,
            role=form.cleaned_data["role"],
            home_centre=obj.home_centre,
            expires_on=obj.expires_on,
            request=request,
        )
        # The admin goes on with its own instance: it becomes the account just opened.
        for field in User._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        user_invite(user=created, acting_user=request.user, request=request)
        self.message_user(
            request,
            gettext("A link to set a password was e-mailed to %(email)s.") % {"email": obj.email},
        )
        self._tell_pending(request, obj)

    def _tell_pending(self, request, user: User) -> None:
        for grant in RoleGrant.objects.filter(user=user, state=RoleGrant.State.PENDING):
            self.message_user(
                request,
                gettext(
                    "The role “%(role)s” takes effect once another holder of it, or a "
                    "superuser, confirms it (Role grants)."
                )
                % {"role": grant.role.name},
                level=messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        """Roles are set by the services above; the form has no other relations."""

    def delete_model(self, request, obj):
        accounts.ensure_may_manage(request.user, obj)
        super().delete_model(request, obj)

    # -- actions ---------------------------------------------------------------------------
    def _each(self, request, queryset, service, done: str) -> None:
        count, problems = 0, []
        for user in queryset:
            try:
                service(user=user, acting_user=request.user, request=request)
                count += 1
            except (AccountRefused, ValidationError) as error:
                problems.append(
                    gettext("Account “%(username)s”: %(reason)s")
                    % {"username": user.username, "reason": " ".join(error.messages)}
                )
        if count:
            self.message_user(request, done % {"count": count})
        for problem in problems:
            self.message_user(request, problem, level=messages.WARNING)

    @admin.action(description=_("Send a password reset link"), permissions=["change"])
    def send_password_reset(self, request, queryset):
        self._each(
            request,
            queryset,
            accounts.password_reset_send,
            gettext("A password reset link was e-mailed to %(count)s accounts."),
        )

    @admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
    def deactivate_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            accounts.user_deactivate,
            gettext("%(count)s accounts deactivated."),
        )

    # -- pages of their own -----------------------------------------------------------------
    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<id>/password-reset/",
                wrap(self.password_reset_view),
                name=f"{name}_password_reset",
            ),
            # Not wrapped: human-rights officers confirm grants without using the back office.
            path("role-grants/", self.role_grants_view, name=f"{name}_role_grants"),
            path("dormant/", wrap(self.dormant_view), name=f"{name}_dormant"),
            path("access-review/", wrap(self.access_review_view), name=f"{name}_access_review"),
            *super().get_urls(),
        ]

    def user_change_password(self, request, id, form_url=""):
        """Nobody sets another person's password: the holder changes their own on the
        portal's password page; anyone else is sent a reset link (the change page's button)."""
        if str(request.user.pk) == str(unquote(id)):
            return redirect("password_change")
        raise PermissionDenied(
            _("Nobody sets another person's password: send them a password reset link.")
        )

    def password_reset_view(self, request, id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        try:
            accounts.password_reset_send(user=user, acting_user=request.user, request=request)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("A link to choose a new password was e-mailed to %(email)s.")
                % {"email": user.email},
            )
        return redirect(reverse("admin:programs_user_change", args=[user.pk]))

    def _context(self, request, title: str, **values) -> dict:
        context = {**self.admin_site.each_context(request), "title": title, "opts": self.opts}
        if not self.admin_site.has_permission(request):
            # A human-rights officer confirming a grant does not use the back office otherwise.
            context |= {"is_nav_sidebar_enabled": False, "available_apps": []}
        return context | values

    @staticmethod
    def _confidential_holder(user: User) -> bool:
        return bool(accounts.role_names(user) & roles.CONFIDENTIAL_ROLES)

    @method_decorator([never_cache, csrf_protect])
    def role_grants_view(self, request):
        """Pending grants of confidential roles. Holders of the role (and superusers)
        confirm or refuse them; user managers see them."""
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (
            user.is_superuser
            or user.has_perm("programs.view_user")
            or self._confidential_holder(user)
        ):
            raise PermissionDenied
        if request.method == "POST":
            grant = get_object_or_404(RoleGrant, pk=request.POST.get("grant") or 0)
            service = {
                "confirm": accounts.role_grant_confirm,
                "refuse": accounts.role_grant_refuse,
            }.get(request.POST.get("decision", ""))
            if service is None:
                raise Http404
            try:
                grant = service(grant=grant, acting_user=user, request=request)
            except AccountRefused as refused:
                messages.error(request, refused.message)
            else:
                messages.success(
                    request,
                    gettext("The role “%(role)s” for %(user)s: %(state)s.")
                    % {
                        "role": grant.role.name,
                        "user": grant.user,
                        "state": grant.get_state_display().lower(),
                    },
                )
            return HttpResponseRedirect(request.path)
        grants = [
            (grant, accounts.may_decide(user, grant)) for grant in accounts.pending_grants_for(user)
        ]
        return TemplateResponse(
            request,
            "admin/programs/user/role_grants.html",
            self._context(request, gettext("Role grants waiting for confirmation"), grants=grants),
        )

    def dormant_view(self, request):
        """Active accounts without a sign-in for UNTOP_DORMANT_DAYS days; one click (a POST)
        deactivates one."""
        from django.conf import settings

        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            user = get_object_or_404(User, pk=request.POST.get("user") or 0)
            try:
                accounts.user_deactivate(user=user, acting_user=request.user, request=request)
            except AccountRefused as refused:
                self.message_user(request, refused.message, level=messages.ERROR)
            else:
                self.message_user(
                    request, gettext("%(user)s was deactivated.") % {"user": user.username}
                )
            return HttpResponseRedirect(request.path)
        users = [
            (user, accounts.may_manage(request.user, user)) for user in accounts.dormant_users()
        ]
        return TemplateResponse(
            request,
            "admin/programs/user/dormant.html",
            self._context(
                request,
                gettext("Dormant accounts"),
                users=users,
                days=settings.UNTOP_DORMANT_DAYS,
            ),
        )

    def access_review_view(self, request):
        """Who holds which role, their centre, second factor, last sign-in, expiry and whether
        active: CSV or XLSX, with no e-mail, password or secret."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        kind = request.GET.get("format", "csv")
        if kind not in ("csv", "xlsx"):
            raise Http404
        return export_response(
            kind,
            "access-review",
            accounts.ACCESS_REVIEW_HEADERS,
            accounts.access_review_rows(),
            title="Access review",
            stream=False,
        )
