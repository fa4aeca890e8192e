"""Training pages: courses, sessions with their enrolments, trainees, the cascade, outreach.

Names and other personal details of trainees appear only to users with training.view_trainee;
everyone else who may see training pages sees counts.
"""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs.rules import Rule, RuleBook
from untop.exports import query_without_page, requested_export
from untop.figures_cache import cached_figures
from untop.pagination import (
    SEARCH_COUNTED_UP_TO,
    CachedCountPaginator,
    KeysetPaginator,
    cached_count,
)
from untop.reports.pdf import html_to_pdf
from untop.widgets import options_response

from . import selectors
from .filters import (
    COURSE_EXPORT,
    SESSION_EXPORT,
    TRAINEE_EXPORT,
    VIEW_TRAINEE,
    CascadeFilter,
    SessionFilter,
    TraineeFilter,
)
from .forms import EnrolForm, MergeForm, ResultFormSet, SessionForm, TraineeForm
from .models import Course, Enrolment, Session, Trainee
from .services import (
    RESULT_FIELDS,
    ResultsEditedMeanwhile,
    enrolment_add,
    may_manage_session,
    results_state,
    session_create,
    session_record_results,
    session_rules,
    trainee_merge,
    trainee_save,
)

TRAINEES_PER_PAGE = 50
#: By name; the index trainee_list_order serves it (and the pages' keyset).
TRAINEE_ORDER = ("family_name", "given_name", "id")
INSTRUCTORS_PER_PAGE = 50
COURSES_PER_PAGE = 25


@require_GET
@permission_required("training.view_course", raise_exception=True)
def course_list(request: HttpRequest) -> HttpResponse:
    if kind := requested_export(request):
        return COURSE_EXPORT.response(kind, selectors.course_list(), user=request.user)
    page = Paginator(Course.objects.in_reading_order(), COURSES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    courses = selectors.with_course_figures(page)
    # Each choice's label translated once, not once a row (get_FOO_display translates and
    # hashes every choice on each call).
    labels = {
        name: {value: str(label) for value, label in Course._meta.get_field(name).flatchoices}
        for name in ("topic", "language")
    }
    for course in courses:
        course.topic_label = labels["topic"].get(course.topic, course.topic)
        course.language_label = labels["language"].get(course.language, course.language)
    return render(
        request,
        "training/course_list.html",
        {"courses": courses, "page": page, "query": query_without_page(request)},
    )


@require_GET
@permission_required("training.view_course", raise_exception=True)
def curriculum_download(request: HttpRequest, pk: int) -> FileResponse:
    """A course's curriculum document, through a permission check (media is not public)."""
    course = get_object_or_404(Course, pk=pk)
    if not course.curriculum:
        raise Http404("This course has no curriculum document.")
    return FileResponse(course.curriculum.open("rb"), as_attachment=True)


@require_GET
@permission_required("training.view_session", raise_exception=True)
def session_list(request: HttpRequest) -> HttpResponse:
    filters = SessionFilter(request.GET, queryset=selectors.session_list(), request=request)
    sessions = filters.qs
    if kind := requested_export(request):
        return SESSION_EXPORT.response(kind, sessions, user=request.user)
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/session_list.html",
        {
            "page": page,
            "filters": filters.form,
            "may_add": request.user.has_perm("training.add_session"),
            "query": query_without_page(request),
        },
    )


def _session(pk: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related(
            "activity__centre", "activity__project", "activity__district", "course"
        ),
        pk=pk,
    )


def _results_initial(enrolments) -> list[dict]:
    return [
        {
            "enrolment": e.pk,
            "opened_state": results_state(e),
            **{name: getattr(e, name) for name in RESULT_FIELDS},
        }
        for e in enrolments
    ]


def _session_page(request, session, *, results=None, enrol=None, status=200) -> HttpResponse:
    may_see_names = request.user.has_perm(VIEW_TRAINEE)
    may_manage = may_see_names and may_manage_session(request.user, session)
    if may_manage:
        # A session of a locked period or of an approved activity shows read-only, with
        # the rule's message saying why and who can change it.
        kept = [v for v in session_rules(request.user, session) if v.rule is not Rule.CENTRE_SCOPE]
        for violation in kept:
            messages.warning(request, violation.message)
        may_manage = not kept
    enrolments = list(selectors.session_enrolments(session)) if may_see_names else []
    if may_manage and results is None:
        results = ResultFormSet(initial=_results_initial(enrolments), prefix="results")
    rows = list(zip(enrolments, results.forms, strict=False)) if may_manage else []
    participants = session.activity.participants.totals()
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "activity": session.activity,
            "participants": participants,
            "figures": session.enrolments.figures(),
            "trainers": session.trainers.all() if may_see_names else [],
            "trainer_count": len(session.trainers.all()),
            "enrolments": enrolments,
            "results": results if may_manage else None,
            "rows": rows,
            "enrol_form": (enrol or EnrolForm()) if may_manage else None,
            "may_see_names": may_see_names,
            "may_manage": may_manage,
        },
        status=status,
    )


