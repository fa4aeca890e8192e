"""The office and its work: where it works, who funds it, what it did and who took part."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from .currencies import CURRENCY_CHOICES
from .querysets import ActivityQuerySet, ParticipantCountQuerySet


class Region(models.Model):
    """A first-level division of Tajikistan, keyed by its ISO 3166-2 code."""

    code = models.CharField(
        "ISO 3166-2 code",
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^TJ-[A-Z]{2}$", "Use an ISO 3166-2 code such as TJ-SU.")],
    )
    name_en = models.CharField("name (English)", max_length=100)
    name_ru = models.CharField("name (Russian)", max_length=100, blank=True)
    name_tg = models.CharField("name (Tajik)", max_length=100, blank=True)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en


class Centre(models.Model):
    """One of the office's centres around the country; staff belong to a home centre."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=100, unique=True)
    town = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="centres")
    is_head_office = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PortalUserManager(UserManager):
    def get_queryset(self) -> models.QuerySet:
        # Every page names the signed-in user's centre: load it with the user.
        return super().get_queryset().select_related("home_centre")


class User(AbstractUser):
    """A person who signs in to the portal. Their role is their group; staff have a centre."""

    home_centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text="Programme staff enter and edit the activities of this centre only.",
    )

    objects = PortalUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Donor(models.Model):
    """A government, multilateral body or foundation that funds the office's projects."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government"
        MULTILATERAL = "multilateral", "Multilateral"
        FOUNDATION = "foundation", "Foundation"

    code = models.SlugField(
        max_length=30, unique=True, help_text="Short code used in report requests, e.g. NOR."
    )
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.CharField(
        "country (ISO 3166-1 alpha-2)",
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use a two-letter country code such as NO.")],
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A funded project of the office in one mandate area."""

    class Area(models.TextChoices):
        NATIONAL_DIALOGUE = "dialogue", "National dialogue"
        ELECTIONS = "elections", "Elections assistance"
        CONFLICT_PREVENTION = "conflict", "Conflict prevention training"
        POLICE_REFORM = "police", "Police reform"
        HUMAN_RIGHTS = "human_rights", "Human rights"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    code = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=300)
    area = models.CharField("mandate area", max_length=20, choices=Area.choices)
    start = models.DateField()
    end = models.DateField()
    budget_usd = models.DecimalField(
        "budget (US$)",
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    centres = models.ManyToManyField(Centre, blank=True, related_name="projects")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="project_end_not_before_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The project cannot end before it starts."})


class Pledge(models.Model):
    """A donor's promise of money, for one project or unearmarked."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="pledges")
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        help_text="Leave empty for an unearmarked pledge.",
    )
    pledged_on = models.DateField("date pledged")
    amount = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(
        "currency (ISO 4217)", max_length=3, choices=CURRENCY_CHOICES, default="USD"
    )
    amount_usd = models.DecimalField(
        "US$ equivalent",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="At the exchange rate of the pledge date.",
    )

    class Meta:
        ordering = ["-pledged_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(condition=Q(amount_usd__gt=0), name="pledge_usd_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.donor}: {self.amount:,.2f} {self.currency}"


class ParticipantCategory(models.Model):
    """Who took part, as the office counts it: government officials, educators, …"""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "participant categories"

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """Something the office did: a meeting, a seminar, a training, … at one centre."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        SEMINAR = "seminar", "Seminar"
        CONFERENCE = "conference", "Conference"
        TRAINING = "training", "Training"
        BRIEFING = "briefing", "Briefing"
        PUBLICATION = "publication", "Publication"
        ADVISORY = "advisory", "Advisory"
        MONITORING_VISIT = "monitoring", "Monitoring visit"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    start = models.DateField()
    end = models.DateField()
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="activities")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    narrative = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activities_created",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name_plural = "activities"
        permissions = [
            ("change_activity_any_centre", "Can enter and edit activities of every centre"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="activity_end_not_before_start"
            ),
        ]
        indexes = [models.Index(fields=["centre", "start"]), models.Index(fields=["start"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = "The activity cannot end before it starts."
        if self.project_id and self.start and self.end:
            project = self.project
            if self.start < project.start or self.end > project.end:
                errors.setdefault(
                    "start",
                    f"The activity must fall within its project "
                    f"({project.start:%d %b %Y} – {project.end:%d %b %Y}).",
                )
        if errors:
            raise ValidationError(errors)


class ParticipantCount(models.Model):
    """How many women and men of one category took part in an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    category = models.ForeignKey(
        ParticipantCategory, on_delete=models.PROTECT, related_name="counts"
    )
    women = models.PositiveIntegerField(default=0)
    men = models.PositiveIntegerField(default=0)

    objects = ParticipantCountQuerySet.as_manager()

    class Meta:
        ordering = ["category__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "category"], name="one_count_per_activity_category"
            ),
            models.CheckConstraint(
                condition=Q(women__gte=0) & Q(men__gte=0), name="participant_counts_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.women} women, {self.men} men"

    @property
    def total(self) -> int:
        return self.women + self.men
