"""Who took part, told apart by age and disability as well as by category and sex.

An activity's participant row (ParticipantCount) says how many women and men of one
category took part. A centre that records more adds a breakdown of that row: how many of
the women, and of the men, fell in each age band, with a disability or without (the
Washington Group's short set asks; "not recorded" when it was not asked). A breakdown is
whole or absent: its groups add up to the row's women and to its men (programs/rules.py,
``breakdown``). A row without one counts as "not recorded" in both dimensions, so the
figures need no guess and rows entered before breakdowns existed read the same.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .activities import ParticipantCount
from .geography import name_in_language


class Sex(models.TextChoices):
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")


class Disability(models.TextChoices):
    YES = "yes", _("With a disability")
    NO = "no", _("Without a disability")
    NOT_RECORDED = "unrecorded", _("Not recorded")


# "Not recorded" is no band: how a row, a column or a grid line without one is named.
AGE_NOT_RECORDED = _("Age not recorded")


class AgeBand(models.Model):
    """An age band participants are counted in. The office's bands are kept here (a migration
    adds under 18, 18–24, 25–59 and 60 and over); "not recorded" is no band."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name (English)"), max_length=40)
    name_ru = models.CharField(_("name (Russian)"), max_length=40, blank=True)
    name_tg = models.CharField(_("name (Tajik)"), max_length=40, blank=True)
    min_age = models.PositiveSmallIntegerField(_("from age"))
    max_age = models.PositiveSmallIntegerField(
        _("to age"), null=True, blank=True, help_text=_("Inclusive; empty for “and over”.")
    )

    class Meta:
        ordering = ["min_age"]
        verbose_name = _("age band")
        verbose_name_plural = _("age bands")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(max_age__gte=models.F("min_age")),
                name="age_band_in_order",
            ),
        ]

    def __str__(self) -> str:
        return name_in_language(self.name, self.name_ru, self.name_tg)

    def clean(self) -> None:
        if self.max_age is not None and self.max_age < self.min_age:
            raise ValidationError({"max_age": _("The band ends before it begins.")})
        top = self.max_age if self.max_age is not None else 1000
        overlapping = (
            AgeBand.objects.exclude(pk=self.pk)
            .filter(min_age__lte=top)
            .filter(Q(max_age__isnull=True) | Q(max_age__gte=self.min_age))
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {"min_age": _("The band overlaps “%(band)s”.") % {"band": overlapping}}
            )


# The office's bands, as the migration that added bands wrote them (code, English, Russian,
# Tajik, from age, to age); the loaders write them into a database emptied since.
DEFAULT_AGE_BANDS = [
    ("under-18", "Under 18", "До 18 лет", "То 18-сола", 0, 17),
    ("18-24", "18–24", "18–24 года", "18–24-сола", 18, 24),
    ("25-59", "25–59", "25–59 лет", "25–59-сола", 25, 59),
    ("60-plus", "60 and over", "60 лет и старше", "60-сола ва калонтар", 60, None),
]


def ensure_default_age_bands() -> None:
    """Write the default bands when there are none (a database emptied since migrating)."""
    if AgeBand.objects.exists():
        return
    AgeBand.objects.bulk_create(
        AgeBand(code=code, name=en, name_ru=ru, name_tg=tg, min_age=low, max_age=high)
        for code, en, ru, tg, low, high in DEFAULT_AGE_BANDS
    )


class ParticipantGroup(models.Model):
    """How many of a participant row's women or men were of one age band and disability."""

    count = models.ForeignKey(
        ParticipantCount,
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("participant count"),
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    age_band = models.ForeignKey(
        AgeBand,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("age band"),
        help_text=_("Empty: age not recorded."),
    )
    disability = models.CharField(
        _("disability"),
        max_length=10,
        choices=Disability.choices,
        default=Disability.NOT_RECORDED,
    )
    number = models.PositiveIntegerField(_("number"))

    class Meta:
        ordering = ["count", "sex", "age_band__min_age", "disability"]
        verbose_name = _("participant group")
        verbose_name_plural = _("participant groups")
        constraints = [
            models.UniqueConstraint(
                fields=["count", "sex", "age_band", "disability"],
                condition=Q(age_band__isnull=False),
                name="one_group_per_band",
            ),
            models.UniqueConstraint(
                fields=["count", "sex", "disability"],
                condition=Q(age_band__isnull=True),
                name="one_group_without_band",
            ),
        ]

    def __str__(self) -> str:
        band = self.age_band or _("age not recorded")
        return f"{self.get_sex_display()}, {band}, {self.get_disability_display()}: {self.number}"