@require_GET
@permission_required("training.view_session", raise_exception=True)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, _session(pk))


def _recordable_session(request: HttpRequest, pk: int) -> Session:
    """The session whose enrolments the user records: they must see trainees' names, and the
    centre rule refuses another centre's session (403, with the rule's message). The other
    rules (period, approval) are the services': they answer on the page (400)."""
    session = _session(pk)
    if not request.user.has_perm(VIEW_TRAINEE):
        raise PermissionDenied(_("You may not see trainees' records."))
    book = RuleBook(request.user)
    book.enforce(book.centre(session.activity.centre_id))
    return session


def _refusal(error: ValidationError) -> list[str]:
    return list(error.messages)


@require_POST
@permission_required("training.change_enrolment", raise_exception=True)
def session_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance, completion and scores of every enrolment of the session, in one form."""
    session = _recordable_session(request, pk)
    formset = ResultFormSet(request.POST, prefix="results")
    if formset.is_valid():
        results = {
            form.cleaned_data["enrolment"]: {
                name: form.cleaned_data[name] for name in RESULT_FIELDS
            }
            for form in formset.forms
        }
        opened = {
            form.cleaned_data["enrolment"]: form.cleaned_data["opened_state"]
            for form in formset.forms
            if form.cleaned_data.get("opened_state")
        }
        try:
            changed = session_record_results(
                session=session, acting_user=request.user, results=results, opened=opened
            )
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(_refusal(error))
        except ResultsEditedMeanwhile as meanwhile:
            # The form comes back as the user filled it in, at the results saved now:
            # sent again, the user's values are saved; the table shows what they replace.
            data = formset.data.copy()
            for form in formset.forms:
                pk = form.cleaned_data["enrolment"]
                if pk in meanwhile.saved:
                    data[form.add_prefix("opened_state")] = meanwhile.saved[pk]
            formset.data = data
            for form in formset.forms:
                form.data = data
            formset._non_form_errors = formset.error_class(
                [
                    _(
                        "Someone saved results of this session after you opened it, so "
                        "nothing was saved. Their values and yours are listed below: change "
                        "the rows to what should stand and save again."
                    )
                ]
            )
            formset.conflict = meanwhile.rows
        else:
            issued = sum(1 for e in changed if e.completed and e.certificate_number)
            messages.success(
                request,
                f"{len(changed)} enrolment(s) updated"
                + (f"; certificates ready for {issued} completion(s)." if issued else "."),
            )
            return redirect("training:session_detail", pk=session.pk)
    return _session_page(request, session, results=formset, status=400)


@require_POST
@permission_required("training.add_enrolment", raise_exception=True)
def session_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    session = _recordable_session(request, pk)
    form = EnrolForm(request.POST)
    if form.is_valid():
        try:
            enrolment_add(
                session=session, trainee=form.cleaned_data["trainee"], acting_user=request.user
            )
        except ValidationError as error:
            form.add_error("trainee", ValidationError(_refusal(error)))
        else:
            messages.success(
                request, _("%(trainee)s was enrolled.") % {"trainee": form.cleaned_data["trainee"]}
            )
            return redirect("training:session_detail", pk=session.pk)
    return _session_page(request, session, enrol=form, status=400)


@require_http_methods(["GET", "POST"])
@permission_required("training.add_session", raise_exception=True)
def session_add(request: HttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(
                request,
                _("“%(session)s” is now a session of %(course)s.")
                % {"session": session, "course": session.course.local_title},
            )
            return redirect("training:session_detail", pk=session.pk)
    return render(
        request,
        "training/session_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# What the session forms' searchable selects offer for what is typed: each field built as its
# form builds it for the user, so the search finds only what the form accepts.


@require_GET
@permission_required("training.add_session", raise_exception=True)
def session_activity_options(request: HttpRequest) -> JsonResponse:
    """The user's training and seminar activities that are not sessions yet."""
    return options_response(request, SessionForm(user=request.user).fields["activity"])


