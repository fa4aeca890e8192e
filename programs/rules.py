"""The office's rules, each defined once. Every write path calls them.

The figures sent to the Security Council and to donors rest on a few rules:

- **period lock**: a record dated inside a locked mandate period is frozen: it cannot be
  added, changed or deleted until a manager unlocks the period;
- **centre scope**: programme staff write only their own centre's records, and the records
  reached through its activities (participants, evidence, sessions, enrolments, briefings);
- **approved = settled**: an approved activity, and what hangs on it, cannot change, be
  deleted or take new evidence until a manager returns it to draft;
- **project open, dates inside it**: a closed project takes no new activities, and an
  activity falls within its project's dates;
- **dates in order**: nothing ends before it starts;
- **separation of duties**: a manager does not approve an activity they entered
  (``UNTOP_ALLOW_SELF_APPROVAL`` lifts it);
- **counted = held and approved**: :func:`counted` is the one filter every figure uses.

Each rule has one message, naming the rule and the way out, that every path shows: the
activity form, the area apps' forms, the back office, the importers and the commands.

Which records a lock, a centre and an approval reach is declared per model with
:func:`govern` (each app for its own models, in its ``AppConfig.ready``): the path to the
date that places a record in a mandate period, and the path to the activity it belongs to.
Money is dated by when it was pledged, received or booked: pledges, contributions and
expenditure of a locked period are frozen too, since the letter and the donor reports of
that period state them. Indicator values and targets are frozen with their period.

A :class:`RuleBook` applies the rules for one acting user. It loads the locked periods once,
so an importer checks 25,000 rows without a query per row.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from untop.registry import Registry

if TYPE_CHECKING:
    from .models import Activity, MandatePeriod, Project, User


# -- counted = held and approved ------------------------------------------------------------
HELD = "held"
APPROVED = "approved"


def counted(prefix: str = "") -> Q:
    """What figures count: activities that were held and that a manager approved.

    ``prefix`` reaches the activity through a relation: ``counted("activity__")`` filters
    sessions or briefings, ``counted("session__activity__")`` enrolments.
    """
    return Q(**{f"{prefix}status": HELD, f"{prefix}approval": APPROVED})


def is_counted(activity: Activity) -> bool:
    """``counted()`` of one activity in memory (an activity written in bulk)."""
    return activity.status == HELD and activity.approval == APPROVED


# -- an old draft --------------------------------------------------------------------------
#: A draft entered more than this many whole days ago is old: the data-quality page lists
#: it, and its centre's staff find it in their Monday digest.
STALE_DRAFT_DAYS = 14


def stale_since(today: datetime.date) -> datetime.datetime:
    """Drafts entered before this moment are old: the start of the day STALE_DRAFT_DAYS
    before ``today``, in the portal's time zone (whole days: the page and the digest say on
    which day each was entered)."""
    day = today - datetime.timedelta(days=STALE_DRAFT_DAYS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def centre_scope(user: User, prefix: str = "") -> Q | None:
    """The centre rule as a filter: the records a user may write are every centre's (None:
    no filter), or only their home centre's; ``prefix`` reaches the activity."""
    if user.has_perm("programs.change_activity_any_centre"):
        return None
    return Q(**{f"{prefix}centre_id": user.home_centre_id}) if user.home_centre_id else Q(pk__in=[])


