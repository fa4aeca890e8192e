"""Two people editing one activity: what each would save, field by field, and their merge.

When someone saves an activity after another user opened its form, that user's save is
refused (programs.services.EditedMeanwhile) and the form comes back with both versions of
each field that differs: theirs (saved) and the user's own. Ticking "Take theirs" on a row
keeps the saved value there; the other rows keep the user's. Saving again merges them, at
the version now saved, so nobody's change is undone without being seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..forms import ActivityForm
from ..models import Activity

FIELDS = [name for name in ActivityForm.Meta.fields if name != "partners"]
PARTNERS, PARTICIPANTS = "partners", "participants"


class Version:
    """An activity's values as its edit form holds them, as saved at one version."""

    def __init__(self, activity: Activity):
        self.activity = activity
        self.number = activity.version
        # Read now: the form about to be bound writes the user's values into the instance.
        self.values = {name: getattr(activity, name) for name in FIELDS}

    @cached_property
    def partners(self) -> list:
        return list(self.activity.partners.all())

    @cached_property
    def participants(self) -> list[dict[str, Any]]:
        counts = self.activity.participants.select_related("category").order_by("category__name")
        return [{"category": c.category, "women": c.women, "men": c.men} for c in counts]

    @cached_property
    def saved_by(self):
        """Who saved this version, and when: the activity's last entry in the audit trail."""
        from django.contrib.contenttypes.models import ContentType

        from untop.audit.models import AuditEntry

        return (
            AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Activity),
                object_id=str(self.activity.pk),
            )
            .select_related("actor")
            .order_by("-timestamp", "-id")
            .first()
        )

    def take(self, names: list[str], arguments: dict[str, Any]) -> None:
        """Put this version's value in place of the user's, for each field named."""
        for name in names:
            if name in FIELDS:
                arguments["fields"][name] = self.values[name]
            elif name == PARTNERS:
                arguments["partners"] = self.partners
            elif name == PARTICIPANTS:
                arguments["participants"] = self.participants


@dataclass
class Row:
    name: str
    label: str
    theirs: str
    mine: str


def _shown(value: Any, field: str) -> str:
    if value is None or value == "":
        return "—"
    if field in ("kind", "status"):
        choices = Activity.Kind if field == "kind" else Activity.Status
        return str(choices(value).label)
    if hasattr(value, "isoformat"):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _participants_shown(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "—"
    return "; ".join(
        _("%(category)s: %(women)s women, %(men)s men")
        % {"category": row["category"], "women": row["women"], "men": row["men"]}
        for row in sorted(rows, key=lambda row: str(row["category"]))
    )


class Conflict:
    """The fields where the saved version and the user's differ."""

    def __init__(self, *, theirs: Version, mine: dict[str, Any], form: ActivityForm):
        self.theirs = theirs
        self.rows: list[Row] = []
        for name in FIELDS:
            if _comparable(theirs.values[name]) != _comparable(mine["fields"][name]):
                self.rows.append(
                    Row(
                        name,
                        str(form[name].label or name),
                        _shown(theirs.values[name], name),
                        _shown(mine["fields"][name], name),
                    )
                )
        if {p.pk for p in theirs.partners} != {p.pk for p in mine["partners"]}:
            self.rows.append(
                Row(
                    PARTNERS,
                    str(form[PARTNERS].label),
                    ", ".join(map(str, theirs.partners)) or "—",
                    ", ".join(map(str, mine["partners"])) or "—",
                )
            )
        if _counts(theirs.participants) != _counts(mine["participants"]):
            self.rows.append(
                Row(
                    PARTICIPANTS,
                    _("Who took part"),
                    _participants_shown(theirs.participants),
                    _participants_shown(mine["participants"]),
                )
            )
        self.form = form

    def form_at_their_version(self, post, *, user) -> ActivityForm:
        """The user's form again, as they filled it in, now at the version saved: saving it
        merges (the rows ticked "Take theirs" keep the saved values)."""
        data = post.copy()
        data["version"] = str(self.theirs.number)
        data.setlist("take_theirs", [])
        self.form.data = data
        return self.form


def _comparable(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value


def _counts(rows: list[dict[str, Any]]) -> set[tuple]:
    return {(row["category"].pk, row["women"], row["men"]) for row in rows}
