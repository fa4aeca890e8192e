"""The people trained (personal data) and their enrolment in sessions."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, Region
from untop.choices import ChoiceLabels

from ..querysets import EnrolmentQuerySet, TraineeQuerySet

SCORE_VALIDATORS = [MaxValueValidator(100, "A score is out of 100.")]


class Trainee(ChoiceLabels):
    """A person trained by the office. Personal data: shown only with training.view_trainee."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    organisation = models.CharField(
        _("organisation"), max_length=200, help_text=_("e.g. Ministry of the Interior.")
    )
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    position = models.CharField(_("position or rank"), max_length=150, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainees",
        verbose_name=_("region"),
    )
    personnel_number = models.CharField(
        _("personnel number"),
        max_length=30,
        blank=True,
        help_text=_("The employer's personnel number, where there is one."),
    )
    instructor_certified_on = models.DateField(
        _("instructor certified on"),
        null=True,
        blank=True,
        help_text=_("Set when the trainee completes a train-the-trainer course."),
    )
    is_illustrative = models.BooleanField(
        _("is illustrative"),
        default=False,
        help_text=_("Demo data: an invented person, not a real trainee."),
    )

    objects = TraineeQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        permissions = [("merge_trainee", "Can merge duplicate trainee records")]
        constraints = [
            models.UniqueConstraint(
                fields=["personnel_number"],
                condition=~Q(personnel_number=""),
                name="trainee_personnel_number_unique",
                violation_error_message="Another trainee already has this personnel number: "
                "open that record, or merge the two.",
            ),
        ]
        indexes = [
            # Names in any case, and the possible duplicates (same name and date of birth)
            # in order, a page of them at a time.
            models.Index(
                Lower("family_name"),
                Lower("given_name"),
                "date_of_birth",
                name="trainee_name_born",
            ),
            # The back office's list order, and the instructors (few among many trainees).
            models.Index(fields=["family_name", "given_name", "id"], name="trainee_list_order"),
            models.Index(fields=["instructor_certified_on"], name="trainee_instructor_since"),
            # The instructors in name order, as a session's trainers are offered: the first
            # hundred without walking the other trainees' names.
            models.Index(
                fields=["family_name", "given_name", "id"],
                condition=Q(instructor_certified_on__isnull=False),
                name="trainee_instructors_by_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_name}"

    @property
    def is_instructor(self) -> bool:
        return self.instructor_certified_on is not None

    def clean(self) -> None:
        self.personnel_number = self.personnel_number.strip().upper()
        self.family_name, self.given_name = self.family_name.strip(), self.given_name.strip()
        certified, born = self.instructor_certified_on, self.date_of_birth
        if certified and born and certified <= born:
            raise ValidationError(
                {"instructor_certified_on": _("Certification must come after birth.")}
            )


class Enrolment(models.Model):
    """A trainee's place in a session: attendance, completion, test scores, certificate."""

    session = models.ForeignKey(
        "training.Session",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("session"),
    )
    trainee = models.ForeignKey(
        Trainee, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("trainee")
    )
    attended = models.BooleanField(_("attended"), default=False)
    completed = models.BooleanField(_("completed"), default=False)
    pre_score = models.PositiveSmallIntegerField(
        _("pre-test score"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    post_score = models.PositiveSmallIntegerField(
        _("post-test score"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    certificate_number = models.CharField(
        _("certificate number"), max_length=40, blank=True, editable=False
    )
    certificate_issued_on = models.DateField(
        _("certificate issued on"), null=True, blank=True, editable=False
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["trainee__family_name", "trainee__given_name", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee"],
                name="one_enrolment_per_trainee_session",
                violation_error_message="This trainee is already enrolled in the session.",
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="certificate_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(completed=False) | Q(attended=True),
                name="enrolment_completed_only_if_attended",
            ),
            models.CheckConstraint(
                condition=Q(pre_score__isnull=True) | Q(pre_score__lte=100),
                name="enrolment_pre_score_out_of_100",
            ),
            models.CheckConstraint(
                condition=Q(post_score__isnull=True) | Q(post_score__lte=100),
                name="enrolment_post_score_out_of_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} in {self.session}"

    def clean(self) -> None:
        errors = {}
        if self.completed and not self.attended:
            errors["completed"] = "A trainee who did not attend cannot complete the course."
        for name in ("pre_score", "post_score"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                errors[name] = "A score is out of 100: enter a number from 0 to 100."
        marked = self.attended or self.completed
        if marked and self.session_id and self.session.activity.status != Activity.Status.HELD:
            errors["attended"] = "Attendance is recorded only once the session has been held."
        if errors:
            raise ValidationError(errors)
