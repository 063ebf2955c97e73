# SPDX-License-Identifier: Apache-2.0
"""Sync figures against the PostgreSQL server on 127.0.0.1:5432 (a throwaway database).

* ``push_100k``: pushing 100,000 outbox events (read from SQLite with natural keys added,
  COPY to staging, one checked ``INSERT ... SELECT ... ON CONFLICT``, local acknowledgement)
  versus a bare ``COPY`` of the same rows into the same ``central_events`` table in the same
  run; ``ratio`` = COPY time / push time (goal >= 0.5).
* ``pull_items_100k``: a fresh station pulling 100,000 items (goal < 5 s).
* ``backlog_50k``: a station offline for a week with 50,000 scans (movements) catching up:
  one ``sync_once`` round; and a second station pulling those movements into its ledger.
"""

from __future__ import annotations

import json
import tempfile
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text

from station.core.imports.records import ItemRecord, LocationRecord
from station.core.store.database import Store
from station.core.store.events import StationIdentity, driver_connection, outbox_stream
from station.core.store.ledger import Movement, post_movement
from sync.central_import import import_items, import_locations
from sync.central_init import init_central
from sync.central_link import open_central
from sync.pull import pull_master
from sync.push import incarnations, read_batch
from sync.service import sync_once

ADMIN_URL = "postgresql+psycopg://{user}@127.0.0.1:5432/{db}"
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _admin() -> Engine:
    last: Exception | None = None
    for user in ("postgres", "root"):
        engine = create_engine(
            ADMIN_URL.format(user=user, db="postgres"), isolation_level="AUTOCOMMIT"
        )
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return engine
        except Exception as exc:  # noqa: BLE001 - try the next superuser name
            last = exc
            engine.dispose()
    raise RuntimeError(f"no PostgreSQL at 127.0.0.1:5432: {last}")


def _central(admin: Engine, name: str) -> Engine:
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = open_central(ADMIN_URL.format(user=admin.url.username, db=name))
    init_central(engine)
    with engine.begin() as conn:
        import_items(conn, [ItemRecord(sku="BENCH-1", name="bench", unit_cost=Decimal("1.5"))], NOW)
        import_locations(conn, [LocationRecord(code="A-01"), LocationRecord(code="B-01")], NOW)
    return engine


