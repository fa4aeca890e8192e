"""Writes of the programs app. Views, the admin and commands call these, not model.save().

Every write runs as its acting user, so the audit trail names who made it. The writes that
may change a counted figure sum its summary rows again before their transaction ends
(`summaries_kept`, programs/summary.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from untop.audit.context import acting_as
from untop.uploads import discard_upload, store_upload

from . import notifications
from .exchange import RateMissing, Rates
from .models import (
    Activity,
    ActivityComment,
    BudgetLine,
    BudgetRevision,
    Evidence,
    Expenditure,
    ParticipantCount,
    ParticipantGroup,
    Project,
    User,
)
from .rules import RuleBook, ensure_may_delete, ensure_may_write
from .summary import summaries_kept


def _check_may_edit(*, user: User) -> None:
    if not user.has_perm("programs.change_activity"):
        raise PermissionDenied(_("You may not enter activities."))


def _save_participants(activity: Activity, participants: list[dict[str, Any]]) -> None:
    """Make the activity's counts match the rows given: one row per category. A row's
    ``groups`` (dicts of sex, age_band, disability and number), when given, replace its
    breakdown by age and disability; an empty list removes it; left out, the saved one
    stays (and must still add up to the row's women and men)."""
    existing = {
        count.category_id: count
        for count in activity.participants.prefetch_related("groups").select_related("category")
    }
    for row in participants:
        count = existing.pop(row["category"].pk, None) or ParticipantCount(
            activity=activity, category=row["category"]
        )
        groups = row.get("groups")
        if groups is not None:
            groups = [group for group in groups if group["number"]]
            count.pending_groups = [(group["sex"], group["number"]) for group in groups]
            saved = {_group_key(g) for g in count.groups.all()} if count.pk else set()
            groups_changed = saved != {_group_key(g) for g in groups}
        else:
            groups_changed = False
        unchanged = count.pk and (count.women, count.men) == (row["women"], row["men"])
        if unchanged and not groups_changed:
            continue
        count.women, count.men = row["women"], row["men"]
        count.full_clean()
        count.save()
        if groups_changed:
            # One by one, as the audit trail and the summary rows follow saves (a breakdown
            # is at most a few dozen groups).
            count.groups.all().delete()
            for group in groups:
                ParticipantGroup(count=count, **group).save()
    for count in existing.values():
        count.delete()


def _group_key(group) -> tuple:
    """A group as it compares: sex, age band (its id), disability, number."""
    if isinstance(group, dict):
        band = group.get("age_band")
        return group["sex"], getattr(band, "pk", band), group["disability"], group["number"]
    return group.sex, group.age_band_id, group.disability, group.number


@transaction.atomic
@summaries_kept()
def activity_create(
    *,
    acting_user: User,
    fields: dict[str, Any],
    participants: list[dict[str, Any]],
    partners=(),
) -> Activity:
    """Record a new activity (a draft) and who took part, as the acting user."""
    with acting_as(acting_user):
        _check_may_edit(user=acting_user)
        activity = Activity(**fields, created_by=acting_user, approval=Activity.Approval.DRAFT)
        book = RuleBook(acting_user)
        book.enforce(book.activity(activity))
        activity.full_clean()
        activity.save()
        activity.partners.set(partners)
        _save_participants(activity, participants)
    return activity


class EditedMeanwhile(Exception):
    """Someone saved the activity after this edit's form was opened: nothing was saved.

    ``saved`` is the activity as saved now (its participants with it), for the page that
    shows both versions and lets the user keep theirs, take the other's or merge them.
    """

    def __init__(self, saved: Activity):
        super().__init__(f"The activity was changed meanwhile (now version {saved.version}).")
        self.saved = saved


@transaction.atomic
@summaries_kept()
def activity_update(
    *,
    activity: Activity,
    acting_user: User,
    fields: dict[str, Any],
    participants: list[dict[str, Any]] | None,
    partners=None,
    version: int | None = None,
) -> Activity:
    """Change an activity and (unless None) its participant counts.

    The rules hold for the activity as saved and as changed: both centres must be the
    user's, both dates outside a locked period, and an approved activity does not change.
    ``version`` is the activity's version when the form was opened: if it has been saved
    since, EditedMeanwhile refuses the edit (nobody's change is silently undone).
    """
    with acting_as(acting_user):
        _check_may_edit(user=acting_user)
        book = RuleBook(acting_user)
        saved_version = _follow_saved_approval(activity, book)
        if version is not None and version != saved_version:
            raise EditedMeanwhile(
                Activity.objects.select_related("project", "centre", "district").get(pk=activity.pk)
            )
        activity.version = saved_version + 1
        for name, value in fields.items():
            setattr(activity, name, value)
        book.enforce(book.activity(activity))
        activity.full_clean()
        # An edit writes what the form edits, never the approval it read when it opened.
        activity.save(update_fields=EDITED_FIELDS)
        if partners is not None:
            activity.partners.set(partners)
        if participants is not None:
            _save_participants(activity, participants)
    return activity


@transaction.atomic
@summaries_kept()
def activity_delete(*, activity: Activity, acting_user: User) -> None:
    """Delete an activity with its participant counts and evidence, as the acting user."""
    with acting_as(acting_user):
        if not acting_user.has_perm("programs.delete_activity"):
            raise PermissionDenied(_("Only a programme manager deletes activities."))
        ensure_may_delete(acting_user, [activity])
        activity.delete()


# What an approval step writes, and what an edit writes: neither overwrites the other.
APPROVAL_FIELDS = [
    "approval",
    "submitted_at",
    "approved_by",
    "approved_at",
    "return_reason",
    "returned_at",
    "updated_at",
]
EDITED_FIELDS = [
    field.name
    for field in Activity._meta.concrete_fields
    if field.editable and not field.primary_key and field.name not in APPROVAL_FIELDS
] + ["version", "updated_at"]


def _follow_saved_approval(activity: Activity, book: RuleBook) -> int:
    """Lock the activity's row until the transaction ends and take its approval as saved now;
    return its version as saved now.

    Two managers approving at once, or a change saved while a manager approves, then happen
    one after the other: the second sees what the first did (an activity approved meanwhile
    is settled; one approved twice is refused the second time) instead of overwriting it.
    """
    # The periods' locks first, then the activity's row, in every write: two writes never
    # wait for each other's locks in opposite orders (PostgreSQL would cut one off).
    _ = book.locked_periods
    names = [Activity._meta.get_field(name).attname for name in APPROVAL_FIELDS]
    saved = Activity.objects.select_for_update().filter(pk=activity.pk).values(*names, "version")
    saved = saved.get()
    for attname in names:
        setattr(activity, attname, saved[attname])
    return saved["version"]


def _transition(
    book: RuleBook, activity: Activity, *, allowed_from: set[str], to: str, message: str
) -> None:
    _follow_saved_approval(activity, book)
    if activity.approval not in allowed_from:
        raise ValidationError(message)
    book.enforce(book.period(activity.start))
    activity.approval = to


@transaction.atomic
@summaries_kept()
def activity_submit(*, activity: Activity, acting_user: User) -> Activity:
    """Send a draft activity to the managers for approval."""
    with acting_as(acting_user):
        _check_may_edit(user=acting_user)
        book = RuleBook(acting_user)
        book.enforce(book.centre(activity.centre_id))
        _transition(
            book,
            activity,
            allowed_from={Activity.Approval.DRAFT},
            to=Activity.Approval.SUBMITTED,
            message=_("Only a draft can be submitted."),
        )
        activity.submitted_at = timezone.now()
        # The reason for a return is answered by submitting again (the comments keep it).
        activity.return_reason = ""
        activity.save(update_fields=APPROVAL_FIELDS)
        notifications.submitted_after_commit(activity=activity, submitted_by=acting_user)
    return activity


@transaction.atomic
@summaries_kept()
def activity_approve(*, activity: Activity, acting_user: User) -> Activity:
    """Approve a submitted activity: from now on it counts in reports."""
    with acting_as(acting_user):
        if not acting_user.has_perm("programs.approve_activity"):
            raise PermissionDenied(_("Only a programme manager approves activities."))
        book = RuleBook(acting_user)
        book.enforce(book.approval(activity))
        _transition(
            book,
            activity,
            allowed_from={Activity.Approval.SUBMITTED},
            to=Activity.Approval.APPROVED,
            message=_("Only a submitted activity can be approved."),
        )
        activity.approved_by, activity.approved_at = acting_user, timezone.now()
        activity.save(update_fields=APPROVAL_FIELDS)
        notifications.approved_after_commit(activity=activity)
    return activity


RETURN_REASON_MAX = 2000


@transaction.atomic
@summaries_kept()
def activity_return_to_draft(*, activity: Activity, acting_user: User, reason: str) -> Activity:
    """Send a submitted or approved activity back to its centre as a draft, with the reason
    the centre's staff see on their start page and on the activity."""
    with acting_as(acting_user):
        if not acting_user.has_perm("programs.approve_activity"):
            raise PermissionDenied(_("Only a programme manager returns activities."))
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                {"reason": _("Give the reason for the return: the centre's staff see it.")}
            )
        if len(reason) > RETURN_REASON_MAX:
            raise ValidationError(
                {
                    "reason": _("Keep the reason to %(limit)s characters.")
                    % {"limit": RETURN_REASON_MAX}
                }
            )
        _transition(
            RuleBook(acting_user),
            activity,
            allowed_from={Activity.Approval.SUBMITTED, Activity.Approval.APPROVED},
            to=Activity.Approval.DRAFT,
            message=_("This activity is already a draft."),
        )
        activity.approved_by, activity.approved_at = None, None
        activity.return_reason, activity.returned_at = reason, timezone.now()
        activity.save(update_fields=APPROVAL_FIELDS)
        comment = ActivityComment.objects.create(
            activity=activity, author=acting_user, kind=ActivityComment.Kind.RETURNED, text=reason
        )
        notifications.returned_after_commit(comment=comment)
    return activity


