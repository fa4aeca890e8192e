"""Where the office works: regions, districts and the office's centres."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def reader_translation() -> str | None:
    """The active language when the portal keeps names translated into it ("ru", "tg":
    the ``_ru`` and ``_tg`` fields); None for English."""
    language = (get_language() or "en").split("-")[0]
    return language if language in ("ru", "tg") else None


def read_in_language(field: str) -> F | Coalesce:
    """``field`` as the reader reads it, to order by: its ``_ru`` or ``_tg`` column in those
    languages where given, else the English one (the order of `name_in_language`'s names).
    Call it with the reader's language active."""
    language = reader_translation()
    return Coalesce(NullIf(f"{field}_{language}", Value("")), field) if language else F(field)


def name_in_language(english: str, russian: str, tajik: str) -> str:
    """The name in the active language (Russian or Tajik), else the English one."""
    translated = {"ru": russian, "tg": tajik}.get(reader_translation() or "", "")
    return translated or english


class NamedInThreeLanguages(models.Model):
    """Reference data named in English, Russian and Tajik."""

    name_en = models.CharField(_("name (English)"), max_length=150)
    name_ru = models.CharField(_("name (Russian)"), max_length=150, blank=True)
    name_tg = models.CharField(_("name (Tajik)"), max_length=150, blank=True)

    class Meta:
        abstract = True
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the language the portal speaks to the user (English if not given)."""
        return name_in_language(self.name_en, self.name_ru, self.name_tg)


class Region(NamedInThreeLanguages):
    """A first-level division of Tajikistan, keyed by its ISO 3166-2 code."""

    code = models.CharField(
        _("ISO 3166-2 code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^TJ-[A-Z]{2}$", _("Use an ISO 3166-2 code such as TJ-SU."))],
    )

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class District(NamedInThreeLanguages):
    """A district (nohiya) or town of a region; activities may name the one they were held in."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="districts", verbose_name=_("region")
    )
    former_name = models.CharField(
        _("former name"),
        max_length=150,
        blank=True,
        help_text=_("The name in use in the 2000s, if it has changed."),
    )

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(fields=["region", "name_en"], name="district_unique_in_region")
        ]


def _degrees(limit: int, message: str) -> list:
    """Validators keeping a coordinate within ±limit degrees, each refusal in ``message``."""
    return [
        MinValueValidator(Decimal(-limit), message=message),
        MaxValueValidator(Decimal(limit), message=message),
    ]


class Centre(models.Model):
    """One of the office's centres around the country; staff belong to a home centre."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    name_tg = models.CharField(_("name (Tajik)"), max_length=100, blank=True)
    town = models.CharField(_("town"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="centres", verbose_name=_("region")
    )
    # Where the centre is, in decimal degrees (WGS 84), for the dashboard's map; a centre
    # without them is listed in the tables and left off the map.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=_degrees(
            90, _("The latitude is in degrees between -90 and 90 (north positive), e.g. 40.28.")
        ),
        help_text=_("Decimal degrees, north positive, e.g. 40.28 for Khujand."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=_degrees(
            180,
            _("The longitude is in degrees between -180 and 180 (east positive), e.g. 69.62."),
        ),
        help_text=_("Decimal degrees, east positive, e.g. 69.62 for Khujand."),
    )
    is_head_office = models.BooleanField(_("is head office"), default=False)
    is_illustrative = models.BooleanField(
        _("is illustrative"),
        default=False,
        help_text=_("Demo data whose real counterpart is not known."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self) -> str:
        return self.local_name

    def clean(self) -> None:
        """A position needs both coordinates: one alone is refused, naming the other."""
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError(
                {missing: _("Give the latitude and the longitude together, or neither.")}
            )

    @property
    def local_name(self) -> str:
        """The name in the language the portal speaks to the user (English if not given)."""
        return name_in_language(self.name, self.name_ru, self.name_tg)
