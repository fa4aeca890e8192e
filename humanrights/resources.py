"""Import and export of the recommendations of the UN human-rights mechanisms, copied from
their documents: one row per paragraph, the document named by its symbol. Monitoring notes
are confidential and have no import or export."""

from __future__ import annotations

from programs.models import SdgTarget
from programs.resources import RuleCheckedResource
from untop.imports.resources import Field
from untop.imports.widgets import CachedForeignKeyWidget, ChoiceWidget, DateWidget, TextWidget

from .models import Document, Recommendation, Theme


class RecordsWidget(CachedForeignKeyWidget):
    """Records named by their key and separated by ";", each found among the records loaded
    once; an unknown one refuses the cell, naming it."""

    def clean(self, value, row=None, **kwargs):
        keys = TextWidget(2000).clean(value) or ""
        find = super().clean
        return [find(key) for key in keys.split(";") if key.strip()]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "; ".join(str(getattr(record, self.field)) for record in self.ordered(value.all()))

    def ordered(self, records):
        return records


class ThemesWidget(RecordsWidget):
    """Theme names separated by ";"."""


class SdgTargetsWidget(RecordsWidget):
    """SDG target codes separated by ";" ("16.3; 16.10"), written in the UN's order."""

    def ordered(self, records):
        return SdgTarget.in_un_order(records)


class RecommendationResource(RuleCheckedResource):
    """No rule of the office reaches a recommendation (it is followed up over years; its
    actions and status changes are dated, and written on its page, not imported); as a
    RuleCheckedResource, a rule declared for it later is checked per row."""

    key, label = "recommendations", "Human-rights recommendations"
    permission = "humanrights.add_recommendation"
    description = (
        "One row per paragraph of a treaty body's or special procedure's document. A row for a "
        "paragraph already saved changes its text, priority, due date, themes and SDG targets; "
        "its status changes only by recording an implementation action."
    )

    document = Field(
        "document",
        widget=CachedForeignKeyWidget(Document, "symbol", label="document"),
        help_text="The document's symbol.",
        example="CCPR/CO/84/TJK",
    )
    paragraph = Field(
        "paragraph", widget=TextWidget(20), help_text="Paragraph number.", example="12(a)"
    )
    text = Field("text", widget=TextWidget(20_000), help_text="What the mechanism recommended.")
    priority = Field(
        "priority",
        widget=ChoiceWidget(Recommendation.Priority.choices),
        saves_null_values=False,
        help_text="high, medium or low.",
    )
    follow_up_due = Field(
        "follow_up_due",
        widget=DateWidget(),
        required=False,
        help_text="When follow-up is due.",
    )
    themes = Field(
        "themes",
        widget=ThemesWidget(Theme, "name", label="theme"),
        required=False,
        readonly=True,
        help_text="Theme names in English, separated by ;",
    )
    sdg_targets = Field(
        "sdg_targets",
        widget=SdgTargetsWidget(SdgTarget, "code", label="SDG target"),
        required=False,
        readonly=True,
        help_text="The SDG targets the recommendation serves, by code, separated by ;",
        example="16.3; 16.10",
    )

    class Meta:
        model = Recommendation
        fields = (
            "document",
            "paragraph",
            "text",
            "priority",
            "follow_up_due",
            "themes",
            "sdg_targets",
        )
        import_id_fields = ("document", "paragraph")
        # Recommendation.clean reads the document: its rule is checked below, without a query
        clean_model_instances = False

    def prepare(self, dataset) -> None:
        super().prepare(dataset)
        self.themes_of: list = []
        self.targets_of: list = []

    def row_errors(self, instance, values):
        yield from super().row_errors(instance, values)
        due, document = values.get("follow_up_due"), values["document"]
        if due and due < document.issued_on:
            yield (
                "follow_up_due",
                (
                    "The follow-up cannot be due before the document's date "
                    f"({document.issued_on:%d.%m.%Y})."
                ),
            )
        themes = values.get("themes")
        if themes is not None and (instance.pk or themes):
            self.themes_of.append((instance, themes))
        targets = values.get("sdg_targets")
        if targets is not None and (instance.pk or targets):
            self.targets_of.append((instance, targets))

    def after_save(self) -> None:
        """The themes and SDG targets named in the file replace the recommendation's (the
        library's bulk save leaves many-to-many fields alone); a file without the column
        leaves them as they are."""
        for recommendation, themes in self.themes_of:
            recommendation.themes.set(themes)
        for recommendation, targets in self.targets_of:
            recommendation.sdg_targets.set(targets)

    def get_queryset(self):
        return Recommendation.objects.select_related("document").prefetch_related(
            "themes", "sdg_targets"
        )


IMPORTERS = [RecommendationResource]
