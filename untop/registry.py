"""The one rule of every registry the apps fill from their portal module.

Each app declares what it adds to the portal (report kinds and sections, menu entries, demo
loaders, importers, audited models, governed models, withheld records, annex parts, role
grants) in ``<app>/portal.py``, which the core imports once every app is loaded
(``UntopConfig.ready``). Declaring the same thing twice is harmless; declaring a second,
different thing under a name already taken is a mistake, refused with the name.
"""

from __future__ import annotations

from typing import Any


class AlreadyRegistered(ValueError):
    """A second, different entry under a key already registered."""


class Registry(dict):
    """Entries by key, in the order they were registered.

    ``register(key, entry)``: the same entry (or an equal one) again is a no-op; a different
    one under the same key raises :class:`AlreadyRegistered`, naming the key.
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def register(self, key: Any, entry: Any) -> None:
        if key in self:
            existing = self[key]
            if existing is entry or existing == entry:
                return
            raise AlreadyRegistered(
                f"A {self.name} {key!r} is already registered, and it is a different one."
            )
        self[key] = entry
