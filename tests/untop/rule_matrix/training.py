"""The training app's write paths."""

from __future__ import annotations

from programs.models import (
    Activity,
    MandatePeriod,
)
from programs.rules import Rule

from .core import (
    Case,
    Entry,
    Exempt,
    Refusal,
    import_attempt,
    post_attempt,
    route_case,
)


def _training_services() -> dict[str, Entry | Exempt]:
    from tests.training.factories import CourseFactory, TraineeFactory
    from training import services as s

    def on(label: str, rule: Rule, attempt, user="staff"):
        def act(w):
            record = w.make(label, rule=rule)
            w.trainee = TraineeFactory()
            return lambda: attempt(record, getattr(w, user), w)

        return Case(rule, act)

    def enrol(session, user, w):
        return s.enrolment_add(session=session, trainee=w.trainee, acting_user=user)

    def results(enrolment, user, w):
        values = {"attended": True, "completed": True, "pre_score": 40, "post_score": 80}
        return s.session_record_results(
            session=enrolment.session, acting_user=user, results={enrolment.pk: values}
        )

    def trainers(session, user, w):
        return s.session_set_trainers(
            session=session, acting_user=user, trainers=[], other_trainers="Police adviser"
        )

    def settle(enrolment, user, w):
        enrolment.attended = enrolment.completed = True
        return s.enrolment_settle(enrolment=enrolment, acting_user=user)

    def create(rule: Rule):
        def act(w):
            activity = w.make("programs.activity", rule=rule)
            Activity.objects.filter(pk=activity.pk).update(kind=Activity.Kind.TRAINING)
            activity.refresh_from_db()
            course = CourseFactory()
            return lambda: s.session_create(activity=activity, course=course, acting_user=w.staff)

        return Case(rule, act)

    def merge(enrolment, user, w):
        return s.trainee_merge(keep=w.trainee, duplicate=enrolment.trainee, acting_user=user)

    session, enrolment = "training.session", "training.enrolment"
    return {
        "training.session_create": Entry(
            [create(rule) for rule in (Rule.PERIOD_LOCKED, Rule.CENTRE_SCOPE, Rule.SETTLED)]
        ),
        "training.session_set_trainers": Entry(
            [
                on(session, rule, trainers)
                for rule in (Rule.PERIOD_LOCKED, Rule.CENTRE_SCOPE, Rule.SETTLED)
            ]
        ),
        "training.enrolment_add": Entry(
            [
                on(session, rule, enrol)
                for rule in (Rule.PERIOD_LOCKED, Rule.CENTRE_SCOPE, Rule.SETTLED)
            ]
        ),
        "training.session_record_results": Entry(
            [
                on(enrolment, rule, results)
                for rule in (Rule.PERIOD_LOCKED, Rule.CENTRE_SCOPE, Rule.SETTLED)
            ]
        ),
        "training.enrolment_settle": Entry(
            [
                on(enrolment, rule, settle, user="manager")
                for rule in (Rule.PERIOD_LOCKED, Rule.SETTLED)
            ]
        ),
        "training.enrolments_settle": Exempt(
            "settles the certificates of enrolments its caller (the import, the back office) "
            "has just saved through the rules"
        ),
        "training.trainee_merge": Entry(
            [
                on(enrolment, rule, merge, user="manager")
                for rule in (Rule.PERIOD_LOCKED, Rule.SETTLED)
            ]
        ),
        "training.trainee_save": Exempt("a person's record, not dated; their enrolments are"),
    }


def _training_importers() -> dict[str, Entry | Exempt]:
    def enrolments(rule: Rule):
        def act(w):
            from tests.training.factories import TraineeFactory

            session = w.make("training.session", rule=rule)
            trainee = TraineeFactory(personnel_number="MVD-0001")
            row = [
                session.course.code,
                session.activity.start.isoformat(),
                session.activity.centre.code,
                trainee.personnel_number,
                "yes",
                "yes",
                "80",
            ]
            headers = [
                "course",
                "session_start",
                "centre",
                "personnel_number",
                "attended",
                "completed",
                "post_score",
            ]
            return import_attempt("enrolments", w.staff, headers, [row])

        return Case(rule, act)

    return {
        "enrolments": Entry(
            [enrolments(rule) for rule in (Rule.PERIOD_LOCKED, Rule.CENTRE_SCOPE, Rule.SETTLED)]
        ),
        "trainees": Exempt("a person's record, not dated; their enrolments are"),
    }


def _training_routes() -> dict[str, Entry | Exempt]:
    from tests.training.factories import CourseFactory, TraineeFactory

    def enrol(w, session):
        return {"trainee": TraineeFactory().pk}

    def results(w, session):
        from tests.training.factories import EnrolmentFactory

        MandatePeriod.objects.filter(pk=w.period.pk).update(locked=False)
        enrolment = EnrolmentFactory(session=session)
        MandatePeriod.objects.filter(pk=w.period.pk).update(locked=True)
        return {
            "results-TOTAL_FORMS": "1",
            "results-INITIAL_FORMS": "1",
            "results-0-enrolment": enrolment.pk,
            "results-0-attended": "on",
            "results-0-completed": "on",
            "results-0-post_score": "80",
        }

    def training_activity(w, rule):
        activity = w.make("programs.activity", rule=rule)
        Activity.objects.filter(pk=activity.pk).update(kind=Activity.Kind.TRAINING)
        return activity

    def add(rule: Rule, answer=400, shows_rule=True):
        def act(w):
            activity = training_activity(w, rule)
            data = {"activity": activity.pk, "course": CourseFactory().pk}
            return post_attempt("staff", "training:session_add", lambda w, _: data)(w)

        case = Case(rule, act)
        case.refusal = Refusal(answer, shows_rule)
        return case

    session = "training.session"
    return {
        "training:session_enrol": Entry(
            [
                route_case(
                    Rule.PERIOD_LOCKED,
                    "staff",
                    "training:session_enrol",
                    enrol,
                    record=session,
                    answer=400,
                ),
                route_case(
                    Rule.SETTLED,
                    "staff",
                    "training:session_enrol",
                    enrol,
                    record=session,
                    answer=400,
                ),
                route_case(
                    Rule.CENTRE_SCOPE,
                    "staff",
                    "training:session_enrol",
                    enrol,
                    record=session,
                    answer=403,
                ),
            ]
        ),
        "training:session_results": Entry(
            [
                route_case(
                    Rule.PERIOD_LOCKED,
                    "staff",
                    "training:session_results",
                    results,
                    record=session,
                    answer=400,
                ),
                route_case(
                    Rule.SETTLED,
                    "staff",
                    "training:session_results",
                    results,
                    record=session,
                    answer=400,
                ),
                route_case(
                    Rule.CENTRE_SCOPE,
                    "staff",
                    "training:session_results",
                    results,
                    record=session,
                    answer=403,
                ),
            ]
        ),
        # The form offers only the user's own draft activities; a forged one is refused by it.
        "training:session_add": Entry(
            [
                add(Rule.PERIOD_LOCKED, shows_rule=False),
                add(Rule.SETTLED, shows_rule=False),
                add(Rule.CENTRE_SCOPE, shows_rule=False),
            ]
        ),
        "training:trainee_add": Exempt("a person's record, not dated"),
        "training:trainee_edit": Exempt("a person's record, not dated"),
        "training:trainee_duplicates": Exempt("merges through trainee_merge (its cases above)"),
    }


# Portal URLs that write, but nothing a rule reaches.
