# SPDX-License-Identifier: Apache-2.0
"""Sync figures against the PostgreSQL server on 127.0.0.1:5432 (throwaway databases).

For 10,000, 100,000 and 1,000,000 movement events, each in a fresh central, through the
stations' own logins (``station central grant``: row-level security applies). Each figure is
the median and range of ``RUNS`` runs (5 at 10k, 3 at 100k, one at 1M), each product run right
after its baseline:

* ``push``: one station pushing its outbox (``sync.push.push``: read from SQLite, the movements
  carrying their natural keys as written, COPY to staging, central's ingest function, local acknowledgement),
  against a bare psycopg ``COPY`` of the same rows into the same empty ``central_events``
  (committed every 10,000 rows, as the push commits), run back to back; ``ratio`` = COPY time / push time (goal >= 0.5).
  The pusher is set back to nothing pushed and central emptied before each further run.
* ``pull``: a fresh station per run pulling those movements into its ledger
  (``sync.pull.pull_movements``), against a bare fetch of the same rows by the same login
  (5,000 rows a batch after the last one's position, rows dropped); goal: 1M under 60 s.
* ``idle_round_ms``: a whole ``sync_once`` round of the last pulling station with nothing to
  do, the events behind its cursor (20 rounds; goal < 20 ms with 1M events).
* ``growth``: each size's median time over the previous size's (goal: within 12x for a
  tenfold step).
* ``load_average``: the machine's load when the run ended (the figures are wall-clock).

Also ``pull_items_100k``: a fresh station pulling 100,000 items (goal < 5 s);
``push_station_cpu_s``: the pushing process's own CPU time (reading the store, COPY), which
with central on the same machine competes with the server's work; and ``push_cpu_ratio``:
the COPY's CPU time over the push's (this process plus its server backends, read from
``/proc``, a backend the pool closes at the push's end read just before; left out where the
kernel does not tell), which a loaded machine disturbs less than the wall-clock ratio;
``pull_station_cpu_s``: the pulling process's CPU time over each pull (its own threads:
parsing, SQLite, reading central's rows), steadier under load than the wall clock, and its
growth per size.

``python -m bench sync --only push --sizes 10000 [--runs 7]`` measures one part at chosen
sizes (``--only pull`` still pushes once: the pull needs the events).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

from bench.figures import spread
from station.core.imports.records import ItemRecord, LocationRecord
from station.core.store.database import Store
from station.core.store.events import (
    StationIdentity,
    compact_json,
    driver_connection,
    new_uuid,
    outbox_stream,
)
from station.core.store.ledger import Movement, movement_payload, natural_keys
from sync.central_import import import_items, import_locations
from sync.central_init import init_central
from sync.central_link import open_central
from sync.grants import grant_station
from sync.local_state import set_push_position
from sync.pull import pull_master, pull_movements
from sync.push import PUSH_BATCH, incarnations, push, read_batch
from sync.service import sync_once

ADMIN_URL = "postgresql+psycopg://{user}@127.0.0.1:5432/{db}"
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
SIZES = (10_000, 100_000, 1_000_000)
#: runs per size, each product run right after its baseline (1M once: it is long)
RUNS = (5, 3, 1)
FILL_CHUNK = 50_000
RUN = uuid.uuid4().hex[:8]


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _now() -> datetime:
    return NOW


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


@contextmanager
def _central(admin: Engine) -> Iterator[tuple[Engine, str]]:
    """A fresh, initialised central with one item and two locations; dropped afterwards with
    the logins made in it."""
    name = "bench_sync_" + uuid.uuid4().hex[:10]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.format(user=admin.url.username, db=name)
    engine = open_central(url, timeout_s=None)  # central administration: no statement limit
    try:
        init_central(engine)
        with engine.begin() as conn:
            import_items(
                conn, [ItemRecord(sku="BENCH-1", name="bench", unit_cost=Decimal("1.5"))], NOW
            )
            import_locations(conn, [LocationRecord(code="A-01"), LocationRecord(code="B-01")], NOW)
        yield engine, url
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            for role in conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"%{RUN}%"}
            ).scalars():
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


def _login(central: Engine, url: str, station_id: str) -> Engine:
    """The station's own least-privilege login (row-level security applies)."""
    with central.begin() as conn:
        role, password = grant_station(conn, station_id)
    user = central.url.username or ""
    return open_central(url.replace(f"//{user}@", f"//{role}@"), password)


