"""The office's projects and the national institutions it works with."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from untop.choices import ChoiceLabels

from ..currencies import CURRENCY_CHOICES
from ..querysets import ProjectQuerySet
from .geography import Centre, name_in_language


class MandateArea(models.TextChoices):
    NATIONAL_DIALOGUE = "dialogue", _("National dialogue")
    ELECTIONS = "elections", _("Elections assistance")
    CONFLICT_PREVENTION = "conflict", _("Conflict prevention training")
    POLICE_REFORM = "police", _("Police reform")
    HUMAN_RIGHTS = "human_rights", _("Human rights")


class GenderMarker(models.IntegerChoices):
    """The UN gender equality marker: how far a piece of work serves gender equality, as UN
    INFO and the donors' reports ask it to be rated."""

    NOT_EXPECTED = 0, _("0 – not expected to contribute to gender equality")
    LIMITED = 1, _("1 – limited contribution to gender equality")
    SIGNIFICANT = 2, _("2 – significant contribution to gender equality")
    PRINCIPAL = 3, _("3 – gender equality is the principal objective")


class HumanRightsMarker(models.IntegerChoices):
    """The human-rights marker, on the gender marker's 0–3 scale."""

    NOT_EXPECTED = 0, _("0 – not expected to contribute to human rights")
    LIMITED = 1, _("1 – limited contribution to human rights")
    SIGNIFICANT = 2, _("2 – significant contribution to human rights")
    PRINCIPAL = 3, _("3 – human rights are the principal objective")


class Partner(models.Model):
    """A national institution the office works with: a ministry, a commission, a party, …"""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government body")
        PARLIAMENT = "parliament", _("Parliament")
        JUDICIARY = "judiciary", _("Judiciary")
        PARTY = "party", _("Political party")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
        ACADEMIC = "academic", _("Academic institution")
        MEDIA = "media", _("Media")
        INTERNATIONAL = "international", _("International organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_tg = models.CharField(_("name (Tajik)"), max_length=200, blank=True, db_default="")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the language the portal speaks to the user (as registered, in English,
        where that one is not given). Files, reports' data and the API keep ``name``."""
        return name_in_language(self.name, self.name_ru, self.name_tg)


class Project(ChoiceLabels):
    """A funded project of the office in one mandate area."""

    Area = MandateArea
    GenderMarker = GenderMarker
    HumanRightsMarker = HumanRightsMarker

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_ru = models.CharField(
        _("title (Russian)"),
        max_length=300,
        blank=True,
        # Rows written by COPY (the synthetic data, the importers) name no translation.
        db_default="",
        help_text=_("The project's title as the Russian reports print it."),
    )
    title_tg = models.CharField(
        _("title (Tajik)"),
        max_length=300,
        blank=True,
        # Rows written by COPY (the synthetic data, the importers) name no translation.
        db_default="",
        help_text=_("The project's title in Tajik."),
    )
    letter_phrase = models.CharField(
        _("letter phrase"),
        max_length=300,
        blank=True,
        # Rows written by COPY (the synthetic data, the importers) name no phrase.
        db_default="",
        help_text=_(
            "How the Secretary-General's letter names the project's work in a clause, e.g. "
            "“a technical assistance project for the presidential elections to be held in "
            "November 2006”, “the establishment of the institution of a National Human Rights "
            "Ombudsman”. Without it, the letter prints the title."
        ),
    )
    letter_phrase_ru = models.CharField(
        _("letter phrase (Russian)"),
        max_length=300,
        blank=True,
        # Rows written by COPY (the synthetic data, the importers) name no phrase.
        db_default="",
        help_text=_(
            "The same clause in Russian, in the nominative case, as the Russian letter lists "
            "it: «создание института Уполномоченного по правам человека». A final Russian "
            "letter that names the project is not built without it."
        ),
    )
    letter_phrase_tg = models.CharField(
        _("letter phrase (Tajik)"),
        max_length=300,
        blank=True,
        # Rows written by COPY (the synthetic data, the importers) name no phrase.
        db_default="",
        help_text=_("The same clause in Tajik, in the nominative case."),
    )
    area = models.CharField(_("mandate area"), max_length=20, choices=MandateArea.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    # The current budget revision's total in US$, kept by programs.budgets.budget_revise.
    budget_usd = models.DecimalField(
        _("budget (US$)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        editable=False,
    )
    currency = models.CharField(
        _("budget currency (ISO 4217)"),
        max_length=3,
        choices=CURRENCY_CHOICES,
        default="USD",
        # Rows written by COPY (the synthetic data, the importers) name no currency.
        db_default="USD",
        help_text=_("The currency the donor agreement states the budget in."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Empty until someone rates the project: a project not rated is not a 0 ("not expected to
    # contribute"), and the reports say so.
    gender_marker = models.IntegerField(
        _("gender marker"),
        choices=GenderMarker.choices,
        null=True,
        blank=True,
        help_text=_(
            "The UN gender equality marker, 0 to 3: how far the project serves gender "
            "equality. Leave empty until it is rated."
        ),
    )
    human_rights_marker = models.IntegerField(
        _("human rights marker"),
        choices=HumanRightsMarker.choices,
        null=True,
        blank=True,
        help_text=_("The same 0 to 3 scale for human rights. Leave empty until it is rated."),
    )
    iati_published = models.BooleanField(
        _("published to IATI"),
        default=False,
        # Rows written by COPY (the synthetic data) are not published.
        db_default=False,
        help_text=_(
            "Include this project in the office's IATI activity file (managers choose which "
            "projects the donors and the public see)."
        ),
    )
    centres = models.ManyToManyField(
        Centre, blank=True, related_name="projects", verbose_name=_("centres")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="projects", verbose_name=_("national partners")
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="project_end_not_before_start"
            ),
        ]
        indexes = [models.Index(fields=["area"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def local_title(self) -> str:
        """The title in the reader's language, else in English."""
        return name_in_language(self.title, self.title_ru, self.title_tg)

    def clean(self) -> None:
        from ..rules import ensure_dates_in_order

        ensure_dates_in_order(self.start, self.end)
        # A budget's revisions are all in one currency, as the donor agreement states it:
        # once there is a budget, its currency stays (a revision converts its lines anew).
        if self.pk is not None:
            saved = self.budget_revisions.values_list("currency", flat=True).first()
            if saved is not None and saved != self.currency:
                raise ValidationError(
                    {
                        "currency": _(
                            "The project's budget is in %(currency)s: its currency cannot "
                            "change once it has a budget."
                        )
                        % {"currency": saved}
                    }
                )
