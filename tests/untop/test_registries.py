"""How area apps plug in: report sections, menu entries and demo data."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from demo import registry as demo
from tests.factories import PledgeFactory
from untop.reports import registry
from untop.reports.services import report_render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_section():
    section = registry.ReportSection(
        kind="donor",
        code="test-area",
        title="A test area",
        template_name="tests/section.html",
        build=lambda parameters: (
            {"figure": 42, "donor": parameters["donor"]} if parameters["donor"] == "NOR" else None
        ),
    )
    registry.register_report_section(section)
    yield section
    registry._sections.pop(("donor", "test-area"))


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_an_area_section_is_added_to_the_report_it_registered_for(test_section):
    PledgeFactory(donor__code="NOR", donor__name="Norway")
    PledgeFactory(donor__code="CHE", donor__name="Switzerland")
    kind = registry.get_report_kind("donor")
    params = {"start": "2005-06-01", "end": "2006-05-31"}
    assert "Section says 42 for NOR" in _text(
        report_render_pdf(kind=kind, parameters={"donor": "NOR", **params})
    )
    # An area with nothing to say for the parameters is left out.
    assert "A test area" not in _text(
        report_render_pdf(kind=kind, parameters={"donor": "CHE", **params})
    )


def test_the_menu_shows_only_the_pages_a_role_may_open(staff_client, manager_client):
    staff_menu = staff_client.get(reverse("programs:dashboard")).context["nav_links"]
    manager_menu = manager_client.get(reverse("programs:dashboard")).context["nav_links"]
    labels = [link["label"] for link in staff_menu]
    assert labels[:3] == ["Dashboard", "National dialogue", "Activities"]
    assert "Reports" not in labels
    assert "Monitoring notes" not in labels
    assert "Reports" in [link["label"] for link in manager_menu]
    assert [link["label"] for link in staff_menu if link["current"]] == ["Dashboard"]


def test_load_demo_runs_the_registered_area_loaders():
    from django.core.management import call_command

    calls = []
    demo.register_demo_loader("test-area", lambda write: calls.append(write("area loaded")))
    try:
        out = io.StringIO()
        call_command("load_demo", "--allow-production", stdout=out)
    finally:
        demo._loaders.pop("test-area")
    assert len(calls) == 1
    assert "area loaded" in out.getvalue()


def test_a_second_different_entry_under_a_taken_name_is_refused_naming_it():
    from untop.registry import AlreadyRegistered

    loader = demo.demo_loaders()["training"]
    demo.register_demo_loader("training", loader)  # the same one again: nothing changes
    assert demo.demo_loaders()["training"] is loader
    with pytest.raises(AlreadyRegistered, match="demo loader 'training'"):
        demo.register_demo_loader("training", lambda write: None)
    assert demo.demo_loaders()["training"] is loader


def test_every_registry_follows_the_one_policy():
    """Each registry the apps fill from their portal modules refuses a second, different
    entry under a taken key; none keeps its own rule."""
    from demo.registry import _generators
    from programs.letter_annex import _parts
    from programs.rules import _GOVERNED
    from untop.audit.registry import audited
    from untop.exports import _withheld
    from untop.imports.engine import _registry
    from untop.navigation import _registered
    from untop.registry import Registry

    for entries in (
        registry._kinds,
        registry._sections,
        demo._loaders,
        _generators,
        _registry,
        _parts,
        _GOVERNED,
        audited,
        _withheld,
        _registered,
    ):
        assert isinstance(entries, Registry), entries
        assert entries, f"nothing registered in the {entries.name} registry"
