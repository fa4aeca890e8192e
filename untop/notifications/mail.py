"""Sending a notification: one message per recipient, in the recipient's language, plain
text with an HTML alternative, links to the portal in full (settings.UNTOP_PORTAL_URL, as
the sending task has no web request)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .models import DigestSent

logger = logging.getLogger(__name__)


def portal_url(path: str) -> str:
    """The absolute address of a path of the portal."""
    return settings.UNTOP_PORTAL_URL.rstrip("/") + path


def recipient_language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def message_for(
    user,
    *,
    subject: Callable[[], str],
    template: str,
    context: dict[str, Any] | Callable[[Any], dict[str, Any]],
) -> EmailMultiAlternatives:
    """The e-mail to one user: ``template`` + ".txt" and ".html" rendered, and ``subject()``
    called, in the user's language."""
    language = recipient_language(user)
    with translation.override(language):
        values = context(user) if callable(context) else context
        values = {
            **values,
            "recipient": user,
            "language": language,
            "portal_url": portal_url("/"),
            "account_url": portal_url(reverse("account")) + "#notifications",
        }
        title = " ".join(str(subject()).split())  # one line, whatever the title holds
        text = render_to_string(f"{template}.txt", values)
        html = render_to_string(f"{template}.html", values)
    message = EmailMultiAlternatives(
        subject=title,
        body=text,
        to=[user.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_send(
    users: Iterable,
    *,
    subject: Callable[[], str],
    template: str,
    context: dict[str, Any] | Callable[[Any], dict[str, Any]],
) -> int:
    """Send the notification to each user (one message each, so no one sees the others'
    addresses) over one connection; returns how many were sent.

    The connection is opened first: a mail server that cannot be reached fails the task
    before anyone is sent anything, so that the task's retry sends each message once.
    """
    messages = [
        message_for(user, subject=subject, template=template, context=context) for user in users
    ]
    if not messages:
        return 0
    with get_connection(fail_silently=False) as connection:
        return connection.send_messages(messages) or 0


def week_of(day: datetime.date | None = None) -> datetime.date:
    """The Monday of the day's week (the office's time zone by default)."""
    day = day or timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class DigestPart:
    """One kind's part of a person's weekly digest: the subject it would have alone, and the
    template of its section (``template`` + ".txt" and ".html", without greeting or footer).
    """

    kind: str
    subject: Callable[[], str]
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def digest_message_for(user, parts: Sequence[DigestPart]) -> EmailMultiAlternatives:
    """The one weekly e-mail to the user, with a section per part, in the user's language;
    its subject is the part's own, or the parts' subjects one after the other."""
    sections = []
    for part in parts:
        with translation.override(recipient_language(user)):
            values = {**part.context, "recipient": user, "portal_url": portal_url("/")}
            sections.append(
                {
                    "subject": " ".join(str(part.subject()).split()),
                    "text": render_to_string(f"{part.template}.txt", values).strip(),
                    # Rendered (and escaped) by the template engine: safe to place as is.
                    "html": mark_safe(render_to_string(f"{part.template}.html", values)),  # noqa: S308
                }
            )

    def subject() -> str:
        if len(sections) == 1:
            return sections[0]["subject"]
        return gettext("Weekly digest: %(parts)s") % {
            "parts": "; ".join(section["subject"] for section in sections)
        }

    return message_for(
        user,
        subject=subject,
        template="notifications/email/digest",
        context={"sections": sections},
    )


def digest_send(user, *, week: datetime.date, parts: Sequence[DigestPart]) -> bool:
    """Send the user one e-mail with the parts of this week's digest not yet sent; True if
    sent now. A person who gets several kinds (a manager who also enters a centre's
    activities) reads them in one e-mail.

    The records and the message go together: each part's row commits only once the message
    has left, and a second run (or one at the same moment) finds the rows and sends nothing
    again.
    """
    already = set(
        DigestSent.objects.filter(
            user=user, week=week, kind__in=[part.kind for part in parts]
        ).values_list("kind", flat=True)
    )
    due = [part for part in parts if part.kind not in already]
    if not due:
        return False
    with transaction.atomic():
        claimed = []
        for part in due:
            try:
                with transaction.atomic():
                    DigestSent.objects.create(user=user, kind=part.kind, week=week)
            except IntegrityError:
                continue  # a run at the same moment is sending this part
            claimed.append(part)
        if not claimed:
            return False
        message = digest_message_for(user, claimed)
        with get_connection(fail_silently=False) as connection:
            connection.send_messages([message])
    return True
