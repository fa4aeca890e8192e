"""Programme pages for staff: the activity list, the activity form and an activity's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from .forms import ActivityForm, ParticipantFormSet
from .models import Activity
from .services import activity_create, activity_update

ACTIVITIES_PER_PAGE = 25


def _may_edit_any_centre(user) -> bool:
    return user.has_perm("programs.change_activity_any_centre")


@require_GET
@permission_required("programs.view_activity", raise_exception=True)
def activity_list(request: HttpRequest) -> HttpResponse:
    activities = (
        Activity.objects.select_related("project", "centre")
        .with_participant_totals()
        .order_by("-start", "-id")
    )
    page = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/activity_list.html",
        {
            "page": page,
            "may_add": request.user.has_perm("programs.add_activity"),
            "may_edit_any_centre": _may_edit_any_centre(request.user),
        },
    )


@require_GET
@permission_required("programs.view_activity", raise_exception=True)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("project", "centre", "created_by"), pk=pk
    )
    participants = activity.participants.select_related("category")
    may_edit = Activity.objects.editable_by(request.user).filter(pk=activity.pk).exists()
    return render(
        request,
        "programs/activity_detail.html",
        {
            "activity": activity,
            "participants": participants,
            "totals": participants.totals(),
            "may_edit": may_edit,
        },
    )


def _participants_from(formset) -> list[dict]:
    return [
        {key: form.cleaned_data[key] for key in ("category", "women", "men")}
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and form.cleaned_data.get("category")
    ]


def _activity_form_page(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    instance = activity or Activity()
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, instance=instance, user=request.user)
    formset = ParticipantFormSet(data, instance=instance, prefix="participants")
    if data is not None and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        participants = _participants_from(formset)
        if activity is None:
            activity = activity_create(
                acting_user=request.user, fields=fields, participants=participants
            )
            messages.success(request, f"Activity “{activity.title}” was added.")
        else:
            activity = activity_update(
                activity=activity,
                acting_user=request.user,
                fields=fields,
                participants=participants,
            )
            messages.success(request, f"Activity “{activity.title}” was saved.")
        return redirect("programs:activity_detail", pk=activity.pk)
    return render(
        request,
        "programs/activity_form.html",
        {"form": form, "formset": formset, "activity": activity},
        status=400 if data is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("programs.add_activity", raise_exception=True)
def activity_add(request: HttpRequest) -> HttpResponse:
    return _activity_form_page(request, None)


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_activity", raise_exception=True)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("project"), pk=pk)
    if not Activity.objects.editable_by(request.user).filter(pk=activity.pk).exists():
        raise PermissionDenied("You may only edit activities of your own centre.")
    return _activity_form_page(request, activity)
