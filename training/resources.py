"""Import and export of trainees and their enrolments (personal data: only for users with
training.view_trainee), as django-import-export resources. Rows name records by natural
keys: a trainee by personnel number, a session by its course code, first day and centre."""

from __future__ import annotations

from programs.models import Centre, Region
from programs.rules import Rule, RuleBook, governed
from untop.imports.resources import Field, PortalResource, optional_text
from untop.imports.widgets import (
    CachedForeignKeyWidget,
    ChoiceWidget,
    DateWidget,
    ScoreWidget,
    TextWidget,
    YesNoWidget,
)

from .models import Course, Enrolment, Session, Trainee
from .services import enrolments_settle

# The column a rule's refusal names: the session's first day places it in a mandate period
# and is the day of its activity; the centre is the centre.
RULE_COLUMN = {Rule.PERIOD_LOCKED: "session_start", Rule.CENTRE_SCOPE: "centre"}


class TraineeResource(PortalResource):
    key, label = "trainees", "Trainees"
    permission = "training.add_trainee"
    description = (
        "People trained. A row with the personnel number of a saved trainee changes that "
        "trainee; without a number, a row adds a trainee (the duplicates page merges twins)."
    )

    family_name = Field(
        "family_name", widget=TextWidget(100), help_text="Family name.", example="Rahimov"
    )
    given_name = Field(
        "given_name", widget=TextWidget(100), help_text="Given name.", example="Rustam"
    )
    sex = Field("sex", widget=ChoiceWidget(Trainee.Sex.choices), help_text="F or M.", example="M")
    date_of_birth = Field(
        "date_of_birth",
        widget=DateWidget(),
        required=False,
        help_text="Date of birth.",
        example="12.05.1970",
    )
    organisation = Field(
        "organisation",
        widget=TextWidget(200),
        help_text="Employer.",
        example="Ministry of the Interior",
    )
    unit = Field(
        "unit", widget=TextWidget(200), required=False, default="", help_text="Unit or department."
    )
    position = optional_text("position", 150, "Position or rank.")
    region = Field(
        "region",
        widget=CachedForeignKeyWidget(Region, "code", label="region"),
        required=False,
        help_text="ISO 3166-2 code of the region.",
    )
    personnel_number = Field(
        "personnel_number",
        widget=TextWidget(30, upper=True),
        required=False,
        default="",
        help_text="Employer's number.",
    )

    class Meta:
        model = Trainee
        fields = (
            "family_name",
            "given_name",
            "sex",
            "date_of_birth",
            "organisation",
            "unit",
            "position",
            "region",
            "personnel_number",
        )
        import_id_fields = ("personnel_number",)


class EnrolmentResource(PortalResource):
    key, label = "enrolments", "Enrolments"
    permission = "training.add_enrolment"
    description = (
        "A trainee's place in a session, with attendance, completion and test scores. The "
        "session is named by its course code, first day and centre; the trainee by personnel "
        "number. A row for a trainee already enrolled changes that enrolment."
    )

    course = Field(
        None,
        "course",
        CachedForeignKeyWidget(Course, "code", label="course"),
        help_text="The course's code.",
        example="police-hr",
    )
    session_start = Field(None, "session_start", DateWidget(), help_text="The session's first day.")
    centre = Field(
        None,
        "centre",
        CachedForeignKeyWidget(Centre, "code", also=("name",), label="centre"),
        help_text="The centre's code.",
        example="khujand",
    )
    personnel_number = Field(
        "trainee",
        "personnel_number",
        CachedForeignKeyWidget(
            Trainee,
            "personnel_number",
            label="trainee",
            queryset=Trainee.objects.exclude(personnel_number=""),
        ),
        help_text="The trainee's personnel number.",
    )
    attended = Field(
        "attended", widget=YesNoWidget(), required=False, default=False, help_text="yes or no."
    )
    completed = Field(
        "completed",
        widget=YesNoWidget(),
        required=False,
        default=False,
        help_text="yes or no.",
    )
    pre_score = Field(
        "pre_score", widget=ScoreWidget(), required=False, help_text="Pre-test score, 0–100."
    )
    post_score = Field(
        "post_score",
        widget=ScoreWidget(),
        required=False,
        help_text="Post-test score, 0–100.",
    )

    class Meta:
        model = Enrolment
        fields = (
            "course",
            "session_start",
            "centre",
            "personnel_number",
            "attended",
            "completed",
            "pre_score",
            "post_score",
        )
        import_id_fields = ("course", "session_start", "centre", "personnel_number")

    def prepare(self, dataset) -> None:
        """The sessions of the file's courses (one query) and the rules, with the locked
        periods read once and held until the file commits."""
        self.sessions = {
            (s.course_id, s.activity.start, s.activity.centre_id): s
            for s in Session.objects.select_related("activity", "course").filter(
                course__in=self.column_values(dataset, "course")
            )
        }
        self.book = RuleBook(self.acting_user)
        self.book.hold()
        self.refused: dict[int, list] = {}
        self.completed_before: dict[int, bool] = {}

    def saved_by_key(self, keys):
        """The saved enrolments the rows change, with their session and trainee (one query)."""
        found = Enrolment.objects.filter(
            trainee__in={key[3] for key in keys}, session__course__in={key[0] for key in keys}
        ).select_related("session__activity", "session__course", "trainee")
        return {
            (
                e.session.course_id,
                e.session.activity.start,
                e.session.activity.centre_id,
                e.trainee_id,
            ): e
            for e in found
        }

    def saved_state(self, instance):
        self.completed_before[instance.pk] = instance.completed

    def complete(self, instance, values):
        """The row's session, found by course, first day and centre; the office's rules for
        it, checked once per session: a row may not write an enrolment of a locked mandate
        period, of another centre's session (programme staff) or of a settled activity."""
        session = self.sessions.get(
            (values["course"].pk, values["session_start"], values["centre"].pk)
        )
        if session is None:
            yield (
                "session_start",
                (
                    f"The course {values['course'].code} has no session starting on "
                    f"{values['session_start']:%d.%m.%Y} at {values['centre']}."
                ),
            )
            return
        instance.session = session
        if session.pk not in self.refused:
            placement = governed(Session).placement_of(session)
            self.refused[session.pk] = self.book.placement(
                governed(Enrolment), before=placement, after=placement
            )
        for violation in self.refused[session.pk]:
            yield RULE_COLUMN.get(violation.rule, ""), violation.message

    def after_save(self) -> None:
        """Certificates and instructors follow completion, as on the session's page."""
        enrolments_settle(
            acting_user=self.acting_user,
            enrolments=self.written,
            completed_before=self.completed_before,
            book=self.book,
        )

    # -- exporting ---------------------------------------------------------------------
    def get_queryset(self):
        return Enrolment.objects.select_related(
            "session__course", "session__activity__centre", "trainee"
        )

    def dehydrate_course(self, enrolment):
        return enrolment.session.course.code

    def dehydrate_session_start(self, enrolment):
        return enrolment.session.activity.start

    def dehydrate_centre(self, enrolment):
        return enrolment.session.activity.centre.code


IMPORTERS = [TraineeResource, EnrolmentResource]
