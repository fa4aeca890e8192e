"""Import and export of trainees and their enrolments (personal data: only for users with
training.view_trainee). Rows name records by natural keys: a trainee by personnel number, a
session by its course code, first day and centre."""

from __future__ import annotations

from collections.abc import Iterable

from programs.models import Centre, Region
from programs.resources import refuse_rows_locked_meanwhile
from programs.rules import Rule, RuleBook, Violation, governed
from untop.imports.columns import CellError, Column, KeyCache, choice, date_value, text, yes_no
from untop.imports.engine import ParsedRow, RowError
from untop.imports.saving import ModelImporter

from .models import Course, Enrolment, Session, Trainee
from .services import enrolments_settle

# The column a rule's refusal names: the session's first day places it in a mandate period
# and is the day of its activity; the centre is the centre.
RULE_COLUMN = {Rule.PERIOD_LOCKED: "session_start", Rule.CENTRE_SCOPE: "centre"}


def _personnel_number(raw) -> str:
    return text(30)(raw).upper()


def _score(raw) -> int:
    value = text(10)(raw)
    if not value.isdigit() or int(value) > 100:
        raise CellError(f"“{value}” is not a score: a whole number from 0 to 100.")
    return int(value)


class TraineeImporter(ModelImporter):
    key, label, model = "trainees", "Trainees", Trainee
    permission = "training.add_trainee"
    description = (
        "People trained. A row with the personnel number of a saved trainee changes that "
        "trainee; without a number, a row adds a trainee (the duplicates page merges twins)."
    )
    match_on = ("personnel_number",)
    export_related = ("region",)
    field_of = {
        "family_name": "family_name",
        "given_name": "given_name",
        "sex": "sex",
        "date_of_birth": "date_of_birth",
        "organisation": "organisation",
        "unit": "unit",
        "position": "position",
        "region": "region",
        "personnel_number": "personnel_number",
    }

    def columns(self) -> list[Column]:
        return [
            Column("family_name", "Family name.", text(100), example="Rahimov"),
            Column("given_name", "Given name.", text(100), example="Rustam"),
            Column("sex", "F or M.", choice(Trainee.Sex.choices), example="M"),
            Column("date_of_birth", "Date of birth.", date_value, False, example="12.05.1970"),
            Column("organisation", "Employer.", text(200), example="Ministry of the Interior"),
            Column("unit", "Unit or department.", text(200), required=False),
            Column("position", "Position or rank.", text(150), required=False),
            Column(
                "region",
                "ISO 3166-2 code of the region.",
                KeyCache(Region.objects.all(), "code", "region"),
                required=False,
            ),
            Column("personnel_number", "Employer's number.", _personnel_number, False),
        ]

    def attributes(self, row: ParsedRow) -> dict:
        values = super().attributes(row)
        # Blank text columns are empty strings on the model, not NULL.
        for name in ("unit", "position", "personnel_number"):
            if name in values and values[name] is None:
                values[name] = ""
        return values

    def may_export(self, user) -> bool:
        return bool(user and user.has_perm("training.view_trainee"))

    def export_queryset(self, user):
        return Trainee.objects.all() if self.may_export(user) else Trainee.objects.none()


