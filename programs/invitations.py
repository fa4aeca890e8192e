"""Inviting many users at once from a spreadsheet, as a django-import-export resource.

Each row opens an account through programs.accounts.user_create (the same ceiling, role
and centre rules as the user admin) and, once the whole file has committed, e-mails the
person a link to choose their password (programs.services.user_invite). One bad row (an
unknown role or centre, a role above the importing user, a name already taken) and nothing
is saved.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from untop import roles
from untop.imports.reading import cell_text
from untop.imports.resources import Field, PortalResource
from untop.imports.widgets import CachedForeignKeyWidget, TextWidget

from . import accounts
from .models import Centre, User
from .services import user_invite


class RoleWidget(TextWidget):
    """One of the portal's roles, by name (any case)."""

    def __init__(self):
        super().__init__(100)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        for name in roles.ROLES:
            if name.lower() == text.lower():
                return name
        if not text:
            return None
        raise ValueError(f"“{text}” is not a role: one of {', '.join(roles.ROLES)}.")


class InvitationResource(PortalResource):
    """Each row opens an account through the accounts service, not a bulk insert: the
    service applies the user admin's rules and writes the account's events."""

    key, label = "invitations", "User invitations"
    permission = "programs.add_user"
    description = (
        "New users with their role and centre; each is e-mailed a link to choose a password."
    )
    key_columns = ("username",)

    username = Field(
        None,
        "username",
        TextWidget(150),
        help_text="The name they sign in with.",
        example="nodira.k",
    )
    first_name = Field(
        None,
        "first_name",
        TextWidget(150),
        required=False,
        default="",
        help_text="First name.",
        example="Nodira",
    )
    last_name = Field(
        None,
        "last_name",
        TextWidget(150),
        required=False,
        default="",
        help_text="Last name.",
        example="Karimova",
    )
    email = Field(
        None,
        "email",
        TextWidget(254),
        help_text="The address the link to choose a password is sent to.",
        example="nodira.k@untop.example.org",
    )
    role = Field(
        None,
        "role",
        RoleWidget(),
        help_text=f"One of: {', '.join(roles.ROLES)}.",
        example="Programme staff",
    )
    home_centre = Field(
        None,
        "home_centre",
        CachedForeignKeyWidget(Centre, "code", also=("name",), label="centre"),
        required=False,
        help_text="The centre's code or name; required for programme staff.",
        example="khujand",
    )

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "role", "home_centre")
        use_bulk = False
        force_init_instance = True
        clean_model_instances = False

    def prepare(self, dataset) -> None:
        self.taken = {name.lower() for name in User.objects.values_list("username", flat=True)}

    def row_errors(self, instance, values):
        if values["username"].lower() in self.taken:
            yield "username", f"The user name “{values['username']}” is taken."
        try:
            validate_email(values["email"])
        except ValidationError:
            yield "email", f"“{values['email']}” is not an e-mail address."
        try:
            accounts.ensure_may_grant(self.acting_user, values["role"])
        except accounts.AccountRefused as refused:
            yield "role", refused.message
        try:
            accounts.ensure_centre(values["role"], values.get("home_centre"))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                yield from ((name if name in self.fields else "", m) for m in messages)

    def save_instance(self, instance, is_create, row, **kwargs):
        """The account through the service; its invitation leaves once every row is saved
        (a file refused sends none)."""
        values = self.values
        try:
            user = accounts.user_create(
                acting_user=self.acting_user,
                username=values["username"],
                email=values["email"],
                first_name=values.get("first_name") or "",
                last_name=values.get("last_name") or "",
                role=values["role"],
                home_centre=values.get("home_centre"),
            )
        except accounts.AccountRefused as refused:
            raise ValidationError(refused.message) from None
        self.created += 1
        transaction.on_commit(
            partial(
                user_invite,
                user=user,
                acting_user=self.acting_user,
                request=accounts.portal_request(),
            )
        )
