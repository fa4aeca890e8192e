"""Writes of the training app. Views, the admin and the importer call these, not model.save().

Every write runs as its acting user, so the audit trail names who made it, and keeps the
office's rules (programs/rules.py) through a RuleBook: a session, its enrolments, its
trainers, a study visit and a bulletin issue belong to their activity, so its mandate period
(locked or not), its centre (the user's or not) and its approval (settled or not) decide
whether they may change. Permissions (who may record what) are checked here too; they are
not rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, User
from programs.rules import RuleBook, Violation, governed
from untop.audit.bulk import audit_changed, audit_values, changed_fields
from untop.audit.context import acting_as
from untop.concurrency import fingerprint

from .models import Course, Enrolment, Session, StudyVisit, Trainee

RESULT_FIELDS = ("attended", "completed", "pre_score", "post_score")
CERTIFICATE_FIELDS = ("certificate_number", "certificate_issued_on")


# -- the office's rules (programs/rules.py) as they reach training records ------------------
def session_rules(user: User | None, session: Session) -> list[Violation]:
    """The rules that keep a session and its enrolments as they are for this user: its
    mandate period locked, another centre's, its activity approved (settled). Read from the
    session as loaded, with its activity: no query but the locked periods'."""
    rules = governed(Session)
    return RuleBook(user, reading=True).placement(
        rules, before=rules.placement_of(session), after=None
    )


def may_manage_session(user: User, session: Session) -> bool:
    """Whether the user records enrolments of this session: they may record enrolments, and
    the centre rule lets them write its centre's records (a period lock or an approval may
    still refuse the write: see :func:`session_rules`)."""
    if not user.has_perm("training.change_enrolment"):
        return False
    return RuleBook(user).centre(session.activity.centre_id) is None


def _check_may_record(user: User, permission: str = "training.change_enrolment") -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("You may not record enrolments."))


def _check_trainers(trainers: Iterable[Trainee], activity: Activity) -> None:
    for trainer in trainers:
        if trainer.instructor_certified_on is None:
            raise ValidationError(
                _("%(trainer)s is not a certified instructor: name them under other trainers.")
                % {"trainer": trainer}
            )
        if trainer.instructor_certified_on > activity.start:
            raise ValidationError(
                _(
                    "%(trainer)s was certified on %(instructor_certified_on)s, "
                    "after the session began."
                )
                % {
                    "trainer": trainer,
                    "instructor_certified_on": format(trainer.instructor_certified_on, "%-d %b %Y"),
                }
            )


@transaction.atomic
def session_create(
    *,
    activity: Activity,
    course: Course,
    acting_user: User,
    trainers: Iterable[Trainee] = (),
    other_trainers: str = "",
) -> Session:
    """Hold a course as an existing training or seminar activity, with its trainers.

    The activity must be one the user may write (their centre's), of an open mandate period,
    and not approved: an approved activity takes no new session until a manager returns it
    to draft.
    """
    trainers = list(trainers)
    with acting_as(acting_user):
        if not acting_user.has_perm("training.add_session"):
            raise PermissionDenied(_("You may not add sessions."))
        session = Session(activity=activity, course=course, other_trainers=other_trainers)
        book = RuleBook(acting_user)
        book.enforce(book.record(session))
        _check_trainers(trainers, activity)
        session.full_clean()
        session.save()
        session.trainers.set(trainers)
    return session


@transaction.atomic
def session_set_trainers(
    *, session: Session, acting_user: User, trainers: Iterable[Trainee], other_trainers: str = ""
) -> Session:
    """Change who taught a session (not of a locked period, another centre or a settled
    activity)."""
    trainers = list(trainers)
    with acting_as(acting_user):
        if not acting_user.has_perm("training.change_session"):
            raise PermissionDenied(_("You may not change sessions."))
        book = RuleBook(acting_user)
        book.enforce(book.record(session))
        _check_trainers(trainers, session.activity)
        session.other_trainers = other_trainers
        session.full_clean()
        session.save()
        session.trainers.set(trainers)
    return session


@transaction.atomic
def enrolment_add(*, session: Session, trainee: Trainee, acting_user: User) -> Enrolment:
    """Enrol a trainee in a session (attendance is recorded later, in bulk)."""
    with acting_as(acting_user):
        _check_may_record(acting_user, "training.add_enrolment")
        enrolment = Enrolment(session=session, trainee=trainee)
        book = RuleBook(acting_user)
        book.enforce(book.record(enrolment))
        enrolment.full_clean()
        enrolment.save()
    return enrolment


# -- certificates and instructors follow completion ----------------------------------------
def _certificate_in_step(enrolment: Enrolment, session: Session) -> bool:
    """A completed enrolment holds a certificate, an uncompleted one none: issue or withdraw
    it (in memory). True if the enrolment changed."""
    if enrolment.completed and not enrolment.certificate_number:
        enrolment.certificate_number = (
            f"UNTOP/TR/{session.activity.end:%Y}/{session.pk:04d}-{enrolment.pk:05d}"
        )
        enrolment.certificate_issued_on = timezone.localdate()
        return True
    if not enrolment.completed and (
        enrolment.certificate_number or enrolment.certificate_issued_on
    ):
        enrolment.certificate_number, enrolment.certificate_issued_on = "", None
        return True
    return False


