# SPDX-License-Identifier: Apache-2.0
"""Central web view timings on 100 stations' worth of data (1,000,000 movement events over
100,000 lots), in a throwaway database on the PostgreSQL server at 127.0.0.1:5432.

The events are written straight into ``central_events`` (100 stations, 10,000 items, 1,000
locations in 20 warehouses, 100 owners; each lot one receipt and nine issues, every 50th
lot's last one a count correction); ``station central derive``'s work (:func:`derive_web`)
then raises the tasks and sums the ledger per month, timed once. Then, alternately in one
run, through the application in process (Starlette's test client: routing, sessions,
row-level security, the queries and the templates; no network):

* ``task_list``: an owner's open tasks (``/tasks``) against ``bare_task_list``: the same rows
  read by the admin with a plain ``WHERE owner = ...`` and no page;
* ``dashboard_manager``: a manager of two warehouses' ``/dashboard``;
* ``dashboard_admin``: the admin's ``/dashboard`` (every task).

Each figure: p95, median and range in ms over ``ROUNDS`` requests (goal: p95 under 300 ms).
"""

from __future__ import annotations

import re
import statistics
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from bench.figures import spread
from bench.sync import ADMIN_URL, _admin
from central_web.accounts import add_user, grant_web
from central_web.tasks import derive_web
from station.core.imports.records import ItemRecord, LocationRecord
from sync.central_import import import_items, import_locations
from sync.central_init import init_central
from sync.central_link import open_central

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
STATIONS, ITEMS, LOTS, WAREHOUSES, LOCATIONS, OWNERS = 100, 10_000, 100_000, 20, 1_000, 100
EVENTS_PER_LOT = 10
FILL_LOTS = 2_000
ROUNDS = 40
PASSWORD = "bench password 1"

FILL = """
INSERT INTO central_events (station_id, incarnation_id, seq, uuid, kind, payload, created_at)
SELECT 'S' || lpad((lot % :stations)::text, 3, '0'),
       md5('inc' || (lot % :stations)::text)::uuid::text,
       (lot / :stations) * :per + step + 1,
       md5('ev' || lot::text || '/' || step::text)::uuid::text,
       'movement',
       json_build_object(
         'uuid', md5('mv' || lot::text || '/' || step::text)::uuid::text,
         'kind', CASE WHEN step = 0 THEN 'receipt'
                      WHEN step = :per - 1 AND lot % 50 = 0 THEN 'adjustment' ELSE 'issue' END,
         'item_sku', 'SKU-' || lpad((lot % :items)::text, 5, '0'),
         'location_code', 'L-' || lpad((lot % :locations)::text, 4, '0'),
         'lot_no', 'LOT-' || lot::text,
         'lot_expiry', CASE WHEN lot % 20 = 0 THEN '2026-12-10' ELSE NULL END,
         'qty', CASE WHEN step = 0 THEN '100' ELSE '-5' END,
         'unit_cost', '2.5',
         'reason', CASE WHEN step = :per - 1 AND lot % 50 = 0 THEN 'count_correction'
                        ELSE '' END,
         'ts', CASE WHEN step = 0 THEN '2026-01-10T08:00:00+00:00'
                    WHEN (lot % :items) % 3 = 0 THEN '2026-11-01T08:00:00+00:00'
                    ELSE '2026-03-0' || (1 + step % 9)::text || 'T08:00:00+00:00' END
       )::text,
       '2026-11-24T09:30:00+00:00'
FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) AS lot, generate_series(0, :per - 1) AS step
"""


def _client(app: Any, login: str) -> Any:
    from starlette.testclient import TestClient

    client = TestClient(app, base_url="https://bench")
    page = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    answer = client.post(
        "/login", data={"login": login, "password": PASSWORD, "csrf": token.group(1)}
    )
    assert answer.status_code == 200, answer.text[:200]
    return client


def _timed(fn: Any) -> float:
    began = time.perf_counter()
    fn()
    return (time.perf_counter() - began) * 1000