def _fill_outbox(store: Store, n: int) -> None:
    """``n`` movement events in the outbox, as post_movement writes them (natural keys first,
    no ledger rows: the push reads the outbox only)."""
    with store.transaction() as conn:
        db = driver_connection(conn)
        item = db.execute("SELECT id FROM items WHERE sku = 'BENCH-1'").fetchone()[0]
        loc = db.execute("SELECT id FROM locations WHERE code = 'A-01'").fetchone()[0]
        base = outbox_stream(conn, StationIdentity(store.station_id, store.incarnation_id)) << 32
        keys, _cost = natural_keys(db, item, loc, None, None, None, None)
        qty, cost = Decimal(1), Decimal("1.5")
        move = Movement("receipt", item, loc, qty, unit_cost=cost)
        for start in range(1, n + 1, FILL_CHUNK):
            rows = []
            for seq in range(start, min(start + FILL_CHUNK, n + 1)):
                payload = movement_payload(keys, new_uuid(), move, qty, cost, NOW)
                rows.append(
                    (
                        base | seq,
                        new_uuid(),
                        store.station_id,
                        store.incarnation_id,
                        seq,
                        "movement",
                        compact_json(payload),
                        NOW.isoformat(),
                    )
                )
            db.executemany(
                "INSERT INTO outbox (id, uuid, station_id, incarnation_id, seq, kind, payload, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )


#: the baseline COPYs in binary, as the push COPYs into its staging table
BASELINE_TYPES = ["text", "text", "int8", "text", "text", "text", "text"]


def _copy_baseline(central: Engine, store: Store, n: int) -> tuple[float, float | None]:
    """A bare COPY of the same rows (natural keys added) into the empty ``central_events``,
    committed every ``PUSH_BATCH`` rows as the push commits (a single transaction of a million
    rows would hold back every pull on the server for its whole length), in binary as the
    push's own COPY. Returns (seconds, CPU seconds of this process and its server backend)."""
    with store.reading() as conn:
        ((inc, _top),) = incarnations(conn, store.station_id)
        rows = read_batch(conn, store.station_id, inc, 0, n)
    with central.connect() as conn:
        raw: Any = conn.connection.driver_connection
        backend = [raw.info.backend_pid]
        server, cpu = _backends_cpu(backend), time.process_time()
        start = time.perf_counter()
        with raw.cursor() as cur:
            for first in range(0, len(rows), PUSH_BATCH):
                with cur.copy(
                    "COPY central_events (station_id, incarnation_id, seq, uuid, kind, payload, "
                    "created_at) FROM STDIN (FORMAT binary)"
                ) as copy:
                    copy.set_types(BASELINE_TYPES)
                    for row in rows[first : first + PUSH_BATCH]:
                        copy.write_row(row)
                raw.commit()
        seconds = time.perf_counter() - start
        used = _cpu_used(server, _backends_cpu(backend), time.process_time() - cpu)
        conn.execute(text("TRUNCATE central_events"))
        conn.commit()
    return seconds, used


def _backends_cpu(pids: list[int]) -> dict[int, float] | None:
    """CPU seconds each server backend has used so far (the server runs on this machine);
    None where the kernel does not tell."""
    try:
        return {
            pid: int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9 for pid in pids
        }
    except (OSError, ValueError, IndexError):
        return None


def _cpu_used(
    before: dict[int, float] | None, after: dict[int, float] | None, own: float
) -> float | None:
    """This process's CPU time plus what the backends used between two readings."""
    if before is None or after is None:
        return None
    return own + sum(spent - before.get(pid, 0.0) for pid, spent in after.items())


class _ClosedBackends:
    """The CPU time of each of a login's server backends the pool closes, read just before it
    does (the push gives back a second connection at its end), so a measurement counts them."""

    def __init__(self, login: Engine) -> None:
        self.cpu: dict[int, float] = {}
        event.listen(login, "close", self._closing)

    def _closing(self, dbapi_connection: Any, _record: Any) -> None:
        pid = int(dbapi_connection.info.backend_pid)
        self.cpu |= _backends_cpu([pid]) or {}


def _login_backends(central: Engine, login: Engine) -> list[int]:
    """The server backends of a login (the push's pooled connections)."""
    with central.connect() as conn:
        pids = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE usename = :u"),
            {"u": login.url.username},
        ).scalars()
        return [int(pid) for pid in pids]