def activities_approve(
    *, activities: Iterable[Activity], acting_user: User
) -> tuple[list[Activity], list[tuple[Activity, str]]]:
    """Approve several submitted activities, each on its own: those a rule refuses (approved
    meanwhile, a locked period, one's own entry) stay as they are, with the reason.

    Returns the approved activities and the refused ones with their messages.
    """
    approved, refused = [], []
    for activity in activities:
        try:
            approved.append(activity_approve(activity=activity, acting_user=acting_user))
        except (ValidationError, PermissionDenied) as error:
            refused.append((activity, " ".join(getattr(error, "messages", [str(error)]))))
    return approved, refused


COMMENT_MAX = 4000


@transaction.atomic
def comment_add(*, activity: Activity, acting_user: User, text: str) -> ActivityComment:
    """Add a comment to an activity's thread, as the acting user.

    Comments change no figure, so a settled activity or a locked period still takes them.
    """
    with acting_as(acting_user):
        if not acting_user.has_perm("programs.add_activitycomment"):
            raise PermissionDenied(_("You may not comment on activities."))
        text = (text or "").strip()
        if not text:
            raise ValidationError({"text": _("Write the comment first.")})
        if len(text) > COMMENT_MAX:
            raise ValidationError(
                {"text": _("Keep a comment to %(limit)s characters.") % {"limit": COMMENT_MAX}}
            )
        return ActivityComment.objects.create(activity=activity, author=acting_user, text=text)