def _fill_outbox(store: Store, n: int) -> None:
    """``n`` movement events in the outbox, as post_movement writes them (no ledger rows: the
    push reads the outbox only)."""
    with store.transaction() as conn:
        db = driver_connection(conn)
        item = db.execute("SELECT id FROM items WHERE sku = 'BENCH-1'").fetchone()[0]
        loc = db.execute("SELECT id FROM locations WHERE code = 'A-01'").fetchone()[0]
        base = outbox_stream(conn, StationIdentity(store.station_id, store.incarnation_id)) << 32
        rows = []
        for seq in range(1, n + 1):
            payload = {
                "uuid": str(uuid.uuid4()),
                "kind": "receipt",
                "item_id": item,
                "lot_id": None,
                "serial_id": None,
                "location_id": loc,
                "qty": "1",
                "unit_cost": "1.5",
                "user_id": None,
                "user2_id": None,
                "reason": "",
                "reference": "",
                "ts": NOW.isoformat(),
            }
            rows.append(
                (
                    base | seq,
                    str(uuid.uuid4()),
                    store.station_id,
                    store.incarnation_id,
                    seq,
                    "movement",
                    json.dumps(payload, sort_keys=True, separators=(",", ":")),
                    NOW.isoformat(),
                )
            )
        db.executemany(
            "INSERT INTO outbox (id, uuid, station_id, incarnation_id, seq, kind, payload, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def _push_vs_copy(admin: Engine, folder: Path, n: int) -> dict[str, Any]:
    name = "bench_sync_" + uuid.uuid4().hex[:10]
    central = _central(admin, name)
    try:
        store = Store.open(folder / "push.db", station_id="ST-PUSH")
        assert sync_once(store, central).ok
        _fill_outbox(store, n)
        with store.reading() as conn:
            ((inc, _top),) = incarnations(conn, store.station_id)
            rows = read_batch(conn, store.station_id, inc, 0, n)
        with central.begin() as conn:
            raw: Any = conn.connection.driver_connection
            start = time.perf_counter()
            with (
                raw.cursor() as cur,
                cur.copy(
                    "COPY central_events (station_id, incarnation_id, seq, uuid, kind, payload, "
                    "created_at) FROM STDIN"
                ) as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            raw.commit()
            copy_s = time.perf_counter() - start
            conn.execute(text("TRUNCATE central_events"))
        start = time.perf_counter()
        result = sync_once(store, central)
        push_s = time.perf_counter() - start
        assert result.ok and result.pushed == n, result.error
        store.close()
        return {
            "events": n,
            "push_s": round(push_s, 3),
            "copy_s": round(copy_s, 3),
            "ratio": round(copy_s / push_s, 3),
            "push_events_per_s": round(n / push_s),
        }
    finally:
        central.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _pull_items(admin: Engine, folder: Path, n: int) -> dict[str, Any]:
    name = "bench_sync_" + uuid.uuid4().hex[:10]
    central = _central(admin, name)
    try:
        records = [
            ItemRecord(
                sku=f"SKU-{i:06d}",
                name=f"Item {i}",
                unit_cost=Decimal("1.25"),
                gtins=((f"{i:014d}", Decimal(1)),),
            )
            for i in range(n)
        ]
        start = time.perf_counter()
        with central.begin() as conn:
            import_items(conn, records, NOW)
        import_s = time.perf_counter() - start
        store = Store.open(folder / "pull.db", station_id="ST-PULL")
        start = time.perf_counter()
        changes = pull_master(store, central, lambda: NOW, _no_progress)
        pull_s = time.perf_counter() - start
        store.close()
        return {
            "items": n,
            "changes": changes,
            "pull_s": round(pull_s, 3),
            "central_import_s": round(import_s, 3),
        }
    finally:
        central.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _backlog(admin: Engine, folder: Path, n: int) -> dict[str, Any]:
    name = "bench_sync_" + uuid.uuid4().hex[:10]
    central = _central(admin, name)
    try:
        offline = Store.open(folder / "offline.db", station_id="ST-OFF")
        other = Store.open(folder / "other.db", station_id="ST-OTHER")
        assert sync_once(offline, central).ok and sync_once(other, central).ok
        with offline.transaction() as conn:
            db = driver_connection(conn)
            item = db.execute("SELECT id FROM items WHERE sku = 'BENCH-1'").fetchone()[0]
            locs = [r[0] for r in db.execute("SELECT id FROM locations ORDER BY code")]
            who = StationIdentity(offline.station_id, offline.incarnation_id)
            for i in range(n):
                qty = Decimal(1) if i % 2 == 0 else Decimal(-1)
                post_movement(
                    conn,
                    who,
                    Movement("receipt" if qty > 0 else "issue", item, locs[i % 2 == 0], qty),
                    NOW,
                )
        start = time.perf_counter()
        result = sync_once(offline, central)
        catch_up_s = time.perf_counter() - start
        assert result.ok and result.pushed == n, result.error
        start = time.perf_counter()
        pulled = sync_once(other, central)
        pull_s = time.perf_counter() - start
        assert pulled.ok and pulled.pulled_movements == n, pulled.error
        offline.close()
        other.close()
        return {
            "scans": n,
            "catch_up_s": round(catch_up_s, 3),
            "other_station_pull_s": round(pull_s, 3),
        }
    finally:
        central.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run(events: int = 100_000, items: int = 100_000, backlog: int = 50_000) -> dict[str, Any]:
    admin = _admin()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            return {
                "push_100k": _push_vs_copy(admin, folder, events),
                "pull_items_100k": _pull_items(admin, folder, items),
                "backlog_50k": _backlog(admin, folder, backlog),
            }
    finally:
        admin.dispose()


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run(), indent=2))