_FETCH = (
    "SELECT xid::text, id, station_id, uuid, payload FROM central_events t "
    "WHERE (t.xid, t.id) > (CAST(%s AS xid8), %s) AND kind = 'movement' "
    "ORDER BY t.xid, t.id LIMIT 5000"
)


def _fetch_baseline(login: Engine, n: int) -> float:
    """The same movements fetched by the pulling login in the pull's batches (5,000 rows
    after the last one's position, each batch its own short transaction, the planner's sort
    off as the pull has it), rows dropped."""
    with login.connect() as conn:
        raw: Any = conn.connection.driver_connection
        start = time.perf_counter()
        count, after = 0, ("0", 0)
        with raw.cursor() as cur:
            while True:
                cur.execute("SET LOCAL enable_sort = off")
                cur.execute(_FETCH, after)
                got = cur.fetchall()
                raw.rollback()
                if not got:
                    break
                count += len(got)
                after = (got[-1][0], got[-1][1])
        seconds = time.perf_counter() - start
    assert count >= n, count
    return seconds


def _settle(central: Engine) -> None:
    """Wait until no transaction older than now is running (the pull's visibility rule)."""
    with central.connect() as conn:
        target = conn.execute(text("SELECT pg_snapshot_xmax(pg_current_snapshot())")).scalar()
        conn.rollback()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done = conn.execute(
                text("SELECT pg_snapshot_xmin(pg_current_snapshot()) >= CAST(:t AS xid8)"),
                {"t": str(target)},
            ).scalar()
            conn.rollback()
            if done:
                return
            time.sleep(0.05)


def _forget_push(central: Engine, store: Store) -> None:
    """Empty central's events and set the pusher back to nothing pushed, for the next run."""
    with central.begin() as conn:
        conn.execute(text("TRUNCATE central_events, central_refused, central_clashes"))
    with store.background_transaction() as conn:
        for inc, _top in incarnations(conn, store.station_id):
            set_push_position(conn, store.station_id, inc, 0, NOW)


def _size(admin: Engine, folder: Path, n: int, runs: int, only: str | None) -> dict[str, Any]:
    """``runs`` pushes of ``n`` events, each right after its COPY, then ``runs`` fresh
    stations each pulling them right after a bare fetch; idle rounds after the last pull.
    ``only`` ("push" or "pull") leaves the other half out (a pull still needs the push)."""
    with _central(admin) as (central, url):
        pusher_id = f"BP-{RUN}-{n}"
        pusher_login = _login(central, url, pusher_id)
        closed = _ClosedBackends(pusher_login)
        pusher = Store.open(folder / f"push-{n}.db", station_id=pusher_id)
        pullers = []
        try:
            for r in range(0 if only == "push" else runs):
                puller_id = f"BQ-{RUN}-{n}-{r}"
                login = _login(central, url, puller_id)
                pullers.append(
                    (Store.open(folder / f"pull-{n}-{r}.db", station_id=puller_id), login)
                )
            _settle(central)  # master data visible to the first pull
            assert sync_once(pusher, pusher_login).ok
            for store, login in pullers:
                assert sync_once(store, login).ok
            _fill_outbox(pusher, n)
            figures: dict[str, Any] = {"events": n, "runs": runs}
            push_runs = 1 if only == "pull" else runs
            push_s, copy_s, push_cpu, cpu_ratio = [], [], [], []
            copy_cpu: float | None = None
            for r in range(push_runs):
                if r:
                    _forget_push(central, pusher)
                if only != "pull":  # a pull alone needs the events pushed, not timed
                    seconds, copy_cpu = _copy_baseline(central, pusher, n)
                    copy_s.append(seconds)
                server = _backends_cpu(_login_backends(central, pusher_login))
                closed.cpu.clear()
                start, cpu = time.perf_counter(), time.process_time()
                pushed = push(pusher, pusher_login, _now, _no_progress)
                push_s.append(time.perf_counter() - start)
                push_cpu.append(time.process_time() - cpu)
                live = _backends_cpu(_login_backends(central, pusher_login))
                used = _cpu_used(server, None if live is None else closed.cpu | live, push_cpu[-1])
                if used and copy_cpu:
                    cpu_ratio.append(copy_cpu / used)
                assert pushed.pushed == n, pushed
            if only != "pull":
                figures |= {
                    "push_s": spread(push_s),
                    "copy_s": spread(copy_s),
                    "push_ratio": spread([c / p for c, p in zip(copy_s, push_s, strict=True)]),
                    "push_station_cpu_s": spread(push_cpu),
                }
                if len(cpu_ratio) == push_runs:
                    figures["push_cpu_ratio"] = spread(cpu_ratio)
            if only == "push":
                return figures
            _settle(central)
            pull_s, pull_cpu, fetch_s = [], [], []
            for store, login in pullers:
                fetch_s.append(_fetch_baseline(login, n))
                start, cpu = time.perf_counter(), time.process_time()
                pulled = pull_movements(store, login, _now, _no_progress)
                pull_s.append(time.perf_counter() - start)
                pull_cpu.append(time.process_time() - cpu)
                assert pulled.movements == n, pulled
            last, last_login = pullers[-1]
            rounds = []
            for _ in range(20):
                start = time.perf_counter()
                result = sync_once(last, last_login)
                rounds.append(time.perf_counter() - start)
                assert result.ok and result.pulled_movements == 0, result.error
            # The pushing station's first round steps its cursor past its own events once.
            start = time.perf_counter()
            assert sync_once(pusher, pusher_login).ok
            own_pass_s = time.perf_counter() - start
            return figures | {
                "pull_s": spread(pull_s),
                "pull_station_cpu_s": spread(pull_cpu),
                "fetch_s": spread(fetch_s),
                "pull_vs_fetch": spread([p / f for p, f in zip(pull_s, fetch_s, strict=True)], 2),
                "idle_round_ms": spread([r * 1000 for r in rounds], 2),
                "pusher_passes_own_events_s": round(own_pass_s, 3),
            }
        finally:
            pusher.close()
            pusher_login.dispose()
            for store, login in pullers:
                store.close()
                login.dispose()


