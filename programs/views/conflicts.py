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

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..forms import GRID_CELL_WORDS, ActivityForm
from ..models import Activity, Disability, ParticipantGroup, Sex
from ..models.groups import AGE_NOT_RECORDED

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
        """The rows as programs.services._save_participants takes them, each with its breakdown
        (``groups``; an empty list: none), so that taking them restores the breakdown too."""
        counts = (
            self.activity.participants.select_related("category")
            .prefetch_related(
                Prefetch("groups", queryset=ParticipantGroup.objects.select_related("age_band"))
            )
            .order_by("category__name")
        )
        return [
            {
                "category": c.category,
                "women": c.women,
                "men": c.men,
                "groups": [
                    {
                        "sex": g.sex,
                        "age_band": g.age_band,
                        "disability": g.disability,
                        "number": g.number,
                    }
                    for g in c.groups.all()
                ],
            }
            for c in counts
        ]

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
    """A line per row: its women and men, then its breakdown, if any, in brackets."""
    if not rows:
        return "—"
    lines = []
    for row in sorted(rows, key=lambda row: str(row["category"])):
        line = _("%(category)s: %(women)s women, %(men)s men") % {
            "category": row["category"],
            "women": row["women"],
            "men": row["men"],
        }
        groups = _groups(row)
        if groups:
            line += " (" + "; ".join(_group_shown(group) for group in groups) + ")"
        lines.append(line)
    return "\n".join(lines)


def _groups(row: dict[str, Any]) -> list[dict[str, Any]]:
    """A row's breakdown in the grid's order: women first, then by age band ("age not
    recorded" last), then with a disability, without, not recorded. No one counted, no group."""
    sexes, disabilities = list(Sex), list(Disability)
    return sorted(
        (group for group in row.get("groups") or [] if group["number"]),
        key=lambda g: (
            sexes.index(g["sex"]),
            g["age_band"] is None,
            g["age_band"].min_age if g["age_band"] is not None else 0,
            disabilities.index(g["disability"]),
        ),
    )


def _group_shown(group: dict[str, Any]) -> str:
    """A group in the words of its cell in the grid: "Women, 18–24, with a disability: 5"."""
    words = {
        "sex": Sex(group["sex"]).label,
        "age": group["age_band"] if group["age_band"] is not None else AGE_NOT_RECORDED.lower(),
        "disability": GRID_CELL_WORDS[Disability(group["disability"])],
    }
    return f"{_('%(sex)s, %(age)s, %(disability)s') % words}: {group['number']}"


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
    """The rows as they compare: category, women, men and the breakdown's groups (a row
    whose breakdown alone differs differs)."""
    return {
        (
            row["category"].pk,
            row["women"],
            row["men"],
            frozenset(
                (
                    str(g["sex"]),
                    getattr(g["age_band"], "pk", None),
                    str(g["disability"]),
                    g["number"],
                )
                for g in _groups(row)
            ),
        )
        for row in rows
    }
