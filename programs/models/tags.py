"""Tags the UN's reporting asks results to carry: the Sustainable Development Goal targets
they serve (UN INFO tags outcomes with them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .geography import name_in_language


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
