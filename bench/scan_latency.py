# SPDX-License-Identifier: Apache-2.0
"""Scan latency while syncing: p50/p99/max of lookup scans through the engine, on an idle
store and while sync pulls 100,000 movements and the print queue prints 500 labels.

The scans run on the store thread, timed one by one; the pull reads from the PostgreSQL server
on 127.0.0.1:5432 (a throwaway database), the labels go to a ``file://`` printer.
Scans come every :data:`SCAN_GAP_S` (a clerk scans about once a second; this is many times
faster, to gather samples), each timed from the call to the engine until its outcome is
back, committed. Goals: while syncing, p99 < 50 ms and max < 200 ms. ``unsliced`` repeats the
busy phase with the slice budget lifted (each pulled batch of 5,000 movements in one
transaction, as before slicing), to show what the slicing buys on the same machine.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from station.core.clock import SystemClock, station_timezone
from station.core.demo_seed import seed_demo
from station.core.engine.inputs import Pin, Scan
from station.core.engine.session import Engine as StationEngine
from station.core.label_printing.queue import PrintQueue, queue_labels
from station.core.store import write_gate
from station.core.store.database import Store
from station.core.store.events import StationIdentity
from station.core.store.ledger import Movement, post_movement
from sync.pull import pull_master, pull_movements
from sync.push import push

from .sync import NOW, _admin, _central

SCAN_GAP_S = 0.005
SCANS = ("06975123000012", "16975123000019", "$LOC-A-01-1", "06975123000050")
LABEL = {
    "gtin": "06975123000012",
    "lot": "L-2611",
    "expiry": "2027-05-31",
    "quantity": 10,
    "item": "Nitrile gloves",
    "sku": "PPE-0001",
    "location": "A-01-1",
}


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _figures(latencies: list[float]) -> dict[str, Any]:
    ms = sorted(x * 1000 for x in latencies)
    return {
        "scans": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 2),
        "max_ms": round(ms[-1], 2),
    }


class Scanner:
    """Scans through the engine on its own thread (the store thread) until stopped."""

    def __init__(self, engine: StationEngine) -> None:
        self.engine = engine
        self.latencies: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="station-store", daemon=True)

    def _run(self) -> None:
        i = 0
        while not self._stop.is_set():
            began = time.perf_counter()
            outcome = self.engine.handle(Scan(SCANS[i % len(SCANS)], device_url="bench://"))
            self.latencies.append(time.perf_counter() - began)
            assert outcome.committed, outcome.message
            i += 1
            time.sleep(max(0.0, SCAN_GAP_S - (time.perf_counter() - began)))

    def __enter__(self) -> Scanner:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _master(store: Store, central: Engine) -> None:
    """Pull master data until central's items are here: a pull reads only up to the oldest
    transaction running anywhere on the server, which another database's user may hold."""
    deadline = time.monotonic() + 120
    while True:
        pull_master(store, central, lambda: NOW, _no_progress)
        with store.reading() as conn:
            if conn.execute(text("SELECT 1 FROM items WHERE sku = 'BENCH-1'")).first():
                return
        if time.monotonic() > deadline:
            raise RuntimeError("central's items never became visible to the pull")
        time.sleep(0.5)


def _fill_central(central: Engine, folder: Path, movements: int) -> None:
    """Another station's ``movements`` receipts and issues, pushed to central."""
    other = Store.open(folder / "other.db", station_id="ST-OTHER")
    try:
        _master(other, central)
        with other.transaction() as conn:
            item = conn.execute(text("SELECT id FROM items WHERE sku = 'BENCH-1'")).scalar_one()
            locs = conn.execute(text("SELECT id FROM locations ORDER BY code")).scalars().all()
            who = StationIdentity(other.station_id, other.incarnation_id)
            for i in range(movements):
                qty = Decimal(1) if i % 2 == 0 else Decimal(-1)
                kind = "receipt" if qty > 0 else "issue"
                post_movement(conn, who, Movement(kind, item, locs[i % 2], qty), NOW)
        assert push(other, central, lambda: NOW, _no_progress).pushed == movements
    finally:
        other.close()


def _station(folder: Path, name: str, central: Engine) -> tuple[Store, StationEngine]:
    store = Store.open(folder / name, station_id=f"ST-{name[:4].upper()}")
    seed_demo(store, NOW.date(), station_timezone())
    _master(store, central)
    engine = StationEngine(store, SystemClock())
    engine.handle(Scan("$USR-C001"))
    engine.handle(Pin("1111"))
    return store, engine


def _busy(
    store: Store, engine: StationEngine, central: Engine, movements: int, labels: int
) -> dict[str, Any]:
    printer = Path(store.path).with_name(f"{store.path.stem}-labels.zpl")
    for i in range(labels):
        queue_labels(store, "batch", [{**LABEL, "lot": f"L-{i}"}], f"file://{printer}")
    queue = PrintQueue(store, idle_poll_s=0.05)
    with Scanner(engine) as scanner:
        time.sleep(0.5)  # scans are under way before the work starts
        queue.start()
        began = time.perf_counter()
        pulled = 0
        while pulled < movements and time.perf_counter() - began < 900:
            pulled += pull_movements(store, central, lambda: NOW, _no_progress).movements
        pull_s = time.perf_counter() - began
        while queue.states()[0].pending:
            time.sleep(0.5)
        busy_s = time.perf_counter() - began
        queue.stop()
    figures = _figures(scanner.latencies)
    figures.update(
        pulled_movements=pulled,
        pull_s=round(pull_s, 2),
        labels_printed=labels,
        busy_s=round(busy_s, 2),
    )
    return figures


def _idle(engine: StationEngine, seconds: float) -> dict[str, Any]:
    with Scanner(engine) as scanner:
        time.sleep(seconds)
    return _figures(scanner.latencies)


def run(movements: int = 100_000, labels: int = 500, unsliced: bool = True) -> dict[str, Any]:
    admin = _admin()
    try:
        with _central(admin) as (central, _name), tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            _fill_central(central, folder, movements)
            store, engine = _station(folder, "station.db", central)
            try:
                result: dict[str, Any] = {"idle": _idle(engine, 5.0)}
                result["while_syncing"] = _busy(store, engine, central, movements, labels)
            finally:
                store.close()
            if unsliced:
                store, engine = _station(folder, "unsliced.db", central)
                lifted = write_gate.SLICE_BUDGET_S
                try:
                    _set_budget(3600.0)
                    result["unsliced"] = _busy(store, engine, central, movements, labels)
                finally:
                    _set_budget(lifted)
                    store.close()
            busy = result["while_syncing"]
            result["goals_met"] = busy["p99_ms"] < 50 and busy["max_ms"] < 200
            result["scan_gap_ms"] = SCAN_GAP_S * 1000
            result["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
            return result
    finally:
        admin.dispose()


def _set_budget(seconds: float) -> None:
    write_gate.SLICE_BUDGET_S = seconds
    defaults = Store.write_in_slices.__kwdefaults__
    assert defaults is not None
    defaults["budget_s"] = seconds


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run(), indent=2))
