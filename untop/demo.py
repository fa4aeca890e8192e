"""Demo data of the area apps: each registers a loader that `load_demo` runs after its own.

A loader is a function taking a ``write(line)`` callable for its summary; it runs inside
load_demo's transaction, must be idempotent, and finds the programs records (centres,
projects, users, activities) it builds on by their natural keys.
"""

from __future__ import annotations

from collections.abc import Callable

from untop.registry import Registry

DemoLoader = Callable[[Callable[[str], None]], None]

_loaders: Registry = Registry("demo loader")


def register_demo_loader(name: str, loader: DemoLoader) -> None:
    """Have `load_demo` run this loader (once per name, in the order of registration)."""
    _loaders.register(name, loader)


def demo_loaders() -> dict[str, DemoLoader]:
    return dict(_loaders)
