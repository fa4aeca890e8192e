"""Police training abroad and the Interior Ministry bulletin, each held as an activity."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import Activity


class StudyVisit(models.Model):
    """Training or a study visit abroad; the activity holds the dates and the head count."""

    activity = models.OneToOneField(
        Activity, on_delete=models.PROTECT, related_name="study_visit", verbose_name=_("activity")
    )
    host_country = models.CharField(
        _("host country (ISO 3166-1 alpha-2)"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter country code such as AT."))],
    )
    host_institution = models.CharField(_("host institution"), max_length=300)
    subject = models.CharField(_("subject"), max_length=300)
    participants = models.ManyToManyField(
        "training.Trainee", blank=True, related_name="study_visits", verbose_name=_("participants")
    )
    is_illustrative = models.BooleanField(
        _("is illustrative"),
        default=False,
        help_text=_("Demo data whose real counterpart is not known."),
    )

    class Meta:
        ordering = ["-activity__start"]
        verbose_name = _("study visit")
        verbose_name_plural = _("study visits")

    def __str__(self) -> str:
        return f"{self.subject} ({self.host_institution})"

    def clean(self) -> None:
        if self.activity_id and self.activity.kind != Activity.Kind.TRAINING:
            raise ValidationError({"activity": _("A study visit must be a training activity.")})


class BulletinIssue(models.Model):
    """An issue of the Ministry of the Interior bulletin, published with the office's help."""

    activity = models.OneToOneField(
        Activity,
        on_delete=models.PROTECT,
        related_name="bulletin_issue",
        help_text=_("The publication activity; its date is the issue's date."),
        verbose_name=_("activity"),
    )
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    print_run = models.PositiveIntegerField(_("print run"), help_text=_("Copies printed."))
    copies_distributed = models.PositiveIntegerField(_("copies distributed"), default=0)
    distribution = models.TextField(
        _("distribution"),
        blank=True,
        help_text=_("Where the copies went: police departments, academies, …"),
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("bulletin issue")
        verbose_name_plural = _("bulletin issues")

    def __str__(self) -> str:
        return f"Bulletin no. {self.number}"

    def clean(self) -> None:
        errors = {}
        if self.activity_id and self.activity.kind != Activity.Kind.PUBLICATION:
            errors["activity"] = "A bulletin issue must be a publication activity."
        if (
            self.print_run is not None
            and self.copies_distributed is not None
            and self.copies_distributed > self.print_run
        ):
            errors["copies_distributed"] = "More copies cannot be distributed than were printed."
        if self.number == 0:
            errors["number"] = "Issues are numbered from 1."
        if errors:
            raise ValidationError(errors)
