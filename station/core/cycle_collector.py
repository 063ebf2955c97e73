# SPDX-License-Identifier: Apache-2.0
"""Bulk work and Python's cyclic garbage collector: the two ways the core keeps the collector's
full passes off long runs that make many objects and next to no cyclic garbage. Reference
counting, which frees everything else, is never paused. Start-up has its own pause
(:mod:`station.collector_pause`), which freezes what the window loaded once it is up.

* :func:`paused` (an import reading a file): every row and record lives until the import
  ends, so the collector's passes over the growing heap found nothing and cost about a fifth
  of reading 100,000 items. The collector is off for the read and on again after it.
* :func:`heap_set_aside` (a pull): its rows are short-lived and are still collected; what the
  process held before (``gc.freeze``) is left out of the walks, which walked the whole heap
  every few batches: 10-25% of a pull's CPU time at 100,000 movements.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off for the block; a collector that was off already stays off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def heap_set_aside() -> Iterator[None]:
    """The objects the process holds now left out of cyclic collection for the block. Nothing
    is done when something froze them already: the window freezes what start-up loaded, so in
    the window this does nothing; it sets aside a headless or scripted station's heap."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