# -- the rules and their messages ----------------------------------------------------------
class Rule(enum.Enum):
    """Each rule, with the one message every write path shows when it refuses."""

    PERIOD_LOCKED = _("The mandate period %(period)s is locked: a manager can unlock it.")
    CENTRE_SCOPE = _(
        "You may only change your own centre's records: a programme manager can change "
        "another centre's."
    )
    SETTLED = _(
        "The activity “%(activity)s” is approved and settled: a manager can return it to "
        "draft to change it."
    )
    PROJECT_CLOSED = _(
        "The project %(project)s is closed and takes no new activities: choose an open "
        "project, or a manager can reopen it."
    )
    PROJECT_DATES = _(
        "The activity must fall within its project's dates (%(start)s – %(end)s): change its "
        "dates or its project."
    )
    DATES_IN_ORDER = _("The end date comes before the start date: correct one of them.")
    OWN_APPROVAL = _("You entered this activity yourself: another programme manager approves it.")
    BREAKDOWN_WHOLE = _(
        "The age and disability breakdown of the %(sex)s of “%(category)s” adds up to "
        "%(parts)s, not %(total)s: make it add up, or leave it empty to count them as not "
        "recorded."
    )

    @property
    def code(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Violation:
    """One rule a write would break: which, on which field, and what the user is told."""

    rule: Rule
    field: str | None
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def message(self) -> str:
        return str(self.rule.value) % dict(self.params) if self.params else str(self.rule.value)

    def error(self) -> Exception:
        if self.rule is Rule.CENTRE_SCOPE:
            return OutOfScope(self.message)
        return RuleBroken(self.rule, self.message, field=self.field)


class RuleBroken(ValidationError):
    """A write refused by one of the rules above; nothing was saved. ``rule`` says which."""

    def __init__(self, rule: Rule, message: str, *, field: str | None = None):
        super().__init__({field: [message]} if field else message, code=rule.code)
        self.rule = rule


class OutOfScope(PermissionDenied):
    """A write to another centre's records by a user who may write only their own."""

    rule = Rule.CENTRE_SCOPE


def raise_first(violations: Iterable[Violation]) -> None:
    """Refuse the write with the first rule it breaks (the others would only repeat it)."""
    for violation in violations:
        raise violation.error()


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# -- which records the rules reach ---------------------------------------------------------
@dataclass(frozen=True)
class Placement:
    """What the rules need to know of a record: its day, its centre, its activity."""

    day: datetime.date | None
    centre_id: int | None = None
    activity_id: int | None = None
    activity_title: str = ""
    approved: bool = False


@dataclass(frozen=True)
class Governed:
    """How a model's records meet the rules: ``day`` is the path to the date that places a
    record in a mandate period, ``activity`` the path to the activity it belongs to ("" for
    an activity itself, None for records of no activity), ``settled`` whether an approved
    activity freezes it."""

    model: type[models.Model]
    day: str | None
    activity: str | None
    settled: bool

    def _path(self, name: str) -> str:
        return f"{self.activity}__{name}" if self.activity else name

    @property
    def lookups(self) -> dict[str, str]:
        found = {"day": self.day} if self.day else {}
        if self.activity is not None:
            found |= {
                "centre_id": self._path("centre_id"),
                "activity_id": self._path("id"),
                "activity_title": self._path("title"),
                "approval": self._path("approval"),
            }
        return found

    def placements(self, pks: Iterable[Any]) -> dict[Any, Placement]:
        """The saved placement of each record, in one query."""
        lookups = self.lookups
        rows = self.model._default_manager.filter(pk__in=list(pks)).values_list(
            "pk", *lookups.values()
        )
        return {row[0]: self._placement(dict(zip(lookups, row[1:], strict=True))) for row in rows}

    def placement_of(self, record: models.Model) -> Placement:
        """The placement of a record as it stands in memory (unsaved changes included)."""
        values = {name: _follow(record, path) for name, path in self.lookups.items()}
        return self._placement(values)

    @staticmethod
    def _placement(values: dict[str, Any]) -> Placement:
        return Placement(
            day=values.get("day"),
            centre_id=values.get("centre_id"),
            activity_id=values.get("activity_id"),
            activity_title=values.get("activity_title") or "",
            approved=values.get("approval") == APPROVED,
        )


def _follow(record: models.Model, path: str) -> Any:
    """Follow a lookup path ("session__activity__start") through a record's attributes."""
    value: Any = record
    for part in path.split("__"):
        if value is None:
            return None
        if part == "id" and isinstance(value, models.Model):
            part = "pk"
        value = getattr(value, part, None)
    return value


_GOVERNED: Registry = Registry("governed model")


def govern(
    model: type[models.Model],
    *,
    day: str | None = None,
    activity: str | None = None,
    settled: bool = True,
) -> None:
    """Declare how a model's records meet the rules (see :class:`Governed`). A record of an
    activity is dated by the activity's start unless ``day`` says otherwise."""
    if day is None and activity is not None:
        day = f"{activity}__start" if activity else "start"
    _GOVERNED.register(model, Governed(model, day, activity, settled))


def governed(model: type[models.Model]) -> Governed | None:
    """How the rules reach the model's records, or None if no rule does."""
    return _GOVERNED.get(model)


def governed_models() -> list[type[models.Model]]:
    return list(_GOVERNED)


def _protected_ends(model: type[models.Model], instances) -> list[tuple[type, list, bool]]:
    """The governed records a deletion of these instances changes, and whether they are only
    cited: the instances themselves, or, for the rows of a many-to-many link, the governed
    records at its ends. The record whose field the link is (a session, for its trainers) is
    changed: deleting a trainee takes them off a locked or approved session's trainers. A
    record the link cites (an activity, for an action's activities) only loses a citation,
    which `RuleBook.linked` checks."""
    if governed(model) is not None:
        return [(model, [obj.pk for obj in instances], False)]
    owner = model._meta.auto_created  # the model whose many-to-many field this link is
    if not owner:
        return []
    return [
        (
            link.related_model,
            [getattr(obj, link.attname) for obj in instances],
            link.related_model is not owner,
        )
        for link in model._meta.concrete_fields
        if link.is_relation and governed(link.related_model) is not None
    ]


# -- the rules for one acting user ---------------------------------------------------------
class RuleBook:
    """The rules as they apply to one acting user's writes (None: a command of the office,
    which no centre bounds). What they need is read once and kept: build one per request,
    per import, per command."""

    def __init__(self, user: User | None = None, *, reading: bool = False):
        self.user = user
        # A page that only shows what the rules say (a read-only view, a missing button)
        # holds no lock; a write's rule book, in its transaction, does (see hold()).
        self.reading = reading
        self._locked: list[MandatePeriod] | None = None
        self._locked_on: dict[datetime.date, MandatePeriod | None] = {}

    # what the rules read, once
    @property
    def locked_periods(self) -> list[MandatePeriod]:
        """The locked periods. Read inside a write's transaction, they are read under a share
        lock on the periods (see :meth:`hold`)."""
        if self._locked is None:
            from .models import MandatePeriod

            if not self.reading:
                self._share_lock_periods()
            self._locked = list(MandatePeriod.objects.filter(locked=True))
        return self._locked

    def hold(self) -> None:
        """Read the locks again inside the write's transaction, holding them: a manager's
        lock of a period then waits for this write to commit, and a lock committed since the
        rules were first read (an import checks its rows before it saves) refuses the write.
        Nothing commits into a period after its lock."""
        self._locked = None
        self._locked_on = {}
        _ = self.locked_periods

    @staticmethod
    def _share_lock_periods() -> None:
        # PostgreSQL: FOR SHARE on the period rows until the write commits; locking a period
        # updates its row, which waits for the share locks, and a write arriving meanwhile
        # waits for the lock's commit, then reads it. SQLite writes one transaction at a time.
        from django.db import connection

        from .models import MandatePeriod

        if connection.vendor != "postgresql" or not connection.in_atomic_block:
            return
        table = connection.ops.quote_name(MandatePeriod._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} ORDER BY id FOR SHARE")  # noqa: S608 (a table name)

    def locked_period(self, day: datetime.date | None) -> MandatePeriod | None:
        if day is None:
            return None
        try:  # an import asks this of every row, most of them on a few days
            return self._locked_on[day]
        except KeyError:
            found = next((p for p in self.locked_periods if p.start <= day <= p.end), None)
            self._locked_on[day] = found
            return found

    @property
    def bounded_by_centre(self) -> bool:
        """Whether the user writes only their home centre's records (programme staff)."""
        user = self.user
        return user is not None and not user.has_perm("programs.change_activity_any_centre")

    # one check per rule; each returns the violation, or None
    def period(self, day: datetime.date | None, field: str | None = "start") -> Violation | None:
        period = self.locked_period(day)
        if period is None:
            return None
        return Violation(Rule.PERIOD_LOCKED, field, (("period", str(period)),))

    def centre(self, centre_id: int | None, field: str | None = "centre") -> Violation | None:
        if not self.bounded_by_centre:
            return None
        if centre_id is not None and centre_id == self.user.home_centre_id:
            return None
        return Violation(Rule.CENTRE_SCOPE, field)

    @staticmethod
    def settled(activity: Activity | Placement | None, field: str | None = None):
        if activity is None:
            return None
        if isinstance(activity, Placement):
            approved, title = activity.approved, activity.activity_title
        else:
            approved, title = activity.approval == APPROVED, activity.title
        if not approved:
            return None
        return Violation(Rule.SETTLED, field, (("activity", title),))

    @staticmethod
    def breakdown(
        category, women: int, men: int, groups: Iterable[tuple[str, int]], field: str | None = None
    ) -> list[Violation]:
        """A participant row's breakdown by age band and disability (programs/models/groups.py)
        is whole or absent: given, its groups of women add up to the row's women and its groups
        of men to its men. ``groups`` are (sex, number) pairs; none is no breakdown."""
        groups = list(groups)
        if not groups:
            return []
        found = []
        for sex, label, total in (("women", _("women"), women), ("men", _("men"), men)):
            parts = sum(number for group_sex, number in groups if group_sex == sex)
            if parts != (total or 0):
                params = (("sex", label), ("category", str(category)), ("parts", parts))
                found.append(
                    Violation(Rule.BREAKDOWN_WHOLE, field, (*params, ("total", total or 0)))
                )
        return found

    @staticmethod
    def dates(start, end, field: str = "end") -> Violation | None:
        if start and end and end < start:
            return Violation(Rule.DATES_IN_ORDER, field)
        return None

    @staticmethod
    def project(project: Project | None, start, end, *, new_to_it: bool = True) -> list[Violation]:
        """A closed project takes no new activities (one already on it stays); an activity
        falls within its project's dates."""
        if project is None:
            return []
        found = []
        if new_to_it and project.status == "closed":
            found.append(Violation(Rule.PROJECT_CLOSED, "project", (("project", project.code),)))
        if start and end and (start < project.start or end > project.end):
            dates = (("start", _day(project.start)), ("end", _day(project.end)))
            found.append(Violation(Rule.PROJECT_DATES, "start", dates))
        return found

    def approval(self, activity: Activity) -> Violation | None:
        """Separation of duties: who entered an activity does not approve it."""
        if settings.UNTOP_ALLOW_SELF_APPROVAL or self.user is None:
            return None
        if activity.created_by_id == self.user.pk:
            return Violation(Rule.OWN_APPROVAL, None)
        return None

    # a record as the rules see it
    def placement(
        self,
        rules: Governed,
        *,
        before: Placement | None,
        after: Placement | None,
        field: str | None = None,
    ) -> list[Violation]:
        """What a write breaks: an add has only ``after``, a delete only ``before``, a
        change both (a record moved out of a locked period or another centre is refused
        as firmly as one moved in)."""
        found: list[Violation] = []
        for placement in (before, after):
            if placement is None:
                continue
            # The centre first: another centre's record is not the user's, locked or not.
            # An activity is always its own; a record of an optional activity may have none.
            of_activity = rules.activity == "" or placement.activity_id is not None
            if rules.activity is not None and of_activity:
                found.append(self.centre(placement.centre_id, field))
            found.append(self.period(placement.day, field))
            if rules.activity is not None and of_activity and rules.settled:
                found.append(self.settled(placement, field))
        unique: dict[Rule, Violation] = {}
        for violation in found:
            if violation is not None:
                unique.setdefault(violation.rule, violation)
        return list(unique.values())

    def activity(self, activity: Activity) -> list[Violation]:
        """What saving an activity breaks: the rules of its record (period, centre, settled,
        for the saved and the new state), its dates, and its project (a closed project takes
        no new activities; one already on it stays)."""
        project = activity.project if activity.project_id else None
        project_before = None
        if activity.pk is not None and not activity._state.adding:
            saved = type(activity)._default_manager.filter(pk=activity.pk)
            project_before = saved.values_list("project_id", flat=True).first()
        return [
            *self.record(activity),
            *[v for v in [self.dates(activity.start, activity.end)] if v],
            *self.project(
                project,
                activity.start,
                activity.end,
                new_to_it=activity.project_id != project_before,
            ),
        ]

    def record(
        self, record: models.Model, *, delete: bool = False, field: str | None = None
    ) -> list[Violation]:
        """What saving (or deleting) this record would break, its saved state read in one
        query. A model no rule reaches breaks none. ``field`` is the form field the
        messages belong to (the record's date field, say), None for the whole form."""
        rules = governed(type(record))
        if rules is None:
            return []
        saved = record.pk is not None and not record._state.adding
        before = rules.placements([record.pk]).get(record.pk) if saved else None
        after = None if delete else rules.placement_of(record)
        return self.placement(rules, before=before, after=after, field=field)

    def protection(self, record: models.Model, *, as_loaded: bool = False) -> list[Violation]:
        """The rules that keep a saved record as it is: why a change or a deletion of it
        would be refused. Its saved state is read in one query, or, ``as_loaded``, taken
        from the record as just loaded (a page that shows it)."""
        rules = governed(type(record))
        if rules is None or record.pk is None:
            return []
        if as_loaded:
            saved = rules.placement_of(record)
        else:
            saved = rules.placements([record.pk]).get(record.pk)
        return self.placement(rules, before=saved, after=None) if saved else []

    def records(self, model: type[models.Model], pks: Iterable[Any]) -> list[Violation]:
        """What deleting these saved records would break (one query)."""
        rules = governed(model)
        if rules is None:
            return []
        found: dict[Rule, Violation] = {}
        for placement in rules.placements(pks).values():
            for violation in self.placement(rules, before=placement, after=None):
                found.setdefault(violation.rule, violation)
        return list(found.values())

    def linked(
        self, model: type[models.Model], pks: Iterable[Any], field: str | None = None
    ) -> list[Violation]:
        """What adding or removing links of another record's many-to-many to these saved
        records breaks (an output's activities, an action's): a record of a locked period
        keeps its citations, for the period's figures read them (an output's people
        trained). Only the period: an approved activity, or another centre's, is cited by
        the records of others (an action, an output), which its own rules do not reach."""
        rules = governed(model)
        pks = list(pks)
        if rules is None or not pks:
            return []
        for placement in rules.placements(pks).values():
            violation = self.period(placement.day, field)
            if violation is not None:
                return [violation]
        return []

    def link_changes(
        self, record: models.Model, name: str, chosen: Iterable[Any]
    ) -> list[Violation]:
        """What the choice (records or ids) of ``record``'s many-to-many ``name`` breaks:
        the links it adds or removes (`linked`), as deleting a link row does. The message
        goes on the field ``name``."""
        model = record._meta.get_field(name).related_model
        if governed(model) is None:
            return []  # no rule reaches the records it links: nothing to read
        return self.linked(model, changed_links(record, name, chosen), name)

    def deletion(self, records: Iterable[models.Model]) -> list[Violation]:
        """What deleting these records breaks, the records a deletion cascades to included
        (an activity's participant counts, an indicator's values of a locked period)."""
        from django.contrib.admin.utils import NestedObjects
        from django.db import router

        records = list(records)
        if not records:
            return []
        collector = NestedObjects(using=router.db_for_write(type(records[0])))
        collector.collect(records)
        found: dict[Rule, Violation] = {}
        for model, instances in collector.data.items():
            for target, pks, link in _protected_ends(model, instances):
                check = self.linked if link else self.records
                for violation in check(target, pks):
                    found.setdefault(violation.rule, violation)
        # A deletion also empties the links that point at what it deletes (on_delete=SET_NULL:
        # a delivery's activity, a mission's supporting activity): it changes those records,
        # which a locked period protects as firmly as the deleted ones.
        for (field, _value), batches in collector.field_updates.items():
            if governed(field.model) is None:
                continue
            pks = [obj.pk for batch in batches for obj in batch]
            for violation in self.records(field.model, pks):
                found.setdefault(violation.rule, violation)
        return list(found.values())

    # refusing
    def enforce(self, *violations: Violation | None | list[Violation]) -> None:
        """Raise the first violation given (None and empty lists are no violation)."""
        flat: list[Violation] = []
        for item in violations:
            if isinstance(item, list):
                flat.extend(item)
            elif item is not None:
                flat.append(item)
        raise_first(flat)


# -- the rules as one-line calls, for models' clean() and the services ----------------------
def ensure_period_open(day: datetime.date | None, *, field: str | None = "start") -> None:
    """Refuse a write dated inside a locked mandate period."""
    book = RuleBook()
    book.enforce(book.period(day, field))


def ensure_dates_in_order(start, end, *, field: str = "end") -> None:
    """Refuse a record that ends before it starts."""
    RuleBook().enforce(RuleBook.dates(start, end, field))


def ensure_own_centre(user: User, centre_id: int | None) -> None:
    """Refuse programme staff a write to another centre's records."""
    book = RuleBook(user)
    book.enforce(book.centre(centre_id))


def ensure_not_settled(activity: Activity | None) -> None:
    """Refuse a change to an approved activity or to what hangs on it."""
    RuleBook().enforce(RuleBook.settled(activity))


def ensure_may_write(user: User | None, record: models.Model, *, field: str | None = None) -> None:
    """Refuse saving a record that breaks a rule (its saved and its new state both count);
    the message goes on ``field`` of the form that made the record, if any."""
    book = RuleBook(user)
    book.enforce(book.record(record, field=field))


def ensure_may_delete(user: User | None, records: Iterable[models.Model]) -> None:
    """Refuse deleting records (or what they cascade to) that a rule protects."""
    book = RuleBook(user)
    book.enforce(book.deletion(records))


def changed_links(record: models.Model, name: str, chosen: Iterable[Any]) -> list[Any]:
    """The ids of the records whose link with ``record`` through its many-to-many ``name``
    the choice (records or ids) adds or removes (all of them for a new record)."""
    new = {getattr(item, "pk", item) for item in chosen}
    saved = set()
    if record.pk is not None and not record._state.adding:
        saved = set(getattr(record, name).values_list("pk", flat=True))
    return sorted(new ^ saved)


def validation_error(violations: Iterable[Violation | None]) -> ValidationError | None:
    """Violations as a model's clean() reports them: each message on its field."""
    by_field: dict[str, list[str]] = {}
    for violation in violations:
        if violation is not None:
            by_field.setdefault(violation.field or NON_FIELD_ERRORS, []).append(violation.message)
    return ValidationError(by_field) if by_field else None
