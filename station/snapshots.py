# SPDX-License-Identifier: Apache-2.0
"""A webcam snapshot attached to a quarantine line.

:func:`attach_snapshot` opens a ``camera://`` reader (a webcam number, a video file or an
image folder: docs/camera.md) through ``drivers.registry.reader_for_url``, waits (bounded by
``timeout``) for the first frame the driver has decoded, writes it as a JPEG into the
``snapshots`` folder next to the station database, and stores the file's path on the
quarantine line (``receipt_scans.snapshot_path``) with an audit entry.

``station quarantine snapshot`` (docs/cli/receiving.md) calls it. Threads: it blocks for up to ``timeout`` seconds plus the camera's opening time and writes to
the store, so the UI calls it through the station's single store worker (``station.ui.ops``),
never on the UI thread. The camera is always closed again. Failure modes: ``LookupError``
when ``scan_id`` is not a quarantine line, ``drivers.base.DeviceError`` when the camera cannot
be opened or is not a camera, ``TimeoutError`` when no frame came in time, ``OSError`` when the
image cannot be written, ``StoreError`` when the store refuses the write (the image file is
then removed again).
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import cv2

from drivers.base import DeviceError
from drivers.registry import reader_for_url

from .core.receiving.store import quarantine_line, set_snapshot_path
from .core.store.database import Store
from .core.store.errors import StoreError
from .core.store.events import append_audit

SNAPSHOT_FOLDER = "snapshots"
_POLL_S = 0.05


def snapshot_folder(store: Store) -> Path:
    """``snapshots/`` beside the database file."""
    return store.path.parent / SNAPSHOT_FOLDER


def _grab_frame(camera_url: str, timeout: float) -> object:
    reader = reader_for_url(camera_url)
    try:
        preview = getattr(reader, "latest_preview", None)
        if preview is None:
            raise DeviceError(f"{camera_url} is not a camera", url=camera_url)
        deadline = time.monotonic() + timeout
        while True:
            latest = preview()
            if latest is not None:
                return latest[0].copy()
            if time.monotonic() >= deadline:
                raise TimeoutError(f"no picture from {camera_url} within {timeout:g} s")
            time.sleep(_POLL_S)
    finally:
        reader.close()


def attach_snapshot(
    store: Store,
    scan_id: int,
    camera_url: str,
    now: datetime,
    *,
    user_id: int | None = None,
    timeout: float = 5.0,
) -> Path:
    """Take a picture for quarantine line ``scan_id``; returns the image's path."""
    with store.reading() as conn:
        line = quarantine_line(conn, scan_id)
    if line is None:
        raise LookupError(f"{scan_id} is not a quarantine line")
    frame = _grab_frame(camera_url, timeout)
    folder = snapshot_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"quarantine-{scan_id}-{now:%Y%m%dT%H%M%S}.jpg"
    if not cv2.imwrite(str(path), frame):  # type: ignore[call-overload]
        raise OSError(f"cannot write {path}")
    try:
        with store.transaction() as conn:
            set_snapshot_path(conn, scan_id, str(path))
            append_audit(
                conn,
                now,
                user_id,
                "receipt.quarantine_snapshot",
                {"scan_id": scan_id, "path": str(path), "camera": camera_url},
            )
    except StoreError:
        path.unlink(missing_ok=True)
        raise
    return path
