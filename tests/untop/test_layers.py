"""The layers of the portal: the core (untop) imports no app, and no area app imports another.

The core finds the apps through the registries they fill from their portal modules
(untop.registry); an area app builds on programs and the core, never on another area. The
modules' imports are read from their source (ast), so a module imported only inside a
function counts too, as does a model fetched by its app's name
(``apps.get_model("programs", "Activity")``) or a module by its dotted path
(``import_module("training.reports")``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("programs", "training", "elections", "humanrights")
AREAS = ("training", "elections", "humanrights")


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path, path.name == "__init__.py"


def _imports(module: str, path: Path, is_package: bool) -> list[tuple[int, str]]:
    """(line, dotted name) of every module the source imports, and of every app label or
    dotted path it names to get_model or import_module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
        elif isinstance(node, ast.Call):
            called = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            first = node.args[0] if node.args else None
            if (
                called in {"get_model", "import_module", "get_app_config"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.append((node.lineno, first.value))
    return found


def _top(name: str) -> str:
    return name.split(".")[0]


def _crossings(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{module} (line {line}) imports {name}"
        for module, path, is_package in _modules(package)
        for line, name in _imports(module, path, is_package)
        if _top(name) in forbidden
    ]


def test_the_core_imports_no_app():
    assert _crossings("untop", APPS) == []


@pytest.mark.parametrize("area", AREAS)
def test_an_area_app_imports_no_other_area(area):
    assert _crossings(area, tuple(other for other in AREAS if other != area)) == []


def test_a_crossing_is_named_with_its_module_and_import(tmp_path, monkeypatch):
    """The walk finds a plain import, a relative one and a model fetched by app label."""
    package = tmp_path / "untop"
    (package / "reports").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "reports" / "__init__.py").write_text("")
    (package / "reports" / "bad.py").write_text(
        "import os\n"
        "from programs.models import Activity\n"
        "from . import registry\n"
        "def f(apps):\n"
        "    return apps.get_model('training', 'Session')\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _crossings("untop", APPS) == [
        "untop.reports.bad (line 2) imports programs.models",
        "untop.reports.bad (line 5) imports training",
    ]
    modules = {name: (path, is_pkg) for name, path, is_pkg in _modules("untop")}
    path, is_package = modules["untop.reports.bad"]
    assert (3, "untop.reports") in _imports("untop.reports.bad", path, is_package)
