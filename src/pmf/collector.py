"""Python's cycle collector, paused while a council's records are read and used.

Reading a repository makes tens of thousands of objects (records, their periods, figures
and text) that all live until the work is done. Each one made counts towards the next
collection, which walks them and frees nothing: a quarter of the CPU of ``pmf validate`` on
a large council (docs/reading.md). Objects no longer used are still freed at once by their
reference counts; only garbage in cycles waits, and a command's is measured at under 1% of
its memory.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection inside the block; afterwards the collector is as it was (on, unless a caller turned it off)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
