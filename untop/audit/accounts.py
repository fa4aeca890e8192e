"""The one place an account change is recorded, and the person concerned is told of it.

Every path that changes an account (the user admin, the account pages, the invitations import,
the commands, single sign-on) calls `account_event`; nothing else writes AccountEvent rows.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import AccountEvent

Kind = AccountEvent.Kind


def account_event(
    *,
    kind: str,
    account,
    acting_user=None,
    detail: str = "",
    request=None,
    notify: bool = True,
) -> AccountEvent:
    """Record a change to `account` made by `acting_user` and e-mail the account's holder.

    The e-mail leaves only when the change commits, in the holder's own language; an account
    without an address is recorded and not e-mailed.
    """
    from untop.security.clientip import client_ip

    event = AccountEvent.objects.create(
        kind=kind,
        account=account,
        actor=acting_user if getattr(acting_user, "pk", None) else None,
        detail=detail[:300],
        ip_address=client_ip(request) if request is not None else None,
    )
    if notify and account.email:
        transaction.on_commit(lambda: _tell_holder(event, account, acting_user))
    return event


def _tell_holder(event: AccountEvent, account, acting_user) -> None:
    language = getattr(account, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "event": event,
            "account": account,
            "actor": acting_user,
            "by_themselves": acting_user is not None and acting_user.pk == account.pk,
        }
        subject = render_to_string("registration/account_event_subject.txt", context).strip()
        body = render_to_string("registration/account_event_email.txt", context)
    send_mail(subject, body, None, [account.email], fail_silently=False)
