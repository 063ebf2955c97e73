# SPDX-License-Identifier: Apache-2.0
"""One station per store file: an exclusive lock held while a process may write the store.

The lock is an operating-system file lock (``flock`` on Linux and macOS, a one-byte range lock
on Windows, from the standard library: :class:`OsFileLock`) on ``<database>.lock`` beside the
database, held by an open descriptor. The
kernel drops it when the holding process ends, however it ends, so the lock of a station that
crashed or was killed is never stale: the next start simply takes it and says whose it was.
Who holds it (pid, host, since when) is written to ``<database>.holder`` once it is taken, so
a second station can be refused at once with a sentence naming the holder.

Within one process the lock is shared: opening the same store twice for writing (a restart
of the engine, a test) counts references and releases the lock with the last one.

Read-only opens never take it (``Store.open(..., read_only=True)``): reports, exports,
checks and backups work beside a running station.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from msgspec import Struct

from .errors import StoreError

log = logging.getLogger(__name__)

_HELD_ELSEWHERE = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK}
"""What the operating system answers when another process holds the lock (``flock`` says
EWOULDBLOCK; Windows' ``locking`` EACCES or EDEADLOCK, which is EDEADLK)."""


class OsFileLock:
    """An exclusive lock on one file, taken without waiting and held by an open descriptor, so
    the kernel lets go of it when the process ends however it ends. (The ``filelock`` library
    did this before December 2026; its version 4 imports some twenty modules, about 2% of the
    window's start, for the two calls used here.)"""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock: True, or False at once when another process holds it. OSError when
        the lock file cannot be opened."""
        self.path.parent.mkdir(parents=True, exist_ok=True)  # a first start makes the folder
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            if exc.errno in _HELD_ELSEWHERE:
                return False
            raise
        self._fd = fd
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class Holder(Struct, frozen=True):
    """Who holds (or last held) a store's lock."""

    pid: int
    host: str
    since: str
    command: str = ""

    def describe(self) -> str:
        since = self.since
        try:
            since = datetime.fromisoformat(self.since).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            pass
        what = f" ({self.command})" if self.command else ""
        return f"process {self.pid} on {self.host}{what}, since {since}"


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def holder_path(db: Path) -> Path:
    return db.with_name(db.name + ".holder")


def read_holder(db: Path) -> Holder | None:
    """The holder recorded beside ``db`` (the live one, or the last one if none runs now)."""
    try:
        data = json.loads(holder_path(db).read_text(encoding="utf-8"))
        return Holder(
            int(data["pid"]), str(data["host"]), str(data["since"]), data.get("command", "")
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_held(db: Path) -> bool:
    """Whether another process holds ``db``'s lock now (a probe: takes and drops it)."""
    path = Path(db).expanduser().resolve()
    with _registry_guard:
        if path in _held:
            return False  # this process holds it
    probe = OsFileLock(lock_path(path))
    try:
        if not probe.acquire():
            return True
    except OSError:
        return False
    probe.release()
    return False


class StationLock:
    """This process's hold on one store file. Take it with :func:`take_station_lock`."""

    def __init__(self, db: Path, lock: OsFileLock, previous: Holder | None) -> None:
        self.db = db
        self._lock = lock
        self.references = 1
        #: the holder recorded before this process took the lock: a process that ended
        #: without releasing it (crashed or killed), or None
        self.took_over_from = previous

    def release(self) -> None:
        with _registry_guard:
            self.references -= 1
            if self.references > 0:
                return
            _held.pop(self.db, None)
        try:
            mine = read_holder(self.db)
            if mine is not None and mine.pid == os.getpid():
                holder_path(self.db).unlink(missing_ok=True)
        finally:
            self._lock.release()


_registry_guard = threading.Lock()
_held: dict[Path, StationLock] = {}


def take_station_lock(db: Path, command: str = "") -> StationLock:
    """Take the exclusive lock on ``db`` for this process, or raise :class:`StoreError`
    (``store.in_use``) at once, naming the process that holds it.

    A holder recorded beside the database whose lock is free is a process that ended without
    letting go (a crash, a kill): its lock is taken over and ``took_over_from`` names it.
    """
    path = Path(db).expanduser().resolve()
    with _registry_guard:
        held = _held.get(path)
        if held is not None:
            held.references += 1
            return held
        lock = OsFileLock(lock_path(path))
        try:
            taken_here = lock.acquire()
        except OSError as exc:
            raise StoreError(
                "store.unavailable", f"The station database's lock file cannot be made: {exc}"
            ) from exc
        if not taken_here:
            holder = read_holder(path)
            who = holder.describe() if holder else "another process"
            raise StoreError(
                "store.in_use",
                f"The station database {path} is in use by {who}. Only one station may run "
                "on a database; close that one first (reports, exports, checks and backups "
                "work beside it).",
            )
        previous = read_holder(path)
        if previous is not None and previous.pid != os.getpid():
            log.warning(
                "took over the station database %s from %s, which ended without closing it",
                path,
                previous.describe(),
            )
        _write_holder(path, command)
        taken = StationLock(path, lock, previous)
        _held[path] = taken
        return taken


def _write_holder(db: Path, command: str) -> None:
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
    }
    target = holder_path(db)
    part = target.with_name(target.name + f".{os.getpid()}.part")
    part.write_text(json.dumps(record), encoding="utf-8")
    os.replace(part, target)
