# SPDX-License-Identifier: Apache-2.0
"""The pty side the serial emulators share: plugging a pty in (with a stable link to it) and
out, writing a whole frame, and waiting until the driver on the other side has read
everything written.

All run on the caller's thread; the emulator holds its wire lock around them.
"""

from __future__ import annotations

import array
import fcntl
import os
import select
import termios
import time
import tty
import uuid
from collections.abc import Callable
from pathlib import Path

SETTLE_S = 0.03
"""How long the pty must stay empty after the last write before it counts as drained."""

WRITE_TIMEOUT_S = 2.0
"""How long a write may wait for the driver to read."""


def open_pty(link: Path | None) -> tuple[int, int, str]:
    """A new raw pty: ``(master, slave, device path)``; ``link``, when given, is pointed at the
    device path (replaced atomically, so a driver following it never sees it missing)."""
    master, slave = os.openpty()
    tty.setraw(slave)  # no echo, no CR/NL translation, no line buffering
    os.set_blocking(master, False)
    device_path = os.ttyname(slave)
    if link is not None:
        tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex[:6]}")
        os.symlink(device_path, tmp)
        os.replace(tmp, link)
    return master, slave, device_path


def close_pty(master: int | None, slave: int | None, link: Path | None) -> None:
    """Pull the pty out: both sides closed (the driver sees the device vanish), ``link``
    removed."""
    for fd in (master, slave):
        if fd is not None:
            os.close(fd)
    if link is not None:
        try:
            link.unlink()
        except FileNotFoundError:
            pass


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
