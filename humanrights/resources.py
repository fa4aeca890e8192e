"""Import and export of the recommendations of the UN human-rights mechanisms, copied from
their documents: one row per paragraph, the document named by its symbol. Monitoring notes
are confidential and have no import or export."""

from __future__ import annotations

from programs.resources import RuleCheckedResource
from untop.imports.resources import Field
from untop.imports.widgets import CachedForeignKeyWidget, ChoiceWidget, DateWidget, TextWidget

from .models import Document, Recommendation, Theme


class ThemesWidget(CachedForeignKeyWidget):
    """Theme names separated by ";", each found among the themes loaded once."""

    def clean(self, value, row=None, **kwargs):
        names = TextWidget(2000).clean(value) or ""
        return [super(ThemesWidget, self).clean(name) for name in names.split(";") if name.strip()]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(theme.name for theme in value.all()) if value is not None else ""


class RecommendationResource(RuleCheckedResource):
    """No rule of the office reaches a recommendation (it is followed up over years; its
    actions and status changes are dated, and written on its page, not imported); as a
    RuleCheckedResource, a rule declared for it later is checked per row."""

    key, label = "recommendations", "Human-rights recommendations"
    permission = "humanrights.add_recommendation"
    description = (
        "One row per paragraph of a treaty body's or special procedure's document. A row for a "
        "paragraph already saved changes its text, priority, due date and themes; its status "
        "changes only by recording an implementation action."
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
        help_text="Theme names, separated by ;",
    )

    class Meta:
        model = Recommendation
        fields = ("document", "paragraph", "text", "priority", "follow_up_due", "themes")
        import_id_fields = ("document", "paragraph")
        # Recommendation.clean reads the document: its rule is checked below, without a query
        clean_model_instances = False

    def prepare(self, dataset) -> None:
        super().prepare(dataset)
        self.themes_of: list = []

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

    def after_save(self) -> None:
        """The themes named in the file replace the recommendation's themes (the library's
        bulk save leaves many-to-many fields alone)."""
        for recommendation, themes in self.themes_of:
            recommendation.themes.set(themes)

    def get_queryset(self):
        return Recommendation.objects.select_related("document").prefetch_related("themes")


IMPORTERS = [RecommendationResource]