def _pull_items(admin: Engine, folder: Path, n: int) -> dict[str, Any]:
    with _central(admin) as (central, _url):
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
        store = Store.open(folder / "items.db", station_id="ST-ITEMS")
        _settle(central)
        start = time.perf_counter()
        changes = pull_master(store, central, _now, _no_progress)
        pull_s = time.perf_counter() - start
        store.close()
        return {
            "items": n,
            "changes": changes,
            "pull_s": round(pull_s, 3),
            "central_import_s": round(import_s, 3),
        }


def _growth(sizes: list[dict[str, Any]], key: str) -> list[float]:
    """Each size's median time over the previous size's (goal: within 12x a tenfold step)."""
    return [
        round(b[key]["median"] / a[key]["median"], 2)
        for a, b in zip(sizes, sizes[1:], strict=False)
    ]


def _runs_for(n: int) -> int:
    """The full run's number of runs for a size (5 up to 10k, 3 up to 100k, then one)."""
    return next((r for size, r in zip(SIZES, RUNS, strict=True) if n <= size), RUNS[-1])


def options(argv: list[str]) -> dict[str, Any]:
    """``--only push|pull``, ``--sizes 10000,100000`` (runs per size as in the full run) and
    ``--runs N`` (the same number at every size), for measuring one part at one size."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench sync")
    parser.add_argument("--only", choices=("push", "pull"))
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int)
    args = parser.parse_args(argv)
    sizes = tuple(int(part) for part in args.sizes.split(",") if part)
    runs = tuple(args.runs or _runs_for(n) for n in sizes)
    return {"sizes": sizes, "runs": runs, "only": args.only}


def run(
    sizes: tuple[int, ...] = SIZES,
    items: int = 100_000,
    runs: tuple[int, ...] = RUNS,
    only: str | None = None,
) -> dict[str, Any]:
    admin = _admin()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            measured = []
            for n, times in zip(sizes, runs, strict=False):
                measured.append(_size(admin, folder, n, times, only))
                print(json.dumps({"sync": measured[-1]}), file=sys.stderr, flush=True)
            result: dict[str, Any] = {
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "events": measured,
                "growth": {
                    part: _growth(measured, f"{part}_s")
                    for part in ("push", "pull")
                    if only in (None, part)
                }
                | ({"pull_cpu": _growth(measured, "pull_station_cpu_s")} if only != "push" else {}),
            }
            if only is None:
                result["pull_items_100k"] = _pull_items(admin, folder, items)
            return result
    finally:
        admin.dispose()


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run(), indent=2))