def _sync_instructor(trainee: Trainee, session: Session, completed: bool) -> None:
    """Completing a train-the-trainer course certifies; withdrawing it may un-certify."""
    if not session.course.certifies_instructors:
        return
    if completed and trainee.instructor_certified_on is None:
        trainee.instructor_certified_on = session.activity.end
        trainee.save(update_fields=["instructor_certified_on"])
    elif not completed and trainee.instructor_certified_on == session.activity.end:
        other = trainee.enrolments.filter(
            completed=True, session__course__certifies_instructors=True
        ).exclude(session=session)
        if not other.exists():
            trainee.instructor_certified_on = None
            trainee.save(update_fields=["instructor_certified_on"])


@transaction.atomic
def session_record_results(
    *,
    session: Session,
    acting_user: User,
    results: dict[int, dict[str, Any]],
    opened: dict[int, str] | None = None,
) -> list[Enrolment]:
    """Record attendance, completion and scores of a session's enrolments in one go.

    ``results`` maps enrolment ids to their new values. A completion issues the enrolment's
    certificate; in a train-the-trainer course it certifies the trainee as an instructor.
    Any invalid row refuses the whole set: nothing is saved. The session's rules (its
    period, its centre, its approval) hold for every enrolment of it: checked once.

    ``opened`` maps enrolment ids to the fingerprint of their results when the form was
    opened (untop.concurrency). A row someone saved since is left as they saved it when the
    user did not change it, and refuses the whole set (ResultsEditedMeanwhile, both versions)
    when both changed it. The rows stay locked until the save commits.
    """
    changed = []
    with acting_as(acting_user):
        _check_may_record(acting_user)
        book = RuleBook(acting_user)
        book.enforce(book.record(session))
        enrolments = session.enrolments.select_related("trainee").filter(pk__in=results)
        if opened is not None:
            enrolments = enrolments.select_for_update(of=("self",))
        found = {enrolment.pk: enrolment for enrolment in enrolments}
        if set(found) != set(results):
            raise ValidationError(_("Some enrolments do not belong to this session."))
        if opened is not None:
            results = _results_not_undoing_others(found, results, opened)
        for pk, values in results.items():
            enrolment = found[pk]
            before = {name: getattr(enrolment, name) for name in RESULT_FIELDS}
            for name in RESULT_FIELDS:
                setattr(enrolment, name, values.get(name, before[name]))
            if {name: getattr(enrolment, name) for name in RESULT_FIELDS} == before:
                continue
            enrolment.session = session
            try:
                enrolment.full_clean()
            except ValidationError as error:
                raise ValidationError(
                    _("%(trainee)s: %(messages)s")
                    % {"trainee": enrolment.trainee, "messages": "; ".join(error.messages)}
                ) from None
            _certificate_in_step(enrolment, session)
            enrolment.save()
            if enrolment.completed != before["completed"]:
                _sync_instructor(enrolment.trainee, session, enrolment.completed)
            changed.append(enrolment)
    return changed


class ResultsEditedMeanwhile(Exception):
    """Someone saved results of these enrolments after the form was opened, and the user
    changed them too: nothing was saved. ``rows`` name each field with both values."""

    def __init__(self, rows: list[dict[str, Any]], saved: dict[int, str]):
        super().__init__(f"{len(rows)} result(s) saved meanwhile")
        self.rows = rows
        self.saved = saved  # each enrolment's fingerprint now: the merge is saved at it


def results_state(enrolment: Enrolment) -> str:
    """The fingerprint of an enrolment's results, as the form carries it."""
    return fingerprint({name: getattr(enrolment, name) for name in RESULT_FIELDS})


def _result_shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _results_not_undoing_others(
    found: dict[int, Enrolment], results: dict[int, dict[str, Any]], opened: dict[int, str]
) -> dict[int, dict[str, Any]]:
    """The rows to write: those saved since by another are dropped when the user left them
    as opened; when the user changed them too, the whole set is refused with both versions."""
    kept, conflicts = {}, []
    for pk, values in results.items():
        enrolment = found[pk]
        at_open = opened.get(pk)
        if at_open is None or results_state(enrolment) == at_open:
            kept[pk] = values
            continue
        mine = {name: values.get(name, getattr(enrolment, name)) for name in RESULT_FIELDS}
        if fingerprint(mine) == at_open:
            continue  # untouched here, changed there: theirs stays
        for name in RESULT_FIELDS:
            if getattr(enrolment, name) != mine[name]:
                conflicts.append(
                    {
                        "trainee": enrolment.trainee,
                        "field": Enrolment._meta.get_field(name).verbose_name,
                        "theirs": _result_shown(getattr(enrolment, name)),
                        "mine": _result_shown(mine[name]),
                    }
                )
    if conflicts:
        raise ResultsEditedMeanwhile(conflicts, {pk: results_state(e) for pk, e in found.items()})
    return kept


