"""Python's cyclic garbage collector paused for a bulk job: an import or a PDF's layout.

Such a job holds tens of thousands of live objects (an import's records until their batch is
written, WeasyPrint's boxes until a part's pages are drawn), and each automatic collection
walks all of them again, while they form few reference cycles. Measured (bench/imports.py,
bench/reports.py): a third of a 100,000-row sign-in sheet's processor time and a fifth of a
donor report's went to those walks; the peak memory is the same within 2 %. Neither Django,
django-import-export nor WeasyPrint offers this, hence these lines.

Only the automatic collection waits: memory freed by reference counting is freed as before,
an explicit ``gc.collect()`` still runs, and the collector runs again, as it was, as soon as
the job ends or fails.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