@require_GET
@permission_required("training.add_session", raise_exception=True)
def course_options(request: HttpRequest) -> JsonResponse:
    """Courses, by code or title."""
    return options_response(request, SessionForm(user=request.user).fields["course"])


@require_GET
@permission_required(["training.add_session", VIEW_TRAINEE], raise_exception=True)
def instructor_options(request: HttpRequest) -> JsonResponse:
    """Certified instructors, by name, organisation or personnel number."""
    return options_response(request, SessionForm(user=request.user).fields["trainers"])


@require_GET
@permission_required(["training.add_enrolment", VIEW_TRAINEE], raise_exception=True)
def trainee_options(request: HttpRequest) -> JsonResponse:
    """Trainees to enrol, by name, organisation or personnel number."""
    return options_response(request, EnrolForm().fields["trainee"])


@require_GET
@permission_required(VIEW_TRAINEE, raise_exception=True)
def trainee_list(request: HttpRequest) -> HttpResponse:
    filters = TraineeFilter(
        request.GET,
        queryset=Trainee.objects.select_related("region").order_by(*TRAINEE_ORDER),
        request=request,
    )
    trainees = filters.qs
    if kind := requested_export(request):
        return TRAINEE_EXPORT.response(kind, trainees, user=request.user)
    # Each page starts after the last trainee of the one before it (untop.pagination), so a
    # far page reads no row before it; its links carry a trainee's id, never a name.
    # The count is kept in the figures cache until the data changes, so paging does not
    # count again.
    # A search is counted no further than SEARCH_COUNTED_UP_TO, as the activity list's: a
    # family name shared by thousands is said to find more than that.
    searching = bool((filters.form["q"].value() or "").strip())
    up_to = SEARCH_COUNTED_UP_TO if searching else None
    page = KeysetPaginator(
        trainees,
        TRAINEES_PER_PAGE,
        ordering=TRAINEE_ORDER,
        count=lambda: cached_count("training:trainee-count", trainees, up_to=up_to),
        counted_up_to=up_to,
        sort_matches=searching,
    ).page(request.GET)
    return render(
        request,
        "training/trainee_list.html",
        {
            "page": page,
            "q": filters.form["q"].value() or "",
            "query": query_without_page(request),
            "may_add": request.user.has_perm("training.add_trainee"),
            "may_merge": request.user.has_perm("training.merge_trainee"),
        },
    )


@require_GET
@permission_required(VIEW_TRAINEE, raise_exception=True)
def trainee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_object_or_404(Trainee.objects.select_related("region"), pk=pk)
    return render(
        request,
        "training/trainee_detail.html",
        {
            "trainee": trainee,
            **selectors.trainee_history(trainee),
            "may_edit": request.user.has_perm("training.change_trainee"),
        },
    )


def _trainee_form_page(request: HttpRequest, trainee: Trainee | None) -> HttpResponse:
    form = TraineeForm(request.POST or None, instance=trainee or Trainee())
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            trainee = trainee_save(acting_user=request.user, fields=fields, trainee=trainee)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(trainee)s was saved.") % {"trainee": trainee})
            return redirect("training:trainee_detail", pk=trainee.pk)
    return render(
        request,
        "training/trainee_form.html",
        {"form": form, "trainee": trainee},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_TRAINEE, raise_exception=True)
@permission_required("training.add_trainee", raise_exception=True)
def trainee_add(request: HttpRequest) -> HttpResponse:
    return _trainee_form_page(request, None)


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_TRAINEE, raise_exception=True)
@permission_required("training.change_trainee", raise_exception=True)
def trainee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _trainee_form_page(request, get_object_or_404(Trainee, pk=pk))