class EnrolmentImporter(ModelImporter):
    key, label, model = "enrolments", "Enrolments", Enrolment
    permission = "training.add_enrolment"
    description = (
        "A trainee's place in a session, with attendance, completion and test scores. The "
        "session is named by its course code, first day and centre; the trainee by personnel "
        "number. A row for a trainee already enrolled changes that enrolment."
    )
    key_columns = ("course", "session_start", "centre", "personnel_number")
    match_on = ("session", "personnel_number")
    export_related = ("session__course", "session__activity__centre", "trainee")
    field_of = {
        "session": "session",
        "personnel_number": "trainee",
        "attended": "attended",
        "completed": "completed",
        "pre_score": "pre_score",
        "post_score": "post_score",
    }

    def columns(self) -> list[Column]:
        return [
            Column(
                "course",
                "The course's code.",
                KeyCache(Course.objects.all(), "code", "course"),
                example="police-hr",
            ),
            Column("session_start", "The session's first day.", date_value),
            Column(
                "centre",
                "The centre's code.",
                KeyCache(Centre.objects.all(), ("code", "name"), "centre"),
                example="khujand",
            ),
            Column(
                "personnel_number",
                "The trainee's personnel number.",
                KeyCache(
                    Trainee.objects.exclude(personnel_number=""), "personnel_number", "trainee"
                ),
            ),
            Column("attended", "yes or no.", yes_no, required=False),
            Column("completed", "yes or no.", yes_no, required=False),
            Column("pre_score", "Pre-test score, 0–100.", _score, required=False),
            Column("post_score", "Post-test score, 0–100.", _score, required=False),
        ]

    def check(self, rows: list[ParsedRow]) -> Iterable[RowError]:
        """Find each row's session among the sessions of the file's courses (one query), and
        check the office's rules (programs/rules.py) for it: a row may not write an
        enrolment of a locked mandate period, of another centre's session (programme staff)
        or of an approved, settled activity. Each session is checked once, in memory, with
        the locked periods read once for the whole file: no query per row."""
        sessions = {
            (s.course_id, s.activity.start, s.activity.centre_id): s
            for s in Session.objects.select_related("activity", "course").filter(
                course__in={row.values["course"] for row in rows}
            )
        }
        self._sessions = {session.pk: session for session in sessions.values()}
        book = self._book = RuleBook(self.acting_user)
        enrolment_rules, session_rules = governed(Enrolment), governed(Session)
        refused: dict[int, list[Violation]] = {}
        errors = []
        for row in rows:
            v = row.values
            session = sessions.get((v["course"].pk, v["session_start"], v["centre"].pk))
            if session is None:
                errors.append(
                    RowError(
                        row.number,
                        "session_start",
                        f"The course {v['course'].code} has no session starting on "
                        f"{v['session_start']:%d.%m.%Y} at {v['centre']}.",
                    )
                )
            else:
                if session.pk not in refused:
                    # An enrolment is placed by its session's activity.
                    placement = session_rules.placement_of(session)
                    refused[session.pk] = book.placement(
                        enrolment_rules, before=placement, after=placement
                    )
                errors.extend(
                    RowError(row.number, RULE_COLUMN.get(violation.rule, ""), violation.message)
                    for violation in refused[session.pk]
                )
            v["session"] = session
            for name in ("attended", "completed"):
                if name in self.present_columns and v[name] is None:
                    v[name] = False
        return errors

    def before_save(self, rows: list[ParsedRow]) -> None:
        refuse_rows_locked_meanwhile(
            self._book,
            rows,
            lambda v: v["session"].activity.start if v["session"] is not None else None,
            "session_start",
        )

    def existing(self, rows: list[ParsedRow]) -> dict[tuple, Enrolment]:
        """The saved enrolments the rows change, each with its session and trainee as the
        file named them (no query per row), and its completion before the import."""
        found = super().existing(rows)
        trainees = {
            row.values["personnel_number"].pk: row.values["personnel_number"] for row in rows
        }
        self._completed_before = {}
        for enrolment in found.values():
            enrolment.session = self._sessions[enrolment.session_id]
            if enrolment.trainee_id in trainees:
                enrolment.trainee = trainees[enrolment.trainee_id]
            self._completed_before[enrolment.pk] = enrolment.completed
        return found

    def after_save(self, rows: list[ParsedRow]) -> None:
        """Certificates and instructors follow completion, as on the session's page: the
        service issues or withdraws each written enrolment's certificate and certifies the
        instructors of a train-the-trainer course."""
        enrolments_settle(
            acting_user=self.acting_user,
            enrolments=[row.record for row in rows if row.action in ("new", "update")],
            completed_before=getattr(self, "_completed_before", {}),
            book=self._book,
        )

    def attributes(self, row: ParsedRow) -> dict:
        # The session is no column of the file: it was found from three columns in check().
        return {**super().attributes(row), "session": row.values["session"]}

    def may_export(self, user) -> bool:
        return bool(user and user.has_perm("training.view_trainee"))

    def export_queryset(self, user):
        return Enrolment.objects.all() if self.may_export(user) else Enrolment.objects.none()

    def export_rows(self, queryset):
        for enrolment in queryset.select_related(*self.export_related):
            session = enrolment.session
            yield [
                session.course.code,
                session.activity.start,
                session.activity.centre.code,
                enrolment.trainee.personnel_number,
                "yes" if enrolment.attended else "no",
                "yes" if enrolment.completed else "no",
                enrolment.pre_score,
                enrolment.post_score,
            ]


IMPORTERS = [TraineeImporter, EnrolmentImporter]
