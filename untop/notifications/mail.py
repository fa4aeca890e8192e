"""Sending a notification: one message per recipient, in the recipient's language, plain
text with an HTML alternative, links to the portal in full (settings.UNTOP_PORTAL_URL, as
the sending task has no web request)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

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


def digest_send(
    user,
    *,
    kind: str,
    week: datetime.date,
    subject: Callable[[], str],
    template: str,
    context: dict[str, Any],
) -> bool:
    """Send a weekly digest to the user unless it was sent this week; True if sent now.

    The record and the message go together: the row commits only once the message has
    left, and a second run (or one at the same moment) finds the row and sends nothing.
    """
    if DigestSent.objects.filter(user=user, kind=kind, week=week).exists():
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, kind=kind, week=week)
        except IntegrityError:
            return False
        message = message_for(user, subject=subject, template=template, context=context)
        with get_connection(fail_silently=False) as connection:
            connection.send_messages([message])
    return True
