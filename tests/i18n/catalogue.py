"""Read the portal's .po catalogues (a small reader: the tests need no gettext tools)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent.parent / "locale"
LANGUAGES = ("ru", "tg")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def entries(language: str) -> list[Entry]:
    """The entries of locale/<language>/LC_MESSAGES/django.po, header excluded."""
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    found: list[Entry] = []
    current: Entry | None = None
    key: tuple[str, int] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            current = None
            continue
        if current is None:
            current = Entry()
            found.append(current)
        if line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? (".*")$', line):
            name, index, text = match.group(1), int(match.group(2) or 0), match.group(3)
            key = (name, index)
            _append(current, key, ast.literal_eval(text), start=True)
        elif line.startswith('"') and key is not None:
            _append(current, key, ast.literal_eval(line), start=False)
    return [entry for entry in found if entry.msgid and not entry.obsolete]


def _append(entry: Entry, key: tuple[str, int], text: str, *, start: bool) -> None:
    name, index = key
    if name == "msgstr":
        entry.msgstr[index] = text if start else entry.msgstr[index] + text
    elif name == "msgctxt":
        entry.msgctxt = text if start else (entry.msgctxt or "") + text
    elif name == "msgid_plural":
        entry.msgid_plural = text if start else (entry.msgid_plural or "") + text
    else:
        entry.msgid = text if start else entry.msgid + text
