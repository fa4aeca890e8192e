"""The Russian and Tajik catalogues: complete, not fuzzy, compiled, and placeholders kept."""

from __future__ import annotations

import gettext

import pytest

from tests.i18n.catalogue import LANGUAGES, LOCALE, PLACEHOLDER, entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    found = entries(language)
    assert len(found) > 500, "the catalogue looks truncated"
    empty = [e.msgid for e in found if not e.msgstr or any(not s for s in e.msgstr.values())]
    fuzzy = [e.msgid for e in found if "fuzzy" in e.flags]
    assert empty == [], f"{len(empty)} untranslated in {language}: {empty[:10]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_english(language):
    wrong = []
    for entry in entries(language):
        expected = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            expected |= set(PLACEHOLDER.findall(entry.msgid_plural))
        for text in entry.msgstr.values():
            # A plural form may leave out the count ("one meeting"), never add a name.
            got = set(PLACEHOLDER.findall(text))
            if got - expected or (not entry.msgid_plural and got != expected):
                wrong.append((entry.msgid, text))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_the_po_file(language):
    """A fresh machine needs no gettext: the .mo in the repository must say what the .po says."""
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = []
    for entry in entries(language):
        if entry.msgid_plural and entry.msgctxt is not None:
            got = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
        elif entry.msgid_plural:
            got = compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
        elif entry.msgctxt is not None:
            got = compiled.pgettext(entry.msgctxt, entry.msgid)
        else:
            got = compiled.gettext(entry.msgid)
        if got != entry.msgstr[0]:
            stale.append(entry.msgid)
    assert stale == [], f"run `make messages`: {len(stale)} stale, e.g. {stale[:5]}"
