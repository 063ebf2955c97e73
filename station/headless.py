# SPDX-License-Identifier: Apache-2.0
"""``station run --headless``: the engine fed by devices with no window.

For a bench without a screen, for soak and crash tests, and for replaying a day's scans.
Every outcome is printed as one JSON line (``committed`` true only once the scan is on disk),
so a supervisor process can tell exactly what was acknowledged. Runs until the devices are
idle for ``idle_exit`` seconds (0: forever) or SIGTERM/SIGINT.

The engine takes the site's settings.toml (``--settings FILE``, or the default file) over the
store's, exactly as the window does, and the scheduled jobs (stale-stock alerts to tasks, the
count plan, label retries, sync) run between scans on this same thread, the store's writer;
each job's result is printed as a JSON line ``{"job": ..., "ok": ..., "message": ...}``.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from drivers.base import DeviceError
from drivers.registry import reader_for_url

from .core.clock import SystemClock, station_timezone
from .core.engine.inputs import Scan
from .core.engine.session import Engine
from .core.paths import audit_key_path, default_db_path
from .core.settings_file import site_settings_said
from .core.store.database import Store
from .scheduled_jobs import station_scheduler

JOB_CHECK_S = 1.0
"""How often the loop looks for due jobs (their intervals are settings, in seconds or more)."""


def run_headless(
    *,
    db: str | None,
    demo: bool,
    devices: list[str],
    idle_exit: float,
    settings_path: Path | None = None,
) -> int:
    if not devices:
        print("station: --headless needs at least one --device URL", file=sys.stderr)
        return 2
    site = site_settings_said(settings_path)
    if site is None:
        return 2
    if demo:
        from .app import DemoRefused, open_demo_store

        try:
            store = open_demo_store(default_db_path(db) if db else None)
        except DemoRefused as exc:
            print(f"station: {exc}", file=sys.stderr)
            return 2
    else:
        store = Store.open(default_db_path(db))
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    try:
        readers = [reader_for_url(url) for url in devices]
    except DeviceError as exc:
        print(f"station: {exc}", file=sys.stderr)
        store.close()
        return 2
    store.anchor_audit(audit_key_path())
    clock = SystemClock(station_timezone(str(site.get("timezone") or "")))
    engine = Engine(store, clock, settings=site)
    sync_service = _sync_service(store, site)
    scheduler = station_scheduler(
        store, clock, site, engine.settings, sync_service=sync_service, in_place=True
    )
    last_event = time.monotonic()
    next_jobs = 0.0
    try:
        while not stop.is_set():
            if time.monotonic() >= next_jobs:
                _run_jobs(scheduler)
                next_jobs = time.monotonic() + JOB_CHECK_S
            got = False
            for reader in readers:
                event = reader.read_event(timeout=0.05)
                if event is None:
                    continue
                got = True
                outcome = engine.handle(
                    Scan(
                        event.text,
                        device_url=event.source_url,
                        symbology=event.symbology,
                        aim=event.aim,
                        raw=event.raw,
                    )
                )
                line = {"device": event.source_url, "input": event.text, **outcome.to_json()}
                sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            now = time.monotonic()
            if got:
                last_event = now
            elif idle_exit and now - last_event > idle_exit:
                break
    finally:
        for reader in readers:
            reader.close()
        if sync_service is not None:
            sync_service.stop()
        store.close()
    return 0


def _run_jobs(scheduler: Any) -> None:
    for run in scheduler.run_due():
        line = {"job": run.job, "ok": run.ok, "message": run.message_en}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _sync_service(store: Store, site: dict[str, Any]) -> Any:
    """The sync service when a central database is set (``central_url`` or
    ``STATION_CENTRAL_URL``); its rounds run as the scheduler's ``sync`` job."""
    import os

    url = os.environ.get("STATION_CENTRAL_URL") or str(site.get("central_url") or "")
    if not url:
        return None
    from sync.credentials import read_secret
    from sync.service import SyncService

    return SyncService(store, url, read_secret())
