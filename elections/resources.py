"""Import and export of the recommendations of UN electoral needs-assessment missions, copied
from the mission's report: one row per numbered recommendation, the mission named by its
title and first day (natural keys, never ids)."""

from __future__ import annotations

from programs.resources import RuleCheckedResource
from untop.imports.resources import Field, key_part
from untop.imports.widgets import ChoiceWidget, CountWidget, DateWidget, TextWidget

from .models import NeedsAssessmentMission, Recommendation


class NumberWidget(CountWidget):
    """A recommendation's number: 1, 2, 3, …"""

    def clean(self, value, row=None, **kwargs):
        try:
            number = super().clean(value)
        except ValueError:
            number = 0
        if number == 0:
            raise ValueError(f"“{value}” is not a recommendation number (1, 2, 3, …).")
        return number


class MissionRecommendationResource(RuleCheckedResource):
    """No rule of the office reaches a recommendation (its follow-up goes on after the
    mission's period is locked); as a RuleCheckedResource, a rule declared for it later
    (programs.rules.govern) is checked per row."""

    key, label = "mission-recommendations", "Election mission recommendations"
    permission = "elections.add_recommendation"
    description = (
        "One row per numbered recommendation of a needs-assessment mission, named by the "
        "mission's title and first day. A number already saved changes that recommendation."
    )

    mission = Field(
        "mission__title",
        "mission",
        TextWidget(200),
        readonly=True,
        help_text="The mission's title.",
    )
    mission_start = Field(
        "mission__start",
        "mission_start",
        DateWidget(),
        readonly=True,
        help_text="The mission's first day.",
    )
    number = Field(
        "number", widget=NumberWidget(), help_text="The recommendation's number.", example="3"
    )
    text = Field("text", widget=TextWidget(20_000), help_text="What the mission recommended.")
    owner = Field(
        "owner", widget=TextWidget(200), help_text="Who is responsible for the follow-up."
    )
    follow_up = Field(
        "follow_up",
        widget=ChoiceWidget(Recommendation.FollowUp.choices),
        required=False,
        saves_null_values=False,
        help_text="open, in_progress, implemented or not_implemented.",
    )
    follow_up_note = Field(
        "follow_up_note",
        widget=TextWidget(20_000),
        required=False,
        saves_null_values=False,
        help_text="How far it has been followed up.",
    )

    class Meta:
        model = Recommendation
        fields = (
            "mission",
            "mission_start",
            "number",
            "text",
            "owner",
            "follow_up",
            "follow_up_note",
        )
        import_id_fields = ("mission", "mission_start", "number")

    def prepare(self, dataset) -> None:
        """The missions that began on the file's days (one query)."""
        super().prepare(dataset)
        self.missions = {
            (key_part(mission.title), mission.start): mission
            for mission in NeedsAssessmentMission.objects.filter(
                start__in=self.column_values(dataset, "mission_start")
            )
        }

    def saved_by_key(self, keys):
        found = Recommendation.objects.filter(
            mission__start__in={key[1] for key in keys}
        ).select_related("mission")
        return {(key_part(r.mission.title), r.mission.start, r.number): r for r in found}

    def complete(self, instance, values):
        mission = self.missions.get((key_part(values["mission"]), values["mission_start"]))
        if mission is None:
            yield (
                "mission",
                (f"No mission “{values['mission']}” began on {values['mission_start']:%d.%m.%Y}."),
            )
        else:
            instance.mission = mission

    def get_queryset(self):
        return Recommendation.objects.select_related("mission")


IMPORTERS = [MissionRecommendationResource]
