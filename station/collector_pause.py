# SPDX-License-Identifier: Apache-2.0
"""Start-up without the cycle collector.

Opening the window creates a few hundred thousand objects that live as long as the process
(modules, classes, SQLAlchemy's tables and compiled SQL, Qt's wrappers) and almost no cyclic
garbage: the collector's passes over them while the station starts found nothing and cost
about a sixth of the start. ``station run`` pauses the collector before it imports the
window's modules (:func:`pause`) and resumes it once the window is up (:func:`resume`):
everything loaded by then is frozen out of the collector (``gc.freeze``), so it is never
walked again and later passes, during the scans, are the shorter for it. Reference counting,
which frees all the rest, is never paused.
"""

from __future__ import annotations

import gc

_paused = [False]


def pause() -> None:
    """Stop the cyclic collector until :func:`resume` (no-op when it is off already)."""
    if gc.isenabled():
        gc.disable()
        _paused[0] = True


def resume() -> None:
    """Freeze what start-up loaded and turn the collector back on; only after :func:`pause`
    turned it off, so a host that runs the window with its own collector policy keeps it."""
    if _paused[0]:
        _paused[0] = False
        gc.freeze()
        gc.enable()
