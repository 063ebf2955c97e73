# SPDX-License-Identifier: Apache-2.0
"""Device emulators that speak the real wire protocols, for demos, training and tests.

Emulators are shipped code: the real drivers read them through a pty or ``socket://`` so the
real parsers run. A running emulator announces itself with a small JSON file in
:func:`emulator_dir` so that :func:`drivers.discovery.list_devices` can list it next to real
devices (like a hardware wallet simulator found by its socket), including emulators started by
another process (``python -m drivers.emulators.serial_scanner``).

Announcement files are written and removed by the emulator's owning thread; readers of the
directory tolerate half-written, stale (dead process) and foreign files.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ENV_DIR = "WAREHOUSE_STATION_EMULATOR_DIR"
"""Environment variable that overrides where emulators announce themselves."""


def emulator_dir() -> Path:
    """The announcement directory (``$WAREHOUSE_STATION_EMULATOR_DIR`` or a per-user temp dir)."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"warehouse-station-emulators-{uid}"


def announce(name: str, info: dict[str, Any]) -> Path:
    """Write (atomically) the announcement ``name`` with ``info`` plus this process id."""
    folder = emulator_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.json"
    tmp = folder / f".{name}.json.tmp"
    tmp.write_text(json.dumps({**info, "pid": os.getpid()}), encoding="utf-8")
    os.replace(tmp, target)
    return target


def withdraw(name: str) -> None:
    """Remove the announcement ``name``; missing files are fine."""
    try:
        (emulator_dir() / f"{name}.json").unlink()
    except FileNotFoundError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_emulators() -> list[dict[str, Any]]:
    """Announcements of emulators whose process is alive, sorted by file name.

    Never raises for unreadable or malformed files (they are skipped and logged at debug).
    """
    folder = emulator_dir()
    if not folder.is_dir():
        return []
    found: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log.debug("skipping unreadable emulator announcement %s", path, exc_info=True)
            continue
        if not isinstance(info, dict) or not isinstance(info.get("url"), str):
            continue
        pid = info.get("pid")
        if isinstance(pid, int) and not _alive(pid):
            continue
        found.append(info)
    return found
