"""Writes of the training app. Views, the admin and the demo call these, not model.save().

Every write runs as its acting user, so the audit trail names who made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, MandatePeriod, User
from untop.audit.context import acting_as

from .models import Course, Enrolment, Session, StudyVisit, Trainee

RESULT_FIELDS = ("attended", "completed", "pre_score", "post_score")


def may_manage_session(user: User, session: Session) -> bool:
    """Whether the user records enrolments of this session: theirs if it is their centre's."""
    if not user.has_perm("training.change_enrolment"):
        return False
    return Activity.objects.editable_by(user).filter(pk=session.activity_id).exists()


def _check_may_manage(user: User, session: Session) -> None:
    if not may_manage_session(user, session):
        raise PermissionDenied(_("You may only record the sessions of your own centre."))


def _check_not_locked(session: Session) -> None:
    locked = MandatePeriod.objects.containing(session.activity.start).filter(locked=True).first()
    if locked:
        raise ValidationError(
            _("The mandate period %(locked)s is locked: its training records can no longer change.")
            % {"locked": locked}
        )


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
    """Hold a course as an existing training or seminar activity, with its trainers."""
    trainers = list(trainers)
    with acting_as(acting_user):
        if not acting_user.has_perm("training.add_session"):
            raise PermissionDenied(_("You may not add sessions."))
        if not Activity.objects.editable_by(acting_user).filter(pk=activity.pk).exists():
            raise PermissionDenied(_("You may only add sessions of your own centre's activities."))
        _check_trainers(trainers, activity)
        session = Session(activity=activity, course=course, other_trainers=other_trainers)
        session.full_clean()
        session.save()
        session.trainers.set(trainers)
    return session


@transaction.atomic
def session_set_trainers(
    *, session: Session, acting_user: User, trainers: Iterable[Trainee], other_trainers: str = ""
) -> Session:
    """Change who taught a session."""
    trainers = list(trainers)
    with acting_as(acting_user):
        _check_may_manage(acting_user, session)
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
        _check_may_manage(acting_user, session)
        _check_not_locked(session)
        enrolment = Enrolment(session=session, trainee=trainee)
        enrolment.full_clean()
        enrolment.save()
    return enrolment


def _issue_certificate(enrolment: Enrolment, session: Session) -> None:
    enrolment.certificate_number = (
        f"UNTOP/TR/{session.activity.end:%Y}/{session.pk:04d}-{enrolment.pk:05d}"
    )
    enrolment.certificate_issued_on = timezone.localdate()


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
    *, session: Session, acting_user: User, results: dict[int, dict[str, Any]]
) -> list[Enrolment]:
    """Record attendance, completion and scores of a session's enrolments in one go.

    ``results`` maps enrolment ids to their new values. A completion issues the enrolment's
    certificate; in a train-the-trainer course it certifies the trainee as an instructor.
    Any invalid row refuses the whole set: nothing is saved.
    """
    changed = []
    with acting_as(acting_user):
        _check_may_manage(acting_user, session)
        _check_not_locked(session)
        enrolments = session.enrolments.select_related("trainee").filter(pk__in=results)
        found = {enrolment.pk: enrolment for enrolment in enrolments}
        if set(found) != set(results):
            raise ValidationError(_("Some enrolments do not belong to this session."))
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
            if enrolment.completed and not enrolment.certificate_number:
                _issue_certificate(enrolment, session)
            elif not enrolment.completed:
                enrolment.certificate_number, enrolment.certificate_issued_on = "", None
            enrolment.save()
            if enrolment.completed != before["completed"]:
                _sync_instructor(enrolment.trainee, session, enrolment.completed)
            changed.append(enrolment)
    return changed


@transaction.atomic
def enrolment_settle(*, enrolment: Enrolment, acting_user: User) -> Enrolment:
    """After a back-office edit: issue or withdraw the certificate, certify the instructor."""
    with acting_as(acting_user):
        session = enrolment.session
        if enrolment.completed and not enrolment.certificate_number:
            _issue_certificate(enrolment, session)
            enrolment.save()
        elif not enrolment.completed and enrolment.certificate_number:
            enrolment.certificate_number, enrolment.certificate_issued_on = "", None
            enrolment.save()
        _sync_instructor(enrolment.trainee, session, enrolment.completed)
    return enrolment


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
        kept_sessions = set(keep.enrolments.values_list("session_id", flat=True))
        for enrolment in duplicate.enrolments.all():
            if enrolment.session_id in kept_sessions:
                enrolment.delete()
            else:
                enrolment.trainee = keep
                enrolment.save()
        for session in duplicate.sessions_taught.all():
            session.trainers.add(keep)
        for visit in StudyVisit.objects.filter(participants=duplicate):
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
