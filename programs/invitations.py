"""Inviting many users at once from a spreadsheet, through the import engine.

Each row opens an account through programs.accounts.user_create (the same ceiling, role
and centre rules as the user admin) and, once the whole file has committed, e-mails the
person a link to choose their password (programs.services.user_invite). One bad row (an
unknown role or centre, a role above the importing user, a name already taken) and nothing
is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from untop import roles
from untop.imports.columns import CellError, Column, KeyCache, text
from untop.imports.engine import (
    Importer,
    ImportInvalid,
    ParsedRow,
    Progress,
    RowError,
    validation_errors,
)
from untop.imports.reading import cell_text

from . import accounts
from .models import Centre, User
from .services import user_invite

COLUMN_OF = {
    "username": "username",
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "home_centre": "home_centre",
    "role": "role",
}


def _role(raw) -> str:
    value = cell_text(raw)
    for name in roles.ROLES:
        if name.lower() == value.lower():
            return name
    raise CellError(f"“{value}” is not a role: one of {', '.join(roles.ROLES)}.")


class InvitationImporter(Importer):
    key = "invitations"
    label = "User invitations"
    model = User
    permission = "programs.add_user"
    description = (
        "New users with their role and centre; each is e-mailed a link to choose a password."
    )
    key_columns = ("username",)

    def get_columns(self) -> list[Column]:
        return [
            Column("username", "The name they sign in with.", text(150), example="nodira.k"),
            Column("first_name", "First name.", text(150), required=False, example="Nodira"),
            Column("last_name", "Last name.", text(150), required=False, example="Karimova"),
            Column(
                "email",
                "The address the link to choose a password is sent to.",
                text(254),
                example="nodira.k@untop.example.org",
            ),
            Column("role", f"One of: {', '.join(roles.ROLES)}.", _role, example="Programme staff"),
            Column(
                "home_centre",
                "The centre's code or name; required for programme staff.",
                KeyCache(Centre.objects.all(), ("code", "name"), "centre"),
                required=False,
                example="khujand",
            ),
        ]

    def may_export(self, user) -> bool:
        return False  # the access review (user admin) is the list of accounts

    def check(self, rows: list[ParsedRow]) -> Iterable[RowError]:
        taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
        for row in rows:
            values = row.values
            if values["username"].lower() in taken:
                yield RowError(
                    row.number, "username", f"The user name “{values['username']}” is taken."
                )
            try:
                validate_email(values["email"])
            except ValidationError:
                yield RowError(
                    row.number, "email", f"“{values['email']}” is not an e-mail address."
                )
            try:
                accounts.ensure_may_grant(self.acting_user, values["role"])
            except accounts.AccountRefused as refused:
                yield RowError(row.number, "role", refused.message)
            try:
                accounts.ensure_centre(values["role"], values["home_centre"])
            except ValidationError as error:
                yield from validation_errors(error, row.number, COLUMN_OF)

    def save(self, rows: list[ParsedRow], progress: Progress) -> tuple[int, int]:
        for index, row in enumerate(rows):
            values = row.values
            try:
                user = accounts.user_create(
                    acting_user=self.acting_user,
                    username=values["username"],
                    email=values["email"],
                    first_name=values["first_name"] or "",
                    last_name=values["last_name"] or "",
                    role=values["role"],
                    home_centre=values["home_centre"],
                )
            except accounts.AccountRefused as refused:
                raise ImportInvalid([RowError(row.number, "", refused.message)]) from None
            except ValidationError as error:
                raise ImportInvalid(validation_errors(error, row.number, COLUMN_OF)) from None
            # Invitations leave once every row is saved: a file refused sends none.
            transaction.on_commit(
                partial(
                    user_invite,
                    user=user,
                    acting_user=self.acting_user,
                    request=accounts.portal_request(),
                )
            )
            if index % 100 == 99:
                progress(40 + int(60 * index / len(rows)), f"Invited {index + 1:,} users")
        return len(rows), 0

    def export_rows(self, queryset) -> Iterable[list]:
        return iter(())
