"""Import and export of the recommendations of the UN human-rights mechanisms, copied from
their documents: one row per paragraph, the document named by its symbol. Monitoring notes
are confidential and have no import or export."""

from __future__ import annotations

from collections.abc import Iterable

from programs.resources import RuleCheckedImporter
from untop.imports.columns import Column, KeyCache, choice, date_value, text
from untop.imports.engine import ParsedRow, RowError

from .models import Document, Recommendation, Theme


class RecommendationImporter(RuleCheckedImporter):
    """No rule of the office reaches a recommendation (it is followed up over years; its
    actions and status changes are dated, and written on its page, not imported); as a
    RuleCheckedImporter, a rule declared for it later is checked per row."""

    key, label, model = "recommendations", "Human-rights recommendations", Recommendation
    permission = "humanrights.add_recommendation"
    description = (
        "One row per paragraph of a treaty body's or special procedure's document. A row for a "
        "paragraph already saved changes its text, priority, due date and themes; its status "
        "changes only by recording an implementation action."
    )
    match_on = ("document", "paragraph")
    model_clean = False  # Recommendation.clean reads the document: checked once in check()
    export_related = ("document",)
    field_of = {
        "document": "document",
        "paragraph": "paragraph",
        "text": "text",
        "priority": "priority",
        "follow_up_due": "follow_up_due",
    }

    def columns(self) -> list[Column]:
        themes = KeyCache(Theme.objects.all(), "name", "theme")

        def theme_list(raw) -> list[Theme]:
            names = [name.strip() for name in text(2000)(raw).split(";") if name.strip()]
            return [themes.get(name) for name in names]

        return [
            Column(
                "document",
                "The document's symbol.",
                KeyCache(Document.objects.all(), "symbol", "document"),
                example="CCPR/CO/84/TJK",
            ),
            Column("paragraph", "Paragraph number.", text(20), example="12(a)"),
            Column("text", "What the mechanism recommended.", text(20_000)),
            Column("priority", "high, medium or low.", choice(Recommendation.Priority.choices)),
            Column("follow_up_due", "When follow-up is due.", date_value, required=False),
            Column("themes", "Theme names, separated by ;", theme_list, required=False),
        ]

    def check(self, rows: list[ParsedRow]) -> Iterable[RowError]:
        errors = []
        for row in rows:
            due, document = row.values["follow_up_due"], row.values["document"]
            if due and due < document.issued_on:
                errors.append(
                    RowError(
                        row.number,
                        "follow_up_due",
                        "The follow-up cannot be due before the document's date "
                        f"({document.issued_on:%d.%m.%Y}).",
                    )
                )
        return errors

    def attributes(self, row: ParsedRow) -> dict:
        values = super().attributes(row)
        if values.get("priority") is None:
            values.pop("priority", None)
        return values

    def after_save(self, rows: list[ParsedRow]) -> None:
        """The themes named in the file replace the recommendation's themes."""
        for row in rows:
            themes = row.values["themes"]
            if (
                "themes" not in self.present_columns
                or themes is None
                or (row.action == "new" and not themes)
            ):
                continue
            row.record.themes.set(themes)

    def export_rows(self, queryset):
        for recommendation in queryset.select_related("document").prefetch_related("themes"):
            yield [
                recommendation.document.symbol,
                recommendation.paragraph,
                recommendation.text,
                recommendation.priority,
                recommendation.follow_up_due,
                "; ".join(theme.name for theme in recommendation.themes.all()),
            ]


IMPORTERS = [RecommendationImporter]