#: Groups of possible duplicate trainees listed on a page.
DUPLICATE_GROUPS_PER_PAGE = 20


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_TRAINEE, raise_exception=True)
@permission_required("training.merge_trainee", raise_exception=True)
def trainee_duplicates(request: HttpRequest) -> HttpResponse:
    """Records that look like one person (same name and date of birth), with a merge button."""
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kept = trainee_merge(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(
                request, _("The two records of %(kept)s are now one.") % {"kept": kept}
            )
            return redirect("training:trainee_duplicates")
    # The groups a page at a time, counted once until the data changes: a large office has
    # thousands (no name or personal data is cached, only their number).
    keys = selectors.duplicate_trainee_keys()
    paginator = CachedCountPaginator(
        keys, DUPLICATE_GROUPS_PER_PAGE, name="training:duplicate-groups"
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "training/trainee_duplicates.html",
        {
            "groups": selectors.duplicate_trainees(page.object_list),
            "page": page,
            "query": query_without_page(request),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@permission_required("training.view_session", raise_exception=True)
def cascade(request: HttpRequest) -> HttpResponse:
    filters = CascadeFilter(request.GET, queryset=Session.objects.counted(), request=request)
    period = filters.value("period")
    may_see_names = request.user.has_perm(VIEW_TRAINEE)
    # The requested page of instructors (a page number typed wrong is the first page).
    asked = request.GET.get("page", "1")
    asked = asked if asked.isdigit() else "1"
    # Sums over every session of the period (or of all time), with one page of instructors:
    # cached until the data changes.
    figures, number, count = cached_figures(
        "training:cascade",
        lambda: _cascade_page(
            selectors.cascade(
                start=period.start if period else None,
                end=period.end if period else None,
                names=may_see_names,
            ),
            asked,
        ),
        period.pk if period else "all",
        "names" if may_see_names else "no-names",
        asked,
    )
    instructors = Paginator(range(count), INSTRUCTORS_PER_PAGE).page(number)
    instructors.object_list = figures.by_instructor
    instructor_rows = ""
    if may_see_names and figures.by_instructor:
        # The page's rows as HTML, rendered once per period, page and language and kept with
        # the figures: fifty rows of links, dates and numbers cost more than the rest of the
        # page.
        instructor_rows = cached_figures(
            "training:cascade-rows",
            lambda: render_to_string(
                "training/_cascade_instructors.html", {"instructors": instructors}
            ),
            period.pk if period else "all",
            number,
            get_language(),
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "training/cascade.html",
        {
            "form": filters.form,
            "period": period,
            "cascade": figures,
            "may_see_names": may_see_names,
            "instructors": instructors,
            "instructor_rows": instructor_rows,
            "query": query.urlencode(),
        },
    )


def _cascade_page(figures: selectors.Cascade, number: str) -> tuple[selectors.Cascade, int, int]:
    """The cascade with one page of its instructors, as plain rows; the page's number, and how
    many instructors there are in all. The cached figures are read on every view of the page:
    they hold one page of rows, so that reading them takes as long with a thousand instructors
    as with ten (model instances, or every instructor's row, took longer to unpickle than the
    page to render)."""
    page = Paginator(figures.by_instructor, INSTRUCTORS_PER_PAGE).get_page(number)
    rows = [
        {
            "pk": trainee.pk,
            "name": str(trainee),
            "position": trainee.position,
            "region": str(trainee.region) if trainee.region else "",
            "instructor_certified_on": trainee.instructor_certified_on,
            "session_count": trainee.session_count,
            "reach": trainee.reach,
        }
        for trainee in page.object_list
    ]
    return dataclasses.replace(figures, by_instructor=rows), page.number, page.paginator.count


@require_GET
@permission_required("training.view_studyvisit", raise_exception=True)
def study_visit_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "training/study_visit_list.html", {"visits": selectors.study_visit_list()}
    )


@require_GET
@permission_required("training.view_bulletinissue", raise_exception=True)
def bulletin_list(request: HttpRequest) -> HttpResponse:
    issues = list(selectors.bulletin_issue_list())
    return render(
        request,
        "training/bulletin_list.html",
        {
            "issues": issues,
            "print_run": sum(i.print_run for i in issues),
            "distributed": sum(i.copies_distributed for i in issues),
        },
    )


@require_GET
@permission_required(VIEW_TRAINEE, raise_exception=True)
@permission_required("training.view_enrolment", raise_exception=True)
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF certificate of a completed enrolment, built by the portal's safe PDF builder."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related(
            "trainee", "session__course", "session__activity__centre"
        ).exclude(certificate_number=""),
        pk=pk,
        completed=True,
    )
    html = render_to_string(
        "training/certificate.html",
        {
            "enrolment": enrolment,
            "trainee": enrolment.trainee,
            "session": enrolment.session,
            "activity": enrolment.session.activity,
            "course": enrolment.session.course,
            "generated_at": timezone.now(),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    name = enrolment.certificate_number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="certificate-{name}.pdf"'
    return response
