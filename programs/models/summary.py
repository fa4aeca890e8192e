"""The programme's figures kept summed per month, so that no page sums every activity.

Rows are derived data: programs/summary.py writes them (from the activities and their
participant rows, in the same transaction as every write that changes a counted figure) and
`manage.py rebuild_summaries` writes them all again. Only counted activities (held and
approved) are in them. Nobody edits them by hand.

Women and men are columns, as in the participant rows they sum; the breakdowns by age band
and disability, recorded for some rows only, have their own table (GroupSummary).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .activities import ParticipantCategory
from .geography import Centre, Region
from .projects import MandateArea, Project


class ActivitySummary(models.Model):
    """Counted activities and their participants of one month, centre, region (the
    district's when the activity names one, else its centre's), mandate area and type."""

    month = models.DateField(_("month"), help_text=_("Its first day."))
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="summaries", verbose_name=_("centre")
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="summaries", verbose_name=_("region")
    )
    area = models.CharField(_("mandate area"), max_length=20, choices=MandateArea.choices)
    kind = models.CharField(_("type"), max_length=20)
    activities = models.PositiveIntegerField(_("activities"))
    women = models.PositiveIntegerField(_("women"))
    men = models.PositiveIntegerField(_("men"))
    # The first and last day an activity of the row began (the dialogue page shows them).
    first_start = models.DateField(_("first start"))
    last_start = models.DateField(_("last start"))

    class Meta:
        verbose_name = _("activity summary")
        verbose_name_plural = _("activity summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "area", "kind", "centre", "region"],
                name="one_activity_summary_per_key",
            ),
        ]
        # A mandate area's and type's rows over the whole history (the dialogue page).
        indexes = [models.Index(fields=["area", "kind", "month"], name="activity_summary_area")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.area} {self.kind}: {self.activities}"


class ParticipantSummary(models.Model):
    """Participants of counted activities of one month, mandate area and type, by category."""

    month = models.DateField(_("month"), help_text=_("Its first day."))
    area = models.CharField(_("mandate area"), max_length=20, choices=MandateArea.choices)
    kind = models.CharField(_("type"), max_length=20)
    category = models.ForeignKey(
        ParticipantCategory,
        on_delete=models.CASCADE,
        related_name="summaries",
        verbose_name=_("category"),
    )
    women = models.PositiveIntegerField(_("women"))
    men = models.PositiveIntegerField(_("men"))

    class Meta:
        verbose_name = _("participant summary")
        verbose_name_plural = _("participant summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "area", "kind", "category"],
                name="one_participant_summary_per_key",
            ),
        ]
        indexes = [models.Index(fields=["area", "kind", "month"], name="participant_summary_area")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.area} {self.kind} {self.category_id}"


class ProjectSummary(models.Model):
    """Counted activities of one month, project and type, with their participants (the
    results framework's actuals and the letter's paragraphs per project read them)."""

    month = models.DateField(_("month"), help_text=_("Its first day."))
    # Indexed with the month below (a project's months, read by the indicators).
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="summaries",
        db_index=False,
        verbose_name=_("project"),
    )
    # The project's, kept here so that a write's refresh finds its rows by area.
    area = models.CharField(_("mandate area"), max_length=20, choices=MandateArea.choices)
    kind = models.CharField(_("type"), max_length=20)
    activities = models.PositiveIntegerField(_("activities"))
    women = models.PositiveIntegerField(_("women"))
    men = models.PositiveIntegerField(_("men"))

    class Meta:
        verbose_name = _("project summary")
        verbose_name_plural = _("project summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "area", "kind", "project"], name="one_project_summary_per_key"
            ),
        ]
        indexes = [models.Index(fields=["project", "month"], name="project_summary_months")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.project_id} {self.kind}: {self.activities}"


class ProjectParticipantSummary(models.Model):
    """Participants of counted activities of one month and project, by category."""

    month = models.DateField(_("month"), help_text=_("Its first day."))
    # Indexed with the month below (a project's months, read by the indicators).
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="participant_summaries",
        db_index=False,
        verbose_name=_("project"),
    )
    area = models.CharField(_("mandate area"), max_length=20, choices=MandateArea.choices)
    category = models.ForeignKey(
        ParticipantCategory,
        on_delete=models.CASCADE,
        related_name="project_summaries",
        verbose_name=_("category"),
    )
    women = models.PositiveIntegerField(_("women"))
    men = models.PositiveIntegerField(_("men"))

    class Meta:
        verbose_name = _("project participant summary")
        verbose_name_plural = _("project participant summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "area", "project", "category"],
                name="one_project_participant_summary_per_key",
            ),
        ]
        indexes = [models.Index(fields=["project", "month"], name="project_participant_months")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.project_id} {self.category_id}"


class GroupSummary(models.Model):
    """The recorded breakdowns (programs/models/groups.py) of counted activities' participant
    rows, per month, mandate area and type, by sex, age band and disability: a few dozen rows
    a month, for the dashboard. Rows without a breakdown are not here: their people are the
    "not recorded" remainder, the participant summaries' total less these. (Per project and
    category, for indicators and donor reports, they are summed from the breakdowns of the
    project's activities.)"""

    month = models.DateField(_("month"), help_text=_("Its first day."))
    area = models.CharField(_("mandate area"), max_length=20, choices=MandateArea.choices)
    kind = models.CharField(_("type"), max_length=20)
    sex = models.CharField(_("sex"), max_length=10)
    age_band = models.ForeignKey(
        "programs.AgeBand",
        on_delete=models.CASCADE,
        null=True,
        related_name="summaries",
        verbose_name=_("age band"),
    )
    disability = models.CharField(_("disability"), max_length=10)
    number = models.PositiveIntegerField(_("number"))

    class Meta:
        verbose_name = _("participant group summary")
        verbose_name_plural = _("participant group summaries")
        indexes = [models.Index(fields=["area", "kind", "month"], name="group_summary_area")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.area} {self.kind} {self.sex}"
