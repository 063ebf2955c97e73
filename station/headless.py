# SPDX-License-Identifier: Apache-2.0
"""``station run --headless``: the engine fed by devices with no window.

For a bench without a screen, for soak and crash tests, and for replaying a day's scans.
Every outcome is printed as one JSON line (``committed`` true only once the scan is on disk),
so a supervisor process can tell exactly what was acknowledged. Runs until the devices are
idle for ``idle_exit`` seconds (0: forever) or SIGTERM/SIGINT.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time

from drivers.base import DeviceError
from drivers.registry import reader_for_url

from .core.clock import SystemClock, station_timezone
from .core.engine.inputs import Scan
from .core.engine.session import Engine
from .core.paths import audit_key_path, default_db_path
from .core.store.database import Store


def run_headless(*, db: str | None, demo: bool, devices: list[str], idle_exit: float) -> int:
    if not devices:
        print("station: --headless needs at least one --device URL", file=sys.stderr)
        return 2
    if demo and not db:
        from .app import open_demo_store

        store = open_demo_store()
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
    engine = Engine(store, SystemClock(station_timezone()))
    last_event = time.monotonic()
    try:
        while not stop.is_set():
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
        store.close()
    return 0
