"""Searches in Russian and Tajik on SQLite, the portal's embedded default: any case, as on
PostgreSQL.

Django writes ``icontains`` (and, on SQLite, ``contains``) as ``LIKE``, and SQLite's own LIKE
ignores the case of ASCII letters only: "назаров" did not find "Назаров" in the trainee list,
nor in a session's search for a trainee to enrol. PostgreSQL (the production database)
compares ``UPPER()`` of both sides, which knows every alphabet.

SQLite lets a connection replace its ``like()`` function, which the LIKE operator calls. This
one matches the pattern's ``%`` and ``_`` (and its ESCAPE character) ignoring case as Python's
regular expressions do, in every alphabet. Neither SQLite nor Django ships such a function
(Django's documentation names the limitation) and no maintained library adds one, so it is
written here; it costs a call into Python per row compared, which the embedded default's
small offices do not feel.
"""

from __future__ import annotations

import functools
import re

from django.db.backends.signals import connection_created


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str, escape: str | None) -> re.Pattern:
    parts = []
    characters = iter(pattern)
    for character in characters:
        if escape is not None and character == escape:
            parts.append(re.escape(next(characters, "")))
        elif character == "%":
            parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def like(pattern: str | None, value: str | None, escape: str | None = None) -> bool | None:
    """``value LIKE pattern [ESCAPE escape]``, ignoring case in every alphabet. NULL on
    either side gives NULL, as SQL's LIKE does."""
    if pattern is None or value is None:
        return None
    return _compiled(str(pattern), escape).fullmatch(str(value)) is not None


def _use_unicode_like(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    database = connection.connection
    database.create_function("like", 2, like, deterministic=True)
    database.create_function("like", 3, like, deterministic=True)


def install() -> None:
    """Give every SQLite connection opened from now on the Unicode LIKE."""
    connection_created.connect(_use_unicode_like, dispatch_uid="untop.sqlite_like")
