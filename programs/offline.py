"""Offline entry at the centres: the installable app, the data a device keeps, and the outbox.

The centres' connection comes and goes, and staff type the sign-in sheets after the event.
The activity form then works without a connection: the service worker (a template,
``programs/offline/sw.js``, served at /programs/sw.js so that its scope covers the activity
pages) keeps the form, its static files and this user's reference data; a form sent while
offline waits on the device, in an outbox, and is sent here when the connection returns.

The sync endpoint binds the SAME form and formset as the activity form page and calls the
same services (programs.services.activity_create / activity_update), so every rule of the
online form applies. Each entry carries a key made on the device; the key is kept in the
portal's store of sent forms (untop.security.models.SentForm, the storage of
SentOnceMiddleware) in the transaction that saves the activity, so an entry sent twice is
saved once and the second send is answered with the first save's result. The middleware
itself is not used here: it answers a repeat with a redirect and a message for the next
page, and the outbox needs the saved activity, as JSON.

What the device keeps holds no trainee's personal data and no monitoring note: activities'
titles, dates, project, centre and status, and the reference lists of the form.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from untop.security.models import SentForm

from .forms import ActivityForm, ParticipantFormSet
from .models import Activity, Centre, District, ParticipantCategory, Partner, Project
from .rules import RuleBook, centre_scope
from .services import EditedMeanwhile
from .views import conflicts
from .views.activities import ACTIVITY_ORDER, activity_form_arguments, save_activity_form

#: The field of a sync post that carries the key the device made for the entry.
KEY_FIELD = "offline_key"
#: The field naming the activity an offline edit changes (absent: a new activity).
ACTIVITY_FIELD = "activity"
#: How many of the user's recent activities the device keeps (and of them, how many edit
#: pages: each is a page the service worker fetches while online).
RECENT_ACTIVITIES = 20
EDITABLE_OFFLINE = 10
#: The static files the offline form needs: the service worker keeps them.
OFFLINE_STATIC = (
    "vendor/noto-sans/noto-sans.css",
    "css/portal.css",
    "favicon.svg",
    "vendor/tom-select/tom-select.default.min.css",
    "vendor/tom-select/tom-select.complete.min.js",
    "js/selects.js",
    "js/participants.js",
    "js/breakdown.js",
    "js/offline-store.js",
    "js/offline.js",
    "js/offline-outbox.js",
)


def _json(payload: dict[str, Any], status: int = 200) -> JsonResponse:
    # The messages are read by people: kept as written (quotes, Cyrillic), not \u-escaped.
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def _signed_out() -> JsonResponse:
    """Not signed in (or signed out meanwhile): the device clears what it keeps."""
    return _json({"status": "signed-out", "message": _("Please sign in again.")}, status=401)


def _refused(message: str, *, status: int = 400, errors: list | None = None) -> JsonResponse:
    return _json({"status": "refused", "message": message, "errors": errors or []}, status=status)


# -- the installable app ---------------------------------------------------------------------
@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker: the same script for everyone (what it keeps is the user's, keyed
    by the user's id, see static/js/offline-store.js). Never taken from a cache, so a new
    version reaches the devices on their next visit."""
    response = render(
        request,
        "programs/offline/sw.js",
        {
            "store_script": static("js/offline-store.js"),
            "static_url": settings.STATIC_URL,
            "scope": reverse("programs:dashboard"),
        },
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("programs:dashboard")
    return response


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: the activity form, installable on a phone or a laptop."""
    response = _json(
        {
            "name": _("UNTOP programme portal"),
            "short_name": "UNTOP",
            "description": _("Enter the office's activities, with or without a connection."),
            "start_url": reverse("programs:activity_add"),
            "scope": reverse("programs:dashboard"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#005b9f",
            "icons": [
                {
                    "src": static(f"icons/untop-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                }
                for size in (192, 512)
            ]
            + [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        }
    )
    response["Content-Type"] = "application/manifest+json"
    return response


# -- what the device keeps -------------------------------------------------------------------
@login_not_required
@require_GET
def offline_data(request: HttpRequest) -> JsonResponse:
    """The signed-in user's reference data and recent activities, for the device to keep.

    Tells a visitor who is not signed in to keep nothing (``{"status": "signed-out"}``, the
    device then forgets what it read: an answer, not a fault, since a device asks this
    whenever a page of the portal opens, and its session may have ended meanwhile) and
    answers 403 to a user who may not enter activities. The same queries whatever the number of
    rows: the centres, the locked periods, the recent activities, the districts, categories,
    open projects and partners, besides the session's and the user's permissions'
    (tests/offline/test_pages.py counts them).
    """
    user = request.user
    if not user.is_authenticated:
        return _json({"status": "signed-out"})
    if not user.has_perm("programs.add_activity"):
        return _json({"status": "forbidden"}, status=403)
    scope = centre_scope(user)
    centres = (
        Centre.objects.all() if scope is None else Centre.objects.filter(pk=user.home_centre_id)
    )
    recent = Activity.objects.select_related("project", "centre").order_by(*ACTIVITY_ORDER)
    if scope is not None:
        recent = recent.filter(scope)
    book = RuleBook(user, reading=True)
    may_change = user.has_perm("programs.change_activity")
    activities, editable = [], 0
    for activity in recent[:RECENT_ACTIVITIES]:
        may_edit = (
            may_change
            and editable < EDITABLE_OFFLINE
            and book.centre(activity.centre_id) is None
            and not book.protection(activity, as_loaded=True)
        )
        editable += may_edit
        activities.append(
            {
                "id": activity.pk,
                "title": activity.title,
                "start": activity.start.isoformat(),
                "end": activity.end.isoformat() if activity.end else None,
                "project": activity.project.code if activity.project_id else "",
                "centre": activity.centre.local_name,
                "approval": activity.get_approval_display(),
                "version": activity.version,
                "url": reverse("programs:activity_detail", args=[activity.pk]),
                "edit_url": (
                    reverse("programs:activity_edit", args=[activity.pk]) if may_edit else None
                ),
            }
        )
    projects = Project.objects.exclude(status=Project.Status.CLOSED).order_by("code")
    return _json(
        {
            "status": "ok",
            "user": user.pk,
            "csrf": _csrf_token(request),
            "pages": [
                reverse("programs:activity_add"),
                reverse("programs:offline_outbox"),
                *(a["edit_url"] for a in activities if a["edit_url"]),
            ],
            "static": [static(name) for name in OFFLINE_STATIC],
            "centres": [{"id": c.pk, "name": c.local_name} for c in centres],
            "districts": [
                {"id": d.pk, "name": d.local_name}
                for d in District.objects.order_by("region__name_en", "name_en")
            ],
            "categories": [
                {"id": c.pk, "name": c.local_name} for c in ParticipantCategory.objects.all()
            ],
            "projects": [
                {
                    "id": p.pk,
                    "code": p.code,
                    "title": p.local_title,
                    "start": p.start.isoformat() if p.start else None,
                    "end": p.end.isoformat() if p.end else None,
                }
                for p in projects
            ],
            "partners": [{"id": p.pk, "name": p.local_name} for p in Partner.objects.all()],
            "activities": activities,
        }
    )


def _csrf_token(request: HttpRequest) -> str:
    from django.middleware.csrf import get_token

    return get_token(request)


# -- the outbox --------------------------------------------------------------------------------
@require_GET
@permission_required("programs.add_activity", raise_exception=True)
def outbox(request: HttpRequest) -> HttpResponse:
    """The entries waiting on this device (read from the device's store by
    static/js/offline-outbox.js: the server does not know them)."""
    return render(request, "programs/offline/outbox.html")


@login_not_required
@require_POST
def offline_sync(request: HttpRequest) -> JsonResponse:
    """Save one entry of a device's outbox: the activity form's fields as the form posts
    them, the device's key (``offline_key``) and, for an edit, ``activity``.

    Answers 201 with the saved activity; 200 with the same when the key was saved before
    (nothing saved again); 400 with the rule's or the form's messages, each naming its
    field; 403 when the user may not change that activity; 409 with both versions when the
    activity was saved by someone else after the device read it; 401 when signed out.
    """
    user = request.user
    if not user.is_authenticated:
        return _signed_out()
    if not user.has_perm("programs.add_activity"):
        return _refused(_("You may not enter activities."), status=403)
    key = request.POST.get(KEY_FIELD, "")
    if not (16 <= len(key) <= 64 and key.isalnum()):
        return _refused(_("The entry has no key of its own: enter it again."))
    sent = SentForm.objects.filter(user=user, key=key).first()
    if sent is not None:
        return _saved_before(sent)
    activity = None
    if request.POST.get(ACTIVITY_FIELD):
        activity = _activity_to_edit(request)
        if isinstance(activity, JsonResponse):
            return activity
    try:
        with transaction.atomic():
            row = SentForm.objects.create(user=user, key=key)
            answer = _save(request, activity)
            if answer.status_code < 300:
                SentForm.objects.filter(pk=row.pk).update(location=answer.location)
            else:
                transaction.set_rollback(True)  # nothing saved: the corrected entry may come
    except IntegrityError:
        # The same entry, sent at the same moment, has just been saved: answer with it.
        sent = SentForm.objects.filter(user=user, key=key).first()
        if sent is None:
            raise
        return _saved_before(sent)
    return answer


def _activity_to_edit(request: HttpRequest) -> Activity | JsonResponse:
    """The activity an offline edit changes, if the user may still change it (as the
    activity's edit page checks: the permission, then the user's centre)."""
    if not request.user.has_perm("programs.change_activity"):
        return _refused(_("You may not change activities."), status=403)
    try:
        pk = int(request.POST[ACTIVITY_FIELD])
    except ValueError:
        pk = 0
    activity = Activity.objects.select_related("project").filter(pk=pk).first()
    if activity is None:
        return _refused(_("This activity no longer exists."), status=404)
    violation = RuleBook(request.user, reading=True).centre(activity.centre_id)
    if violation is not None:
        return _refused(violation.message, status=403)
    return activity


def _saved(activity: Activity, message: str, *, status: int) -> JsonResponse:
    answer = _json(
        {
            "status": "saved",
            "id": activity.pk,
            "title": activity.title,
            "url": reverse("programs:activity_detail", args=[activity.pk]),
            "message": message,
        },
        status=status,
    )
    answer.location = reverse("programs:activity_detail", args=[activity.pk])
    return answer


def _saved_before(sent: SentForm) -> JsonResponse:
    """The answer to an entry sent again: the activity its first send saved."""
    try:
        pk = int(resolve(sent.location).kwargs["pk"])
    except (Resolver404, KeyError, ValueError):
        pk = 0
    activity = Activity.objects.filter(pk=pk).only("pk", "title").first()
    if activity is None:
        return _refused(_("This entry was saved once, and its activity deleted since."), status=410)
    return _saved(activity, _("This entry had already been sent: it was saved once."), status=200)


def _save(request: HttpRequest, activity: Activity | None) -> JsonResponse:
    """What the activity form page does with a post (programs/views/activities.py), with
    JSON answers: the same form, formset and services."""
    data = request.POST
    form = ActivityForm(data, instance=activity or Activity(), user=request.user)
    formset = ParticipantFormSet(data, instance=activity or Activity(), prefix="participants")
    if not (form.is_valid() and formset.is_valid()):
        return _refused(
            _("Nothing was saved: please correct these fields."), errors=_errors(form, formset)
        )
    arguments = activity_form_arguments(request.user, form, formset)
    try:
        saved, done = save_activity_form(
            request.user,
            form,
            arguments,
            activity=activity,
            submit="save_and_submit" in data,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _refused(
            _("Nothing was saved: please correct these fields."), errors=_errors(form, formset)
        )
    except PermissionDenied as denied:
        return _refused(str(denied) or _("You may not change this activity."), status=403)
    except EditedMeanwhile as meanwhile:
        return _conflict(theirs=conflicts.Version(meanwhile.saved), mine=arguments, form=form)
    return _saved(saved, done % {"title": saved.title}, status=201)


def _conflict(*, theirs: conflicts.Version, mine: dict, form: ActivityForm) -> JsonResponse:
    """Both versions of each field that differs, as the edit page shows them; ``version``
    is the one saved now (sent with the entry again, the user's values are saved over it)."""
    conflict = conflicts.Conflict(theirs=theirs, mine=mine, form=form)
    saved_by = theirs.saved_by
    return _json(
        {
            "status": "conflict",
            "message": _(
                "Someone saved this activity after this device read it: nothing of yours was "
                "saved. Keep yours to save it over theirs, or take theirs to drop yours."
            ),
            "version": theirs.number,
            "saved_by": str(saved_by.actor) if saved_by and saved_by.actor else "",
            "rows": [
                {"name": r.name, "label": r.label, "theirs": r.theirs, "mine": r.mine}
                for r in conflict.rows
            ],
        },
        status=409,
    )


def _errors(form: ActivityForm, formset) -> list[dict[str, Any]]:
    """Each message with the field it is about (its label as the form shows it)."""
    errors = [
        {
            "field": "" if name == "__all__" else name,
            "label": "" if name == "__all__" else str(form.fields[name].label or name),
            "messages": [str(m) for m in messages],
        }
        for name, messages in form.errors.items()
    ]
    people = _("Who took part")
    if formset.non_form_errors():
        errors.append(
            {
                "field": "participants",
                "label": str(people),
                "messages": [str(m) for m in formset.non_form_errors()],
            }
        )
    for number, row in enumerate(formset.forms, start=1):
        for name, messages in row.errors.items():
            label = "" if name == "__all__" else str(row.fields[name].label or name)
            errors.append(
                {
                    "field": f"participants-{number - 1}-{name}",
                    "label": _("%(people)s, row %(row)s") % {"people": people, "row": number}
                    + (f": {label}" if label else ""),
                    "messages": [str(m) for m in messages],
                }
            )
    return errors
