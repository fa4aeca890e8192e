"""Fixtures of the human-rights tests."""

import pytest


@pytest.fixture
def only_our_section(monkeypatch):
    """The donor report with this area's section alone, whatever other areas register."""
    from untop.reports import registry

    for kind, code in list(registry._sections):
        if kind == "donor" and code != "humanrights":
            monkeypatch.delitem(registry._sections, (kind, code))