@transaction.atomic
def evidence_add(*, activity: Activity, acting_user: User, file, description: str) -> Evidence:
    """Attach a file that shows the activity took place (not to a settled activity).

    The file is written only once the rules and the checks have passed, under a name chosen
    beforehand (untop.uploads): a full disk raises DiskFull and leaves no partial file, and a
    record that cannot be saved takes its file away with it.
    """
    with acting_as(acting_user):
        _check_may_edit(user=acting_user)
        evidence = Evidence(
            activity=activity, file=file, description=description, uploaded_by=acting_user
        )
        ensure_may_write(acting_user, evidence)
        evidence.full_clean()
        field = Evidence._meta.get_field("file")
        stored = store_upload(field, evidence, file)
        try:
            evidence.file = stored
            evidence.save()
        except BaseException:
            discard_upload(field, stored)
            raise
    return evidence


# -- any record of the back office --------------------------------------------------------
@transaction.atomic
@summaries_kept()
def record_save(*, acting_user: User, record: models.Model) -> models.Model:
    """Save a record as the acting user, refused if it breaks a rule (programs/rules.py).

    The back office saves every record through here (or through its model's own service),
    so a locked period, another centre's activity or a settled one is refused there as on
    the portal's pages.
    """
    with acting_as(acting_user):
        ensure_may_write(acting_user, record)
        record.save()
    return record


@transaction.atomic
@summaries_kept()
def record_delete(*, acting_user: User, records: Iterable[models.Model]) -> int:
    """Delete records as the acting user, one by one (each leaves its audit entry); refused,
    deleting nothing, if any of them or what they cascade to is protected by a rule."""
    records = list(records)
    with acting_as(acting_user):
        ensure_may_delete(acting_user, records)
        for record in records:
            record.delete()
    return len(records)


def user_invite(*, user: User, acting_user: User, request=None) -> None:
    """E-mail a new user a link to choose their password.

    The account gets a random password nobody knows, so that the ordinary "forgot your
    password" page keeps working for them if this link expires.
    """
    from django.contrib.auth.forms import PasswordResetForm
    from django.utils.crypto import get_random_string

    class InviteForm(PasswordResetForm):
        def get_users(self, email):
            # Only the new account, even when another user shares its address.
            yield user

    with acting_as(acting_user):
        user.set_password(get_random_string(48))
        user.save(update_fields=["password"])
    form = InviteForm({"email": user.email})
    form.is_valid()
    form.save(
        request=request,
        use_https=request.is_secure() if request else False,
        subject_template_name="registration/invite_subject.txt",
        email_template_name="registration/invite_email.txt",
        extra_email_context={"invited_by": acting_user},
    )


# -- budgets ---------------------------------------------------------------------------
CATEGORIES = dict(Expenditure.Category.choices)


