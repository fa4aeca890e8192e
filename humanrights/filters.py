"""The recommendations tracker's filters and its export's columns (see programs/filters.py).

Monitoring notes are confidential: no list's export carries them, whoever asks (declared in
humanrights/portal.py).
"""

from __future__ import annotations

import django_filters
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from programs.filters import ListFilter
from programs.models import Partner, SdgTarget
from untop.exports import Column, ListExport

from .models import (
    Mechanism,
    Recommendation,
    RecommendationStatus,
    Theme,
)


class TrackerFilter(ListFilter):
    """The tracker's filters; each one narrows the recommendations, the figures and the charts."""

    mechanism = django_filters.ModelChoiceFilter(
        field_name="document__mechanism",
        queryset=Mechanism.objects.all(),
        label=_("Mechanism"),
        empty_label=_("All mechanisms"),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        # In the reader's language (Theme.__str__) and its alphabetical order.
        queryset=lambda request: Theme.objects.in_reading_order(),
        label=_("Theme"),
        empty_label=_("All themes"),
        distinct=True,
    )
    institution = django_filters.ModelChoiceFilter(
        field_name="institutions",
        queryset=Partner.objects.filter(hr_recommendations__isnull=False).distinct(),
        label=_("Institution"),
        empty_label=_("All institutions"),
        distinct=True,
    )
    sdg_target = django_filters.ModelChoiceFilter(
        field_name="sdg_targets",
        queryset=SdgTarget.objects.all(),
        # The model's name, lower case in Russian as a name is: a label begins with a capital.
        label=capfirst(_("SDG target")),
        empty_label=_("All SDG targets"),
        distinct=True,
    )
    status = django_filters.ChoiceFilter(
        choices=RecommendationStatus.choices, label=_("Status"), empty_label=_("Any status")
    )
    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")

    class Meta:
        model = Recommendation
        fields: list[str] = []

    def search(self, recommendations, name, text):
        return recommendations.search(text)


def _iso(day) -> str:
    return day.isoformat() if day else ""


#: The tracker's export: recommendations only, never a monitoring note; built whole (a short
#: list, read with its themes). Its HXL tags: the mechanism (CCPR, UPR…) as the body's code, the
#: document the recommendation comes from as the row's source, the text as its description, the
#: status as its label and the last action's date as when its standing was last reported. No
#: HXL hashtag fits a paragraph, a theme, an SDG target, a priority, a due date or a count of
#: actions: those columns stay untagged.
TRACKER_EXPORT = ListExport(
    stem="recommendations",
    title="Recommendations",
    columns=[
        Column("mechanism", "document__mechanism__code", hxl="#org+code"),
        Column("document", "document__symbol", hxl="#meta+source"),
        Column("paragraph", "paragraph"),
        Column("recommendation", "text", hxl="#description"),
        Column("themes", "themes", lambda themes: "; ".join(t.name for t in themes.all())),
        Column(
            "SDG targets",
            "sdg_targets",
            lambda targets: "; ".join(
                target.code for target in SdgTarget.in_un_order(targets.all())
            ),
        ),
        Column("priority", "priority", choice_label=True),
        Column("status", "status", choice_label=True, hxl="#status+name"),
        Column("follow-up due", "follow_up_due", _iso),
        Column("actions", "action_count"),
        Column("last action", "last_action", _iso, hxl="#date+reported"),
    ],
    stream=False,
)
