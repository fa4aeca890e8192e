"""The back office's shared base classes: every app's ModelAdmins build on these.

``PortalAdmin`` writes through the office's services and shows what the office's rules say of
a record; the rules and the services are the programs app's, which declares them here as the
back office's write path (``register_write_path`` in programs/portal.py), so the core names
no app. ``LargeTableAdmin`` and ``year_filter`` serve the large tables (activities, trainees,
enrolments): on a table of a hundred thousand rows, the admin's list would otherwise count
the whole table on every page (twice: the list's count and the "N total" beside the search
box) and group every row for its date drill-down. `LargeTableAdmin` counts an unfiltered
list up to 10,000 rows and takes the planner's estimate past that (PostgreSQL; one query
either way), and `year_filter` offers the years of a date without reading every row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Max, Min, QuerySet
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from untop.audit.admin import AuditedAdminMixin
from untop.audit.context import acting_as
from untop.concurrency import EditedMeanwhile, ensure_unchanged
from untop.concurrency_forms import versioned
from untop.registry import Registry


# -- the write path the back office saves through ----------------------------------------
class RecordRules(Protocol):
    """What the office's rules say of records, for one user (programs.rules.RuleBook): each
    method returns the rules broken, each with its ``message`` and ``field``."""

    def record(self, obj) -> list: ...

    def protection(self, obj) -> list: ...

    def deletion(self, objs) -> list: ...

    def link_changes(self, obj, name: str, chosen) -> list: ...


@dataclass(frozen=True)
class WritePath:
    """How the back office writes: the rules read for a user (reading only: the services
    check them again as they write), the services that save and delete a record as the
    acting user, and the errors those raise when someone saved the record meanwhile."""

    rule_book: Callable[[Any], RecordRules]
    save: Callable[..., Any]
    delete: Callable[..., Any]
    edited_meanwhile: tuple[type[Exception], ...] = ()


_write_paths: Registry = Registry("back-office write path")


def register_write_path(path: WritePath) -> None:
    """Declare the back office's write path (one for the portal: the programs app's)."""
    _write_paths.register("records", path)


def write_path() -> WritePath:
    try:
        return _write_paths["records"]
    except KeyError:
        raise ImproperlyConfigured(
            "No back-office write path is registered: an app's portal.py declares it with "
            "untop.admin_base.register_write_path."
        ) from None


# Django's words for a row's checkbox, translated by its own catalogue (a name, not a literal,
# so that `make messages` does not copy them into the portal's).
_DJANGO_CHECKBOX_LABEL = "Select this object for an action - {}"


class PortalAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The back office's writes go through the services and keep the office's rules.

    Saves and deletes are credited to the signed-in user. A record a rule protects (a locked
    period, another centre's activity, a settled one) shows read-only with the reason; its
    form and its inlines refuse the save with the rule's message; deleting it, alone or
    among the selected, is refused on the confirmation page, cascades included.
    """

    # The form shows both versions when the record was saved after it was opened.
    change_form_template = "portal/admin_change_form.html"
    # Saving checks, under the record's row lock, that it is still as the form loaded it; a
    # model whose service checks its own version (activities) leaves it to the service.
    checks_opened_state = True

    def action_checkbox(self, obj):
        # Django's own markup for a row's checkbox (ModelAdmin.action_checkbox), written here:
        # Django renders it through the form widgets' templates, once per row, which took 15
        # ms of a back-office list of a hundred rows. tests/untop/test_admin_base.py holds it
        # to Django's.
        label = format_html(gettext(_DJANGO_CHECKBOX_LABEL), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    # -- what the rules say of a record ---------------------------------------------------
    def rule_violations(self, request, obj) -> list:
        """What saving this record (as changed in memory) would break. A model with its own
        service (activities) adds that service's checks."""
        return rule_book(request).record(obj)

    def link_violations(self, request, form) -> list[tuple[str, Any]]:
        """What the form's many-to-many choices break, by field (RuleBook.link_changes)."""
        found = []
        for field in form.instance._meta.many_to_many:
            if field.name in form.fields and field.name in form.cleaned_data:
                chosen = form.cleaned_data[field.name]
                book = rule_book(request)
                for violation in book.link_changes(form.instance, field.name, chosen):
                    found.append((field.name, violation))
        return found

    def _protection(self, request, obj) -> list:
        """The rules that keep a saved record as it is, read once per request."""
        memo = request.__dict__.setdefault("_rule_protection", {})
        key = (type(obj), obj.pk)
        if key not in memo:
            memo[key] = rule_book(request).protection(obj)
        return memo[key]

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.pk is not None and self._protection(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and object_id:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                for violation in self._protection(request, obj):
                    self.message_user(request, violation.message, level=messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = versioned(super().get_form(request, obj, change, **kwargs))
        return _rule_checked_form(form_class, self, request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (EditedMeanwhile, *write_path().edited_meanwhile):
            # Saved by someone else between this form's checks and its save (the checks
            # themselves show the merge): nothing was saved; the page shows what is saved now.
            self.message_user(
                request,
                _(
                    "Someone saved this record at the same moment, so nothing was saved: "
                    "here it is as saved now. Make your change again."
                ),
                level=messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield _rule_checked_formset(formset, request), inline

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refused = [v.message for v in rule_book(request).deletion(objs)]
        return deleted, counts, perms_needed, [*protected, *refused]

    # -- writing through the services -----------------------------------------------------
    def save_form(self, request, form, change):
        if change and self.checks_opened_state:
            # Inside the page's transaction: the row stays locked until the save commits.
            ensure_unchanged(form.instance, opened=form.opened_now, fields=form.versioned_fields)
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        write_path().save(acting_user=request.user, record=obj)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            # Each changed row, under its row lock, is still as its form loaded it.
            kept = row.instance.pk is not None and row not in formset.deleted_forms
            if kept and row.has_changed() and hasattr(row, "opened_now"):
                ensure_unchanged(row.instance, opened=row.opened_now, fields=row.versioned_fields)
        instances = formset.save(commit=False)
        write_path().delete(acting_user=request.user, records=formset.deleted_objects)
        for instance in instances:
            self.save_inline_record(request, instance)
        # The rows' many-to-many choices have no service: the audit context names the user.
        with acting_as(request.user):
            formset.save_m2m()

    def save_inline_record(self, request, instance) -> None:
        write_path().save(acting_user=request.user, record=instance)

    def save_related(self, request, form, formsets, change):
        # Django's save_related, with the context only where no service writes: the record's
        # many-to-many choices. The inlines' rows go through the services (save_formset).
        with acting_as(request.user):
            form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        write_path().delete(acting_user=request.user, records=[obj])

    def delete_queryset(self, request, queryset):
        write_path().delete(acting_user=request.user, records=queryset)


def rule_book(request) -> RecordRules:
    """One rule book per request: what the rules read is read once for all its checks."""
    if not hasattr(request, "_rule_book"):
        # Reading: the back office's pages and forms show what the rules say; the services
        # it saves through check them again, holding the locks, as they write.
        request._rule_book = write_path().rule_book(request.user)
    return request._rule_book


def _rule_checked_form(form_class, model_admin: PortalAdmin, request):
    """The admin's form, with the rules' refusals as its errors (a form error, not a 500)."""

    class RuleCheckedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            if self.errors:
                return
            for violation in model_admin.rule_violations(request, self.instance):
                field = violation.field if violation.field in self.fields else None
                self.add_error(field, violation.message)
            # The record's many-to-many choices (save_m2m writes them after the service):
            # a link added or removed to a record of a locked period changes that record.
            for name, violation in model_admin.link_violations(request, self):
                self.add_error(name, violation.message)

    RuleCheckedForm.__name__ = form_class.__name__
    return RuleCheckedForm


def _rule_checked_formset(formset_class, request):
    """An inline formset whose rows keep the rules: a row saved or deleted against a rule
    makes the whole formset invalid, with the rule's message."""

    class RuleCheckedFormSet(formset_class):
        # Each row carries the state it was opened at, as the page's main form does.
        form = versioned(formset_class.form)

        def clean(self):
            super().clean()
            book = rule_book(request)
            problems: dict[str, None] = {}
            deleted = [f.instance for f in self.deleted_forms if f.instance.pk is not None]
            for violation in book.deletion(deleted):
                problems[violation.message] = None
            for form in self.forms:
                if form in self.deleted_forms or not form.has_changed():
                    continue
                for violation in book.record(form.instance):
                    problems[violation.message] = None
            if problems:
                raise ValidationError(list(problems))

    RuleCheckedFormSet.__name__ = formset_class.__name__
    return RuleCheckedFormSet


# -- large tables ------------------------------------------------------------------------
# Up to this many rows a whole table is counted exactly; past it, the planner's estimate.
ESTIMATE_FROM_ROWS = 10_000
ESTIMATED_COUNT_SQL = (
    "SELECT CASE WHEN bounded.n < %s THEN bounded.n ELSE GREATEST(bounded.n, "
    "(SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s))) END "
    "FROM (SELECT COUNT(*) AS n FROM ({rows}) AS page_rows) AS bounded"
)


def bounded_count(queryset: QuerySet, bound: int | None = None) -> int:
    """The rows of an unfiltered queryset in one query: exactly up to `bound`, else estimated.

    PostgreSQL only. Counting stops at `bound` rows; past it, the table's size is the planner's
    estimate (pg_class.reltuples, kept by ANALYZE and autovacuum), never less than `bound`.
    """
    bound = ESTIMATE_FROM_ROWS if bound is None else bound
    connection = connections[queryset.db]
    sql, params = queryset.order_by().values("pk")[:bound].query.sql_with_params()
    # `sql` is Django's own, its values passed as parameters.
    query = ESTIMATED_COUNT_SQL.replace("{rows}", sql)
    with connection.cursor() as cursor:
        cursor.execute(
            query, [bound, connection.ops.quote_name(queryset.model._meta.db_table), *params]
        )
        return cursor.fetchone()[0]


class EstimatedCountPaginator(Paginator):
    """Counts a filtered list exactly, and a whole large table from the planner's estimate.

    An unfiltered list is a whole table: COUNT(*) would read every row on each page, when
    the estimate is good enough to number the pages. Either way, one query.
    """

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if (
            isinstance(rows, QuerySet)
            and connections[rows.db].vendor == "postgresql"
            and not rows.query.where
            and not rows.query.distinct
        ):
            return bounded_count(rows)
        return super().count


class LargeTableAdmin:
    """Mixin of the ModelAdmins of large tables: no full COUNT(*) on each page."""

    paginator = EstimatedCountPaginator
    # The "N total" beside a search would count the whole table again.
    show_full_result_count = False


def year_filter(field: str, title: str, *, bounds: QuerySet) -> type[admin.SimpleListFilter]:
    """A list filter by the year of `field` (a date reached through a join).

    Its years run from the first to the last of `bounds` (a queryset whose `start` column is
    indexed, e.g. all activities): two index reads, instead of the date drill-down's DISTINCT
    over every joined row.
    """

    class YearFilter(admin.SimpleListFilter):
        parameter_name = f"{field.replace('__', '_')}_year"

        def lookups(self, request, model_admin):
            span = bounds.aggregate(first=Min("start"), last=Max("start"))
            if not span["first"]:
                return []
            return [
                (str(year), str(year))
                for year in range(span["last"].year, span["first"].year - 1, -1)
            ]

        def queryset(self, request, queryset):
            value = self.value()
            if not value:
                return queryset
            try:
                year = int(value)
                first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            except (TypeError, ValueError):
                return queryset.none()
            return queryset.filter(**{f"{field}__range": (first, last)})

    YearFilter.title = title
    return YearFilter