def _figure(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p95_ms": round(p95, 1), **{f"{k}_ms": v for k, v in spread(values, 1).items()}}


def _fill(engine: Any) -> dict[str, Any]:
    with engine.begin() as conn:
        import_items(
            conn,
            [
                ItemRecord(
                    sku=f"SKU-{i:05d}",
                    name=f"Item {i}",
                    unit_cost=Decimal("2.5"),
                    category=f"Category {i % 12}",
                    owner=f"Owner {i % OWNERS}",
                )
                for i in range(ITEMS)
            ],
            NOW,
        )
        import_locations(
            conn,
            [
                LocationRecord(code=f"L-{i:04d}", warehouse=f"WH-{i % WAREHOUSES:02d}")
                for i in range(LOCATIONS)
            ],
            NOW,
        )
    began = time.perf_counter()
    for first in range(0, LOTS, FILL_LOTS):  # short transactions: the server is shared
        with engine.begin() as conn:
            conn.execute(
                text(FILL),
                {
                    "stations": STATIONS,
                    "per": EVENTS_PER_LOT,
                    "items": ITEMS,
                    "locations": LOCATIONS,
                    "first": first,
                    "last": min(LOTS, first + FILL_LOTS) - 1,
                },
            )
    fill_s = time.perf_counter() - began
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    began = time.perf_counter()
    raised = derive_web(engine, NOW)
    derive_s = time.perf_counter() - began
    with engine.connect() as conn:
        conn.execute(text("ANALYZE central_stale_tasks"))
        conn.commit()
        events = conn.execute(text("SELECT count(*) FROM central_events")).scalar_one()
    return {
        "events": events,
        "lots": LOTS,
        "stations": STATIONS,
        "tasks": len(raised),
        "fill_s": round(fill_s, 1),
        "derive_s": round(derive_s, 1),
    }


def run() -> dict[str, Any]:
    from central_web.app import create_app

    admin = _admin()
    name = "bench_web_" + uuid.uuid4().hex[:10]
    role = "bench_web_" + uuid.uuid4().hex[:8]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.format(user=admin.url.username, db=name)
    engine = open_central(url, timeout_s=None)
    web = None
    try:
        init_central(engine)
        size = _fill(engine)
        with engine.begin() as conn:
            grant_web(conn, role)
            add_user(conn, "owner", "Owner 7", "owner", PASSWORD)
            add_user(conn, "manager", "Manager", "manager", PASSWORD, warehouses=["WH-01", "WH-02"])
            add_user(conn, "admin", "Admin", "admin", PASSWORD)
        web = open_central(url.replace(f"//{admin.url.username}@", f"//{role}@"))
        app = create_app(web, "bench-key")
        owner, manager, boss = (_client(app, u) for u in ("owner", "manager", "admin"))
        bare_sql = text(
            "SELECT * FROM central_stale_tasks WHERE owner = 'Owner 7' AND status = 'open' "
            "ORDER BY due_date, id LIMIT 100"
        )

        def bare() -> None:
            with engine.connect() as conn:
                conn.execute(bare_sql).all()

        timings: dict[str, list[float]] = {
            "task_list": [],
            "bare_task_list": [],
            "dashboard_manager": [],
            "dashboard_admin": [],
        }
        for warm in (True, False):
            for _ in range(3 if warm else ROUNDS):
                runs = (
                    ("task_list", lambda: owner.get("/tasks").raise_for_status()),
                    ("bare_task_list", bare),
                    ("dashboard_manager", lambda: manager.get("/dashboard").raise_for_status()),
                    ("dashboard_admin", lambda: boss.get("/dashboard").raise_for_status()),
                )
                for key, fn in runs:
                    ms = _timed(fn)
                    if not warm:
                        timings[key].append(ms)
        rows = owner.get("/tasks").text.count('class="task"')
        figures = {key: _figure(values) for key, values in timings.items()}
        return {
            "data": size,
            "owner_tasks_shown": rows,
            **figures,
            "task_list_over_bare": round(
                statistics.median(timings["task_list"])
                / statistics.median(timings["bare_task_list"]),
                1,
            ),
            "goal_p95_ms": 300,
        }
    finally:
        if web is not None:
            web.dispose()
        with engine.begin() as conn:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                conn.execute(text(f'DROP OWNED BY "{role}"'))
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(), indent=2))
