"""The demo and the synthetic data live in their own package (demo/), which the portal's apps
never import: they run the same without it, and hold no demo data of their own."""

from __future__ import annotations

from pathlib import Path

from django.core.management import get_commands

from tests.untop.test_layers import _crossings, _modules

PRODUCT = ("untop", "programs", "training", "elections", "humanrights")


def test_no_module_of_the_portal_imports_the_demo_package():
    assert [crossing for app in PRODUCT for crossing in _crossings(app, ("demo",))] == []


def test_the_portal_apps_hold_no_demo_or_synthetic_module():
    held = [
        module
        for app in PRODUCT
        for module, _path, _is_package in _modules(app)
        if {"demo", "synthetic", "load_demo", "generate_synthetic"} & set(module.split("."))
    ]
    assert held == []


def test_the_demo_commands_come_from_the_demo_package():
    commands = get_commands()
    assert commands["load_demo"] == "demo"
    assert commands["generate_synthetic"] == "demo"


def test_a_product_module_importing_the_demo_is_named(tmp_path: Path, monkeypatch):
    package = tmp_path / "training"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "views.py").write_text(
        "from demo.programs.reference import TOWNS\ndef f():\n    import demo.registry\n"
    )
    monkeypatch.setattr("tests.untop.test_layers.ROOT", tmp_path)
    assert _crossings("training", ("demo",)) == [
        "training.views (line 1) imports demo.programs.reference",
        "training.views (line 3) imports demo.registry",
    ]
