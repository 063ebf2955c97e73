# SPDX-License-Identifier: Apache-2.0
"""The pty side the serial emulators share: writing a whole frame, and waiting until the
driver on the other side has read everything written.

Both run on the caller's thread; the emulator holds its wire lock around them.
"""

from __future__ import annotations

import array
import fcntl
import os
import select
import termios
import time
from collections.abc import Callable

SETTLE_S = 0.03
"""How long the pty must stay empty after the last write before it counts as drained."""

WRITE_TIMEOUT_S = 2.0
"""How long a write may wait for the driver to read."""


def write_all(master: int, data: bytes, device: str) -> None:
    """Write ``data`` to the pty's ``master`` side, waiting while it is full; raises
    ``TimeoutError`` naming ``device`` when nobody reads it for ``WRITE_TIMEOUT_S``."""
    view = memoryview(data)
    deadline = time.monotonic() + WRITE_TIMEOUT_S
    while view:
        _, writable, _ = select.select([], [master], [], 0.05)
        if writable:
            try:
                view = view[os.write(master, view) :]
            except BlockingIOError:
                pass
        if view and time.monotonic() > deadline:
            raise TimeoutError(f"nobody reads the {device}'s pty")


def wait_drained(
    slave: Callable[[], int | None], last_write: Callable[[], float], timeout: float
) -> bool:
    """Wait up to ``timeout`` s until the driver has read everything written to the pty
    whose reader side ``slave()`` gives (None: unplugged, nothing to wait for).

    The pty moves written bytes to the reader's side asynchronously (a kernel work item), so
    "nothing to read" only counts once it has held for ``SETTLE_S`` after ``last_write()``.
    """
    deadline = time.monotonic() + timeout
    quiet = 0
    while (fd := slave()) is not None:
        buf = array.array("i", [0])
        try:
            fcntl.ioctl(fd, termios.FIONREAD, buf)
        except OSError:
            return False
        now = time.monotonic()
        quiet = quiet + 1 if buf[0] == 0 and now - last_write() >= SETTLE_S else 0
        if quiet >= 3:
            return True
        if now >= deadline:
            return False
        time.sleep(0.005)
    return True
