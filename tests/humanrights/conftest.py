"""Fixtures of the human-rights tests."""

import pytest


@pytest.fixture
def only_our_section(monkeypatch):
    """The donor report with this area's section alone, whatever other areas register."""
    from untop.reports import registry

    ours = [s for s in registry.report_sections("donor") if s.code == "humanrights"]
    monkeypatch.setitem(registry._sections, "donor", ours)
