"""Tags the UN's reporting asks results to carry: the Sustainable Development Goal targets
they serve (UN INFO tags outcomes with them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .geography import name_in_language

# The targets of Goals 16 and 5 the office's work serves (English and Russian as the UN
# words them; the Tajik titles are left to the back office), as a migration adds them.
DEFAULT_SDG_TARGETS = [
    (
        "5.5",
        "Ensure women's full and effective participation and equal opportunities for "
        "leadership at all levels of decision-making in political, economic and public life",
        "Обеспечить всестороннее и реальное участие женщин и равные для них возможности для "
        "лидерства на всех уровнях принятия решений в политической, экономической и "
        "общественной жизни",
    ),
    (
        "16.1",
        "Significantly reduce all forms of violence and related death rates everywhere",
        "Значительно сократить распространенность всех форм насилия и обусловленную им "
        "смертность во всем мире",
    ),
    (
        "16.3",
        "Promote the rule of law at the national and international levels and ensure equal "
        "access to justice for all",
        "Содействовать верховенству права на национальном и международном уровнях и "
        "обеспечить всем равный доступ к правосудию",
    ),
    (
        "16.6",
        "Develop effective, accountable and transparent institutions at all levels",
        "Создать эффективные, подотчетные и прозрачные учреждения на всех уровнях",
    ),
    (
        "16.7",
        "Ensure responsive, inclusive, participatory and representative decision-making at "
        "all levels",
        "Обеспечить ответственный, всеохватный, основанный на широком участии и "
        "представительный процесс принятия решений на всех уровнях",
    ),
    (
        "16.10",
        "Ensure public access to information and protect fundamental freedoms, in "
        "accordance with national legislation and international agreements",
        "Обеспечить доступ общественности к информации и защитить основные свободы в "
        "соответствии с национальным законодательством и международными соглашениями",
    ),
    (
        "16.a",
        "Strengthen relevant national institutions, including through international "
        "cooperation, for building capacity at all levels, in particular in developing "
        "countries, to prevent violence and combat terrorism and crime",
        "Укреплять соответствующие национальные учреждения, в том числе на основе "
        "международного сотрудничества, в целях наращивания на всех уровнях, в частности в "
        "развивающихся странах, потенциала в области предотвращения насилия и борьбы с "
        "терроризмом и преступностью",
    ),
]


class SdgTarget(models.Model):
    """A target of the Sustainable Development Goals, such as 16.1 ("Significantly reduce all
    forms of violence…"). A migration adds the targets of Goals 16 and 5 the office's work
    serves; an administrator may add others."""

    code = models.CharField(
        _("target"), max_length=10, unique=True, help_text=_("As the UN numbers it: 16.1, 5.5…")
    )
    title = models.CharField(_("title (English)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_tg = models.CharField(_("title (Tajik)"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return f"{self.code} {name_in_language(self.title, self.title_ru, self.title_tg)}"

    @property
    def goal(self) -> int:
        return int(self.code.split(".")[0])

    @property
    def order(self) -> tuple:
        """The UN's order of the targets: by goal, then 16.1 … 16.10 before 16.a (the codes'
        text order would put 16.10 before 16.3)."""
        goal, _, number = self.code.partition(".")
        goal_key = (0, int(goal), "") if goal.isdigit() else (1, 0, goal)
        return (goal_key, (0, int(number), "") if number.isdigit() else (1, 0, number))

    @staticmethod
    def in_un_order(targets) -> list["SdgTarget"]:
        return sorted(targets, key=lambda target: target.order)


def ensure_default_sdg_targets() -> None:
    """Write the default targets when there are none (a database emptied since migrating)."""
    if SdgTarget.objects.exists():
        return
    SdgTarget.objects.bulk_create(
        SdgTarget(code=code, title=title, title_ru=title_ru)
        for code, title, title_ru in DEFAULT_SDG_TARGETS
    )
