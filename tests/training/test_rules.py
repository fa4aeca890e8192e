"""The office's rules (programs/rules.py) on every training write path: a locked mandate
period, another centre's session and an approved (settled) activity are refused by the
enrolment import, the services, the session pages and the back office, each with the rule's
one message; the import keeps certificates in step with completion; figures count only what
is held and approved."""

import datetime
import inspect

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from programs.models import Activity
from programs.rules import OutOfScope, Rule, RuleBroken
from training import querysets, selectors
from training.models import Enrolment, Session, Trainee
from training.services import (
    enrolment_add,
    enrolment_settle,
    session_create,
    session_record_results,
    session_set_trainers,
    trainee_merge,
)
from untop.audit.models import AuditEntry
from untop.imports.engine import ImportInvalid, get_importer, run_import
from untop.imports.models import ImportJob
from untop.imports.reading import Table
from untop.imports.services import import_job_run

from .factories import (
    BulletinIssueFactory,
    CourseFactory,
    DraftSessionFactory,
    EnrolmentFactory,
    InstructorFactory,
    SessionFactory,
    StudyVisitFactory,
    TraineeFactory,
    TrainingActivityFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = Activity.Approval.DRAFT
CENTRE_SCOPE = str(Rule.CENTRE_SCOPE.value)
HEADERS = ["course", "session_start", "centre", "personnel_number", "attended", "completed"]


def locked(period) -> str:
    """Lock the period; the message every path shows for it."""
    period.locked = True
    period.save()
    return str(Rule.PERIOD_LOCKED.value) % {"period": period}


def settled(activity: Activity) -> str:
    return str(Rule.SETTLED.value) % {"activity": activity.title}


def snapshot() -> list[tuple]:
    """What a refused write must leave as it was: enrolments, trainees' certification,
    sessions and the audit trail."""
    return [
        *Enrolment.objects.order_by("pk").values_list(
            "pk", "session_id", "trainee_id", "attended", "completed", "certificate_number"
        ),
        *Trainee.objects.order_by("pk").values_list("pk", "instructor_certified_on"),
        *Session.objects.order_by("pk").values_list("pk", "other_trainers"),
        (AuditEntry.objects.count(),),
    ]


# -- the enrolment import -----------------------------------------------------------------
def _session(centre, *, code="police-hr", **kwargs) -> Session:
    """A held session of a draft activity on 1 Sep 2005, whose course the file names."""
    course = CourseFactory(code=code, **kwargs.pop("course", {}))
    return DraftSessionFactory(
        course=course,
        activity__centre=centre,
        activity__start=datetime.date(2005, 9, 1),
        activity__end=datetime.date(2005, 9, 5),
        **kwargs,
    )


def _row(number="MVD-1", centre="khujand", attended="yes", completed="yes", code="police-hr"):
    return [code, "01.09.2005", centre, number, attended, completed]


def _import(user, rows):
    importer = get_importer("enrolments")(acting_user=user)
    return run_import(importer, Table(headers=HEADERS, rows=rows), acting_user=user)


def test_staff_cannot_import_results_of_another_centres_session(staff_user, other_centre):
    session = _session(other_centre)
    enrolment = EnrolmentFactory(session=session, trainee__personnel_number="MVD-1")
    TraineeFactory(personnel_number="MVD-2")
    before = snapshot()

    with pytest.raises(ImportInvalid) as invalid:
        _import(staff_user, [_row(centre="khorog"), _row("MVD-2", centre="khorog")])

    assert [(e.row, e.column, e.message) for e in invalid.value.errors] == [
        (2, "centre", CENTRE_SCOPE),
        (3, "centre", CENTRE_SCOPE),
    ]
    assert snapshot() == before
    enrolment.refresh_from_db()
    assert not enrolment.attended and not enrolment.certificate_number


def test_a_locked_periods_results_are_not_imported(staff_user, centre, period):
    session = _session(centre)
    EnrolmentFactory(session=session, trainee__personnel_number="MVD-1")
    message = locked(period)
    before = snapshot()

    with pytest.raises(ImportInvalid) as invalid:
        _import(staff_user, [_row()])

    [error] = invalid.value.errors
    assert (error.row, error.column, error.message) == (2, "session_start", message)
    assert snapshot() == before


def test_a_settled_sessions_results_are_not_imported(manager, centre):
    session = _session(centre)
    session.activity.approval = Activity.Approval.APPROVED
    session.activity.save()
    TraineeFactory(personnel_number="MVD-1")
    before = snapshot()

    with pytest.raises(ImportInvalid) as invalid:
        _import(manager, [_row()])

    [error] = invalid.value.errors
    assert error.message == settled(session.activity)
    assert snapshot() == before


def test_the_import_page_lists_the_refused_rows_with_the_rules_message(
    staff_client, other_centre, django_capture_on_commit_callbacks
):
    _session(other_centre)
    TraineeFactory(personnel_number="MVD-1")
    csv = "\n".join(",".join(cells) for cells in [HEADERS, _row(centre="khorog")]) + "\n"
    with django_capture_on_commit_callbacks(execute=False):
        response = staff_client.post(
            reverse("imports:index"),
            {
                "kind": "enrolments",
                "file": SimpleUploadedFile("enrolments.csv", csv.encode()),
            },
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()

    import_job_run(job_id=job.pk)

    status = staff_client.get(reverse("jobs:status", args=["import", job.pk])).json()
    assert status["status"] == "failed"
    assert status["errors"] == [f"Row 2, column “centre”: {CENTRE_SCOPE}"]
    assert not Enrolment.objects.exists()


def test_imported_completions_issue_and_withdraw_certificates_and_certify_instructors(
    staff_user, centre
):
    session = _session(centre, course={"certifies_instructors": True})
    withdrawn = EnrolmentFactory(session=session, trainee__personnel_number="MVD-2")
    session_record_results(
        session=session,
        acting_user=staff_user,
        results={withdrawn.pk: {"attended": True, "completed": True}},
    )
    withdrawn.refresh_from_db()
    assert withdrawn.certificate_number and withdrawn.trainee.instructor_certified_on
    TraineeFactory(personnel_number="MVD-1")

    outcome = _import(staff_user, [_row("MVD-1"), _row("MVD-2", completed="no")])

    assert (outcome.created, outcome.updated) == (1, 1)
    done = Enrolment.objects.select_related("trainee").get(trainee__personnel_number="MVD-1")
    # The number the session's results page gives: year, session, enrolment.
    assert done.certificate_number == f"UNTOP/TR/2005/{session.pk:04d}-{done.pk:05d}"
    assert done.certificate_issued_on is not None
    assert done.trainee.instructor_certified_on == datetime.date(2005, 9, 5)
    withdrawn.refresh_from_db()
    assert (withdrawn.completed, withdrawn.certificate_number) == (False, "")
    assert withdrawn.certificate_issued_on is None
    assert withdrawn.trainee.instructor_certified_on is None
    # Each certificate issued or withdrawn has its audit entry, naming the importer.
    entries = AuditEntry.objects.filter(
        content_type__model="enrolment", actor=staff_user, changes__has_key="certificate_number"
    )
    assert {entry.object_pk for entry in entries} >= {str(done.pk), str(withdrawn.pk)}


def test_the_imports_rules_are_read_once_for_the_whole_file(staff_user, centre, period):
    session = _session(centre)

    def queries_for(count: int) -> list[str]:
        Enrolment.objects.all().delete()
        numbers = [f"MVD-{count}-{n}" for n in range(count)]
        for number in numbers:
            TraineeFactory(personnel_number=number)
        with CaptureQueriesContext(connection) as queries:
            _import(staff_user, [_row(number) for number in numbers])
        assert session.enrolments.count() == count
        return [q["sql"] for q in queries.captured_queries]

    few, many = queries_for(3), queries_for(40)
    # The sessions are read once, and the locked periods once (held, in the import's
    # transaction, until the rows are saved), whatever the length of the file.
    for table, times in (('"programs_mandateperiod"', 1), ('"training_session"', 1)):
        reads = [
            [
                sql
                for sql in run
                if f"FROM {table}" in sql
                and not sql.startswith('SELECT 1 AS "a"')
                and not sql.endswith("FOR SHARE")  # PostgreSQL's hold on the locks
            ]
            for run in (few, many)
        ]
        assert [len(reads[0]), len(reads[1])] == [times, times], reads
    # Only the existence check of each row's session and trainee grows with the file (the
    # model's full_clean); nothing the rules or the certificates ask.
    rest = [[sql for sql in run if not sql.startswith('SELECT 1 AS "a"')] for run in (few, many)]
    assert len(rest[1]) <= len(rest[0])


# -- the services -------------------------------------------------------------------------
def test_a_session_is_not_added_to_a_locked_periods_activity(manager, period):
    activity = TrainingActivityFactory(approval=DRAFT)
    message = locked(period)
    with pytest.raises(RuleBroken) as refused:
        session_create(activity=activity, course=CourseFactory(), acting_user=manager)
    assert (refused.value.rule, refused.value.messages) == (Rule.PERIOD_LOCKED, [message])
    assert not Session.objects.exists()


def test_a_session_is_not_added_to_an_approved_activity(manager):
    activity = TrainingActivityFactory()
    with pytest.raises(RuleBroken) as refused:
        session_create(activity=activity, course=CourseFactory(), acting_user=manager)
    assert refused.value.messages == [settled(activity)]
    assert not Session.objects.exists()


def test_staff_add_no_session_to_another_centres_activity(staff_user, other_centre):
    activity = TrainingActivityFactory(centre=other_centre, approval=DRAFT)
    with pytest.raises(OutOfScope, match="only change your own centre's records"):
        session_create(activity=activity, course=CourseFactory(), acting_user=staff_user)
    assert not Session.objects.exists()


def test_trainers_of_a_locked_or_settled_session_do_not_change(manager, period):
    instructor = InstructorFactory()
    approved = SessionFactory()
    with pytest.raises(RuleBroken, match="approved and settled"):
        session_set_trainers(session=approved, trainers=[instructor], acting_user=manager)
    message = locked(period)
    draft = DraftSessionFactory()
    before = snapshot()
    with pytest.raises(RuleBroken) as refused:
        session_set_trainers(session=draft, trainers=[instructor], acting_user=manager)
    assert refused.value.messages == [message]
    assert snapshot() == before
    assert not approved.trainers.exists() and not draft.trainers.exists()


def test_results_and_enrolments_of_a_settled_session_are_refused(manager):
    session = SessionFactory()
    enrolment = EnrolmentFactory(session=session)
    with pytest.raises(RuleBroken) as refused:
        session_record_results(
            session=session,
            acting_user=manager,
            results={enrolment.pk: {"attended": True, "completed": True}},
        )
    assert refused.value.messages == [settled(session.activity)]
    with pytest.raises(RuleBroken, match="approved and settled"):
        enrolment_add(session=session, trainee=TraineeFactory(), acting_user=manager)
    enrolment.refresh_from_db()
    assert not enrolment.completed and session.enrolments.count() == 1


def test_staff_record_no_results_of_another_centre_and_are_told_the_rule(staff_user, other_centre):
    session = DraftSessionFactory(activity__centre=other_centre)
    enrolment = EnrolmentFactory(session=session)
    with pytest.raises(OutOfScope) as refused:
        session_record_results(
            session=session, acting_user=staff_user, results={enrolment.pk: {"attended": True}}
        )
    assert str(refused.value) == CENTRE_SCOPE
    with pytest.raises(OutOfScope):
        enrolment_add(session=session, trainee=TraineeFactory(), acting_user=staff_user)


def test_settling_an_enrolment_of_a_locked_period_is_refused(manager, period):
    enrolment = EnrolmentFactory(session=DraftSessionFactory(), attended=True, completed=True)
    message = locked(period)
    with pytest.raises(RuleBroken) as refused:
        enrolment_settle(enrolment=enrolment, acting_user=manager)
    assert refused.value.messages == [message]
    enrolment.refresh_from_db()
    assert enrolment.certificate_number == ""


def test_merging_does_not_move_enrolments_of_a_locked_period(manager, period):
    born = datetime.date(1970, 5, 5)
    keep = TraineeFactory(family_name="Saidov", date_of_birth=born)
    duplicate = TraineeFactory(family_name="Saidov", date_of_birth=born)
    EnrolmentFactory(trainee=duplicate, session=DraftSessionFactory())
    message = locked(period)
    before = snapshot()
    with pytest.raises(RuleBroken) as refused:
        trainee_merge(keep=keep, duplicate=duplicate, acting_user=manager)
    assert refused.value.messages == [message]
    assert snapshot() == before


def test_merging_does_not_change_the_trainers_of_a_settled_session(manager):
    keep, duplicate = TraineeFactory(), InstructorFactory()
    taught = SessionFactory(trainers=[duplicate])
    with pytest.raises(RuleBroken) as refused:
        trainee_merge(keep=keep, duplicate=duplicate, acting_user=manager)
    assert refused.value.messages == [settled(taught.activity)]
    assert list(taught.trainers.all()) == [duplicate]


# -- the session pages --------------------------------------------------------------------
def _results(enrolment, *, attended=True, completed=True) -> dict:
    data = {
        "results-TOTAL_FORMS": "1",
        "results-INITIAL_FORMS": "1",
        "results-0-enrolment": enrolment.pk,
        "results-0-pre_score": "",
        "results-0-post_score": "",
    }
    if attended:
        data["results-0-attended"] = "on"
    if completed:
        data["results-0-completed"] = "on"
    return data


def test_the_results_page_refuses_a_locked_period_with_the_rules_message(
    staff_client, centre, period
):
    session = DraftSessionFactory(activity__centre=centre)
    enrolment = EnrolmentFactory(session=session)
    message = locked(period)
    before = snapshot()

    response = staff_client.post(
        reverse("training:session_results", args=[session.pk]), _results(enrolment)
    )

    assert response.status_code == 400
    assert escape(message) in response.text
    assert snapshot() == before


def test_the_results_page_refuses_a_settled_session(staff_client, centre):
    session = SessionFactory(activity__centre=centre)
    enrolment = EnrolmentFactory(session=session)
    before = snapshot()

    response = staff_client.post(
        reverse("training:session_results", args=[session.pk]), _results(enrolment)
    )

    assert response.status_code == 400
    assert escape(settled(session.activity)) in response.text
    assert snapshot() == before


def test_the_results_page_refuses_another_centres_session_with_the_rules_message(
    staff_client, other_centre
):
    session = DraftSessionFactory(activity__centre=other_centre)
    enrolment = EnrolmentFactory(session=session)
    for url, data in [
        (reverse("training:session_results", args=[session.pk]), _results(enrolment)),
        (reverse("training:session_enrol", args=[session.pk]), {"trainee": TraineeFactory().pk}),
    ]:
        response = staff_client.post(url, data)
        assert response.status_code == 403
        assert escape(CENTRE_SCOPE) in response.text
    enrolment.refresh_from_db()
    assert not enrolment.attended and session.enrolments.count() == 1


def test_a_locked_session_shows_read_only_with_the_reason(staff_client, centre, period):
    session = DraftSessionFactory(activity__centre=centre)
    EnrolmentFactory(session=session, trainee__family_name="Sharipova")
    message = locked(period)
    page = staff_client.get(reverse("training:session_detail", args=[session.pk]))
    assert page.status_code == 200
    assert "Sharipova" in page.text
    assert escape(message) in page.text
    assert "Save attendance and results" not in page.text
    assert "Enrol a trainee" not in page.text


def test_a_settled_sessions_page_runs_a_fixed_number_of_queries(
    manager_client, centre, django_assert_num_queries
):
    session = SessionFactory(activity__centre=centre)
    url = reverse("training:session_detail", args=[session.pk])
    EnrolmentFactory(session=session)
    manager_client.get(reverse("home"))  # the permissions, read once and kept in the cache
    with CaptureQueriesContext(connection) as first:
        page = manager_client.get(url)
    assert escape(settled(session.activity)) in page.text
    for _ in range(5):
        EnrolmentFactory(session=session, attended=True)
    with django_assert_num_queries(len(first.captured_queries)):
        assert manager_client.get(url).status_code == 200


def test_enrolling_in_a_locked_session_is_refused_on_the_page(staff_client, centre, period):
    session = DraftSessionFactory(activity__centre=centre)
    message = locked(period)
    response = staff_client.post(
        reverse("training:session_enrol", args=[session.pk]), {"trainee": TraineeFactory().pk}
    )
    assert response.status_code == 400
    assert escape(message) in response.text
    assert not session.enrolments.exists()


def test_the_session_form_refuses_an_approved_activity_with_the_rules_message(staff_client, centre):
    activity = TrainingActivityFactory(centre=centre, title="Approved course")
    response = staff_client.post(
        reverse("training:session_add"), {"activity": activity.pk, "course": CourseFactory().pk}
    )
    assert response.status_code == 400
    assert escape(settled(activity)) in response.text
    assert not Session.objects.exists()


def test_the_duplicates_page_refuses_a_merge_across_a_locked_period(manager_client, period):
    born = datetime.date(1970, 1, 1)
    keep = TraineeFactory(family_name="Olimov", date_of_birth=born)
    duplicate = TraineeFactory(family_name="Olimov", date_of_birth=born)
    EnrolmentFactory(trainee=duplicate, session=DraftSessionFactory())
    message = locked(period)
    response = manager_client.post(
        reverse("training:trainee_duplicates"), {"keep": keep.pk, "duplicate": duplicate.pk}
    )
    assert response.status_code == 400
    assert escape(message) in response.text
    assert Trainee.objects.filter(pk=duplicate.pk).exists()


# -- the back office ----------------------------------------------------------------------
def _enrolment_form(enrolment, **values) -> dict:
    return {
        "session": enrolment.session_id,
        "trainee": enrolment.trainee_id,
        "attended": "on",
        "completed": "on",
        "pre_score": "40",
        "post_score": "90",
    } | values


def test_a_manager_cannot_change_an_enrolment_of_a_locked_period_in_the_back_office(
    manager_client, period
):
    enrolment = EnrolmentFactory(session=DraftSessionFactory())
    message = locked(period)
    url = reverse("admin:training_enrolment_change", args=[enrolment.pk])
    before = snapshot()

    page = manager_client.get(url)
    assert page.status_code == 200
    assert escape(message) in page.text
    assert 'name="post_score"' not in page.text  # read-only
    assert manager_client.post(url, _enrolment_form(enrolment)).status_code == 403
    assert snapshot() == before


def test_the_back_office_adds_no_enrolment_to_a_locked_or_settled_session(manager_client, period):
    approved = SessionFactory(
        activity__start=datetime.date(2006, 9, 1), activity__end=datetime.date(2006, 9, 2)
    )
    draft = DraftSessionFactory()
    message = locked(period)
    url = reverse("admin:training_enrolment_add")
    for session, expected in [(draft, message), (approved, settled(approved.activity))]:
        data = {"session": session.pk, "trainee": TraineeFactory().pk}
        response = manager_client.post(url, data)
        assert response.status_code == 200
        assert escape(expected) in response.text
    assert not Enrolment.objects.exists()


def test_the_back_office_deletes_no_enrolment_of_a_settled_session(manager_client):
    enrolment = EnrolmentFactory()
    url = reverse("admin:training_enrolment_delete", args=[enrolment.pk])
    response = manager_client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the confirmation page again, naming the rule
    assert escape(settled(enrolment.session.activity)) in response.text
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()


def test_an_enrolment_added_inline_to_a_draft_session_gets_its_certificate(manager_client):
    session = DraftSessionFactory(course__certifies_instructors=True)
    trainee = TraineeFactory()
    prefix = "enrolments"
    response = manager_client.post(
        reverse("admin:training_session_change", args=[session.pk]),
        {
            "activity": session.activity_id,
            "course": session.course_id,
            "other_trainers": "",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-trainee": trainee.pk,
            f"{prefix}-0-attended": "on",
            f"{prefix}-0-completed": "on",
            f"{prefix}-0-session": session.pk,
        },
    )
    assert response.status_code == 302, response.text
    enrolment = Enrolment.objects.get()
    assert enrolment.certificate_number.startswith(f"UNTOP/TR/2005/{session.pk:04d}-")
    trainee.refresh_from_db()
    assert trainee.instructor_certified_on == session.activity.end


@pytest.mark.parametrize(
    "factory, name",
    [
        (SessionFactory, "session"),
        (StudyVisitFactory, "studyvisit"),
        (BulletinIssueFactory, "bulletinissue"),
    ],
    ids=["session", "studyvisit", "bulletinissue"],
)
def test_records_of_an_approved_activity_are_read_only_in_the_back_office(
    manager_client, factory, name
):
    record = factory()
    page = manager_client.get(reverse(f"admin:training_{name}_change", args=[record.pk]))
    assert page.status_code == 200
    assert escape(settled(record.activity)) in page.text
    response = manager_client.post(
        reverse(f"admin:training_{name}_change", args=[record.pk]), {"activity": record.activity_id}
    )
    assert response.status_code == 403


# -- figures: counted = held and approved -------------------------------------------------
def test_a_held_session_counts_only_once_approved():
    course = CourseFactory()
    SessionFactory(course=course, participants=(1, 2))
    DraftSessionFactory(course=course, participants=(5, 5))
    (row,) = list(selectors.course_list())
    assert (row.session_count, row.participant_total) == (1, 3)


@pytest.mark.parametrize("module", [querysets, selectors])
def test_figures_restate_no_counted_rule(module):
    source = inspect.getsource(module)
    assert '"approved"' not in source and '"held"' not in source
    assert "counted(" in source


def test_only_permission_checks_remain_in_the_services():
    from training import services

    source = inspect.getsource(services)
    assert "MandatePeriod" not in source and "editable_by" not in source


def test_a_user_without_the_permission_is_still_refused(hr_officer, centre):
    session = DraftSessionFactory(activity__centre=centre)
    with pytest.raises(PermissionDenied):
        enrolment_add(session=session, trainee=TraineeFactory(), acting_user=hr_officer)


def test_deleting_a_trainer_is_refused_while_they_train_on_an_approved_or_locked_session(
    manager, centre, period
):
    """A session's trainers are the session's own (its field): taking one off by deleting the
    trainee changes the session, which is settled once approved and frozen once its period is
    locked (unlike an action's activities, which it only cites: humanrights test_rules)."""
    from programs.services import record_delete

    session = _session(centre, activity__approval=Activity.Approval.APPROVED)
    trainer = TraineeFactory()
    session.trainers.add(trainer)
    with pytest.raises(RuleBroken) as refused:
        record_delete(acting_user=manager, records=[trainer])
    assert refused.value.rule == Rule.SETTLED
    Activity.objects.filter(pk=session.activity_id).update(approval=DRAFT)
    message = locked(period)
    with pytest.raises(RuleBroken, match=message):
        record_delete(acting_user=manager, records=[trainer])
    assert Trainee.objects.filter(pk=trainer.pk).exists()
