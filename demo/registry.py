"""The demo's two registries: the loaders `load_demo` runs and the generators
`generate_synthetic` runs, each in the order of registration (demo/portal.py).

A loader is a function taking a ``write(line)`` callable for its summary; it runs inside
load_demo's transaction, must be idempotent, and finds the records earlier loaders made
(centres, projects, users, activities) by their natural keys. A generator is a function
taking a `SyntheticRun` (demo/synthetic/run.py). Both keep the portal's one registry rule
(untop/registry.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from untop.registry import Registry

if TYPE_CHECKING:
    from .synthetic.run import SyntheticRun

DemoLoader = Callable[[Callable[[str], None]], None]
SyntheticGenerator = Callable[["SyntheticRun"], None]

_loaders: Registry = Registry("demo loader")
_generators: Registry = Registry("synthetic data generator")


def register_demo_loader(name: str, loader: DemoLoader) -> None:
    """Have `load_demo` run this loader (once per name, in the order of registration)."""
    _loaders.register(name, loader)


def demo_loaders() -> dict[str, DemoLoader]:
    return dict(_loaders)


def register_synthetic_generator(name: str, generator: SyntheticGenerator) -> None:
    """Have `generate_synthetic` run this generator (once per name, in registration order)."""
    _generators.register(name, generator)


def synthetic_generators() -> dict[str, SyntheticGenerator]:
    return dict(_generators)