class BudgetRevisedMeanwhile(Exception):
    """Someone else's revision became current after the user began theirs."""

    def __init__(self, current: BudgetRevision | None):
        self.current = current
        if current is None:
            message = _("The budget's revision was withdrawn meanwhile: open the budget again.")
        else:
            message = _(
                "Revision %(number)s of this budget was entered meanwhile by %(who)s: "
                "review it, then revise again."
            ) % {"number": current.number, "who": current.made_by or _("someone")}
        super().__init__(message)


@dataclass(frozen=True)
class LineInput:
    year: int
    category: str
    amount: Decimal


def _check_lines(project: Project, lines: Iterable[LineInput]) -> list[LineInput]:
    """The lines worth keeping (empty and zero lines dropped); ValidationError naming each
    bad line by its year and category."""
    errors, kept, seen = [], [], set()
    first, last = project.start.year, project.end.year
    for line in lines:
        if line.amount is None or line.amount == 0:
            continue
        name = f"{line.year} {CATEGORIES.get(line.category, line.category)}"
        if line.category not in CATEGORIES:
            errors.append(
                _("“%(category)s” is not a budget category.") % {"category": line.category}
            )
        elif not first <= line.year <= last:
            errors.append(
                _("%(line)s: the project runs from %(first)s to %(last)s.")
                % {"line": name, "first": first, "last": last}
            )
        elif line.amount < 0:
            errors.append(_("%(line)s: an amount cannot be negative.") % {"line": name})
        elif (line.year, line.category) in seen:
            errors.append(_("%(line)s is given twice.") % {"line": name})
        else:
            seen.add((line.year, line.category))
            kept.append(line)
    if errors:
        raise ValidationError({"lines": errors})
    if not kept:
        raise ValidationError({"lines": [_("A budget needs at least one line.")]})
    return kept


@transaction.atomic
def budget_revise(
    *,
    project: Project,
    acting_user: User | None,
    made_on: datetime.date,
    reason: str,
    lines: Iterable[LineInput],
    based_on: int | None,
) -> BudgetRevision:
    """Make a new current revision of the project's budget from ``lines``.

    ``based_on`` is the number of the revision the user saw (None for a project with no
    budget yet). Refused, changing nothing: by PermissionDenied without the permission; by
    ValidationError naming the field (a line, the reason, a locked period, a missing rate);
    by BudgetRevisedMeanwhile when another revision became current since.
    """
    if acting_user is not None and not acting_user.has_perm("programs.add_budgetrevision"):
        raise PermissionDenied(_("You may not revise budgets."))
    # The project's row, locked: revisions of one project queue behind each other.
    project = Project.objects.select_for_update().get(pk=project.pk)
    current = (
        BudgetRevision.objects.filter(project=project, is_current=True)
        .select_related("made_by")
        .first()
    )
    if (current.number if current else None) != based_on:
        raise BudgetRevisedMeanwhile(current)
    book = RuleBook(acting_user)
    book.hold()
    book.enforce(book.period(made_on, field="made_on"))
    reason = (reason or "").strip()
    errors: dict[str, list] = {}
    if current is not None and not reason:
        errors["reason"] = [_("Say why the budget is revised.")]
    try:
        kept = _check_lines(project, lines)
    except ValidationError as error:
        errors.update(error.message_dict)
        kept = []
    rates = Rates([project.currency])
    if kept and "made_on" not in errors:
        try:
            rates.rate(project.currency, made_on)
        except RateMissing as missing:
            errors["made_on"] = [missing.for_budget()]
    if errors:
        raise ValidationError(errors)
    with acting_as(acting_user):
        if current is not None:
            BudgetRevision.objects.filter(pk=current.pk, is_current=True).update(is_current=False)
        revision = BudgetRevision(
            project=project,
            number=(current.number if current else 0) + 1,
            made_on=made_on,
            reason=reason,
            made_by=acting_user,
            currency=project.currency,
        )
        try:
            with transaction.atomic():
                revision.save()
        except IntegrityError:  # another revision took the number or the current place
            raise BudgetRevisedMeanwhile(
                BudgetRevision.objects.filter(project=project, is_current=True).first()
            ) from None
        rows = []
        for line in kept:
            amount_usd, used = rates.convert(line.amount, project.currency, made_on)
            rows.append(
                BudgetLine(
                    revision=revision,
                    year=line.year,
                    category=line.category,
                    amount=line.amount,
                    rate=used,
                    amount_usd=amount_usd,
                )
            )
        for row in rows:  # one by one: each leaves its audit entry
            row.save()
        revision.total = sum((row.amount for row in rows), Decimal(0))
        revision.total_usd = sum((row.amount_usd for row in rows), Decimal(0))
        revision.save(update_fields=["total", "total_usd"])
        project.budget_usd = revision.total_usd
        project.save(update_fields=["budget_usd"])
    return revision
