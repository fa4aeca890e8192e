"""The back office: every record of the programs app, and the portal's users."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Sum
from django.db.models.functions import Coalesce

from .models import (
    Activity,
    Centre,
    Donor,
    ParticipantCategory,
    ParticipantCount,
    Pledge,
    Project,
    Region,
    User,
)
from .services import user_invite


class PortalUserCreationForm(forms.ModelForm):
    """A new user: no password here; they choose one through the e-mailed link."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "home_centre", "groups"]
        labels = {"groups": "Role"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "The link to set a password is sent here."


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    add_form = PortalUserCreationForm
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "home_centre",
                    "groups",
                ]
            },
        )
    ]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email"]}),
        ("Role and centre", {"fields": ["groups", "home_centre", "is_active", "is_staff"]}),
        ("Superuser", {"fields": ["is_superuser", "user_permissions"], "classes": ["collapse"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    list_display = ["username", "full_name", "email", "role", "home_centre", "is_active"]
    list_filter = ["is_active", "groups", "home_centre", "is_staff"]
    list_select_related = ["home_centre"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["home_centre"]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # An administrator manages roles, not superuser rights: no one raises their own.
            fields += ["is_superuser", "user_permissions"]
        return fields

    @admin.display(description="name", ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    @admin.display(description="role")
    def role(self, user: User) -> str:
        return ", ".join(group.name for group in user.groups.all())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            user_invite(user=obj, acting_user=request.user, request=request)
            self.message_user(request, f"A link to set a password was e-mailed to {obj.email}.")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ru", "name_tg"]
    search_fields = ["code", "name_en", "name_ru", "name_tg"]


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "region", "is_head_office"]
    list_filter = ["region", "is_head_office"]
    list_select_related = ["region"]
    search_fields = ["name", "town", "code"]


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "country", "pledged_usd"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_pledged=Sum("pledges__amount_usd"))

    @admin.display(description="pledged (US$)", ordering="_pledged")
    def pledged_usd(self, donor: Donor):
        return donor._pledged


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "area", "start", "end", "budget_usd", "status"]
    list_filter = ["area", "status"]
    search_fields = ["code", "title"]
    date_hierarchy = "start"
    filter_horizontal = ["centres"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["donor", "project", "pledged_on", "amount", "currency", "amount_usd"]
    list_filter = ["currency", "donor"]
    list_select_related = ["donor", "project"]
    search_fields = ["donor__name", "project__code", "project__title"]
    autocomplete_fields = ["donor", "project"]
    date_hierarchy = "pledged_on"


@admin.register(ParticipantCategory)
class ParticipantCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class ParticipantCountInline(admin.TabularInline):
    model = ParticipantCount
    extra = 1
    autocomplete_fields = ["category"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start", "centre", "project", "status", "participant_total"]
    list_filter = ["status", "kind", "project__area", "centre"]
    list_select_related = ["centre", "project"]
    search_fields = ["title", "project__code", "narrative"]
    autocomplete_fields = ["project", "centre"]
    date_hierarchy = "start"
    inlines = [ParticipantCountInline]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _participants=Coalesce(Sum("participants__women"), 0)
                + Coalesce(Sum("participants__men"), 0),
            )
        )

    @admin.display(description="participants", ordering="_participants")
    def participant_total(self, activity: Activity) -> int:
        return activity._participants

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