@transaction.atomic
def enrolment_settle(*, enrolment: Enrolment, acting_user: User) -> Enrolment:
    """After a back-office edit: issue or withdraw the certificate, certify the instructor
    (refused, like the edit, for an enrolment the rules keep as it is)."""
    with acting_as(acting_user):
        _check_may_record(acting_user)
        book = RuleBook(acting_user)
        book.enforce(book.record(enrolment))
        session = enrolment.session
        if _certificate_in_step(enrolment, session):
            enrolment.save(update_fields=list(CERTIFICATE_FIELDS))
        _sync_instructor(enrolment.trainee, session, enrolment.completed)
    return enrolment


@transaction.atomic
def enrolments_settle(
    *,
    acting_user: User,
    enrolments: Iterable[Enrolment],
    completed_before: dict[int, bool],
    book: RuleBook | None = None,
) -> int:
    """After enrolments were written in bulk (the enrolment import): issue or withdraw their
    certificates in one update, with their audit entries, and certify or un-certify the
    instructors of train-the-trainer courses whose completion changed (``completed_before``:
    each saved enrolment's completion before the write; a new one had none).

    Each enrolment comes with its session and activity loaded: the rules are checked in
    memory, once per session (with ``book``, the caller's rule book for the acting user,
    when it holds one), and refuse everything if one enrolment breaks them.
    Returns how many certificates were issued or withdrawn.
    """
    enrolments = list(enrolments)
    with acting_as(acting_user):
        _check_may_record(acting_user)
        book, enrolment_rules = book or RuleBook(acting_user), governed(Enrolment)
        checked: set[int] = set()
        for enrolment in enrolments:
            if enrolment.session_id not in checked:
                checked.add(enrolment.session_id)
                placement = enrolment_rules.placement_of(enrolment)
                book.enforce(book.placement(enrolment_rules, before=None, after=placement))
        changes = []
        for enrolment in enrolments:
            before = audit_values(enrolment)
            if _certificate_in_step(enrolment, enrolment.session):
                changes.append((enrolment, changed_fields(before, audit_values(enrolment))))
        Enrolment.objects.bulk_update(
            [enrolment for enrolment, _ in changes], list(CERTIFICATE_FIELDS), batch_size=2000
        )
        audit_changed(changes)
        for enrolment in enrolments:
            if enrolment.completed != completed_before.get(enrolment.pk, False):
                _sync_instructor(enrolment.trainee, enrolment.session, enrolment.completed)
    return len(changes)


@transaction.atomic
def trainee_save(
    *, acting_user: User, fields: dict[str, Any], trainee: Trainee | None = None
) -> Trainee:
    """Add or change a trainee's record; a duplicate personnel number is refused."""
    with acting_as(acting_user):
        permission = "training.change_trainee" if trainee else "training.add_trainee"
        if not acting_user.has_perm(permission):
            raise PermissionDenied(_("You may not change trainee records."))
        trainee = trainee or Trainee()
        for name, value in fields.items():
            setattr(trainee, name, value)
        trainee.full_clean()
        trainee.save()
    return trainee


@transaction.atomic
def trainee_merge(*, keep: Trainee, duplicate: Trainee, acting_user: User) -> Trainee:
    """Fold a duplicate record into the one kept: its enrolments, teaching and visits move.

    Where both were enrolled in the same session the kept record's enrolment stays and the
    duplicate's is dropped. Blank details of the kept record are filled from the duplicate.
    """
    with acting_as(acting_user):
        if not acting_user.has_perm("training.merge_trainee"):
            raise PermissionDenied(_("Only a programme manager merges trainee records."))
        if keep.pk == duplicate.pk:
            raise ValidationError(_("Choose two different records to merge."))
        # What the merge changes: the duplicate's enrolments (moved or dropped), the sessions
        # it taught and the visits it made (their trainers and participants).
        book = RuleBook(acting_user)
        book.enforce(
            book.records(Enrolment, duplicate.enrolments.values_list("pk", flat=True)),
            book.records(Session, duplicate.sessions_taught.values_list("pk", flat=True)),
            book.records(StudyVisit, duplicate.study_visits.values_list("pk", flat=True)),
        )
        kept_sessions = set(keep.enrolments.values_list("session_id", flat=True))
        for enrolment in duplicate.enrolments.all():
            if enrolment.session_id in kept_sessions:
                enrolment.delete()
            else:
                enrolment.trainee = keep
                enrolment.save()
        for session in duplicate.sessions_taught.all():
            session.trainers.add(keep)
        for visit in duplicate.study_visits.all():
            visit.participants.add(keep)
        for name in ("date_of_birth", "unit", "position", "region_id", "personnel_number"):
            if not getattr(keep, name) and getattr(duplicate, name):
                setattr(keep, name, getattr(duplicate, name))
        earliest = [
            d for d in (keep.instructor_certified_on, duplicate.instructor_certified_on) if d
        ]
        keep.instructor_certified_on = min(earliest) if earliest else None
        duplicate.delete()
        keep.full_clean()
        keep.save()
    return keep
