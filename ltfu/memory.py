"""Memory helpers for the large in-memory calculations and the exports (nothing of ltfu imported)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration.

    The calculation allocates a few hundred thousand small, acyclic containers; each
    full collection would also walk the caller's million-odd input records, which
    costs about a third of the run time at 10,000 subjects (an export's millions of
    rows, read in batches, likewise). Reference counting still frees everything; the
    collector is re-enabled (if it was enabled) on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
