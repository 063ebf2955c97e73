# SPDX-License-Identifier: Apache-2.0
"""The one way off the UI thread.

All engine and store work runs on a single worker thread (so SQLite has exactly one writer);
results come back to the GUI thread through a queued Qt signal. ``fn`` passed to
:meth:`TaskRunner.run` runs on the worker and must not touch widgets; ``done`` and ``failed``
run on the GUI thread. Tests use :class:`InlineTasks`, which runs everything at once on the
calling thread, so UI tests never sleep.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class TaskRunner(QObject):
    """Runs callables on one background thread, delivers results on the GUI thread."""

    _finished = Signal(object, object, object)  # callback, result, error-callback
    #: an exception that no ``failed`` callback took: logged, then shown by the window
    unhandled = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="station-store")
        self._finished.connect(self._deliver)

    def run(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        def work() -> None:
            try:
                result = fn()
            except BaseException as exc:  # delivered to the GUI thread, never lost
                if failed is None:
                    log.error("background task failed", exc_info=exc)
                self._finished.emit(failed or self.unhandled.emit, exc, None)
                return
            self._finished.emit(done, result, None)

        self._pool.submit(work)

    def _deliver(self, callback: Callable[[Any], None] | None, value: Any, _unused: Any) -> None:
        if callback is not None:
            callback(value)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


class InlineTasks:
    """A TaskRunner stand-in for tests: runs ``fn`` at once, then the callback."""

    def run(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        try:
            result = fn()
        except BaseException as exc:
            if failed is None:
                raise
            failed(exc)
            return
        done(result)

    def shutdown(self) -> None:
        return None
