"""What the office teaches (courses) and each time it is taught (sessions, held as activities)."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import Activity
from programs.models.geography import name_in_language

from ..querysets import CourseQuerySet, SessionQuerySet

CURRICULUM_EXTENSIONS = ["pdf", "docx", "odt", "doc"]
SESSION_KINDS = {Activity.Kind.TRAINING, Activity.Kind.SEMINAR}


class Course(models.Model):
    """A course the office teaches: its subject, audience, length and curriculum."""

    class Topic(models.TextChoices):
        HUMAN_RIGHTS = "human_rights", _("Human rights")
        CONFLICT_MANAGEMENT = "conflict_management", _("Conflict management")
        POLICING_STANDARDS = "policing_standards", _("International policing standards")
        PEACEKEEPING = "peacekeeping", _("Civilian policing and peacekeeping")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        TAJIK = "tg", _("Tajik")
        RUSSIAN = "ru", _("Russian")
        TAJIK_RUSSIAN = "tg_ru", _("Tajik and Russian")
        ENGLISH = "en", _("English")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_ru = models.CharField(
        _("title (Russian)"),
        max_length=300,
        blank=True,
        # Rows written by COPY (the synthetic data) name no translation.
        db_default="",
        help_text=_("The course's title as the Russian reports print it."),
    )
    title_tg = models.CharField(
        _("title (Tajik)"),
        max_length=300,
        blank=True,
        # Rows written by COPY (the synthetic data) name no translation.
        db_default="",
        help_text=_("The course's title in Tajik."),
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    audience = models.CharField(
        _("audience"),
        max_length=300,
        help_text=_("Who the course is for, e.g. police instructors."),
    )
    hours = models.PositiveSmallIntegerField(
        _("hours"), validators=[MinValueValidator(1, "A course lasts at least one hour.")]
    )
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    curriculum = models.FileField(
        _("curriculum"),
        upload_to="training/curricula/",
        blank=True,
        validators=[FileExtensionValidator(CURRICULUM_EXTENSIONS)],
        help_text=_("The curriculum document (PDF or office document)."),
    )
    certifies_instructors = models.BooleanField(
        _("certifies instructors"),
        default=False,
        help_text=_(
            "A train-the-trainer course: those who complete it become instructors "
            "whose own sessions count as the cascade's second generation."
        ),
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    @property
    def local_title(self) -> str:
        """The title in the reader's language, else in English."""
        return name_in_language(self.title, self.title_ru, self.title_tg)


class Session(models.Model):
    """One delivery of a course, held as a programs activity (which holds the head count)."""

    activity = models.OneToOneField(
        Activity,
        on_delete=models.PROTECT,
        related_name="training_session",
        help_text=_("The training or seminar activity; its participant counts are the figures."),
        verbose_name=_("activity"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("course")
    )
    trainers = models.ManyToManyField(
        "training.Trainee",
        blank=True,
        related_name="sessions_taught",
        help_text=_(
            "Certified instructors who taught it: the session is then second-generation "
            "reach of the cascade."
        ),
        verbose_name=_("trainers"),
    )
    other_trainers = models.CharField(
        _("other trainers"),
        max_length=300,
        blank=True,
        help_text=_("Trainers without a trainee record, e.g. the UNTOP civilian police adviser."),
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-activity__start", "-id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return str(self.activity)

    def clean(self) -> None:
        if self.activity_id and self.activity.kind not in SESSION_KINDS:
            raise ValidationError(
                {"activity": _("A session must be a training or a seminar activity.")}
            )
