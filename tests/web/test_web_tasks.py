# SPDX-License-Identifier: Apache-2.0
"""Stale-stock tasks raised from central stock: what each says, and never twice."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from central_web.tasks import raise_tasks
from tests.web.web_fixtures import NOW, Site

pytestmark = pytest.mark.postgres


def test_tasks_carry_owner_warehouse_value_and_due_date_and_are_raised_once(site: Site) -> None:
    with site.admin.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT kind, sku, lot_no, location, warehouse, owner, qty, value, age_days, "
                "due_date FROM central_stale_tasks ORDER BY sku"
            )
        ).all()
    got = [(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), int(r[7]), r[8], r[9]) for r in rows]
    assert got == [
        ("stale", "GLV-01", "L-GLV-1", "A-01", "North", "Li Wei", 40, 100, 200, "2026-12-08"),
        ("stale", "HLM-01", "L-HLM-1", "B-01", "South", "Zhang Min", 6, 60, 200, "2026-12-08"),
        # expires 2026-12-10: near expiry, due by then at the latest (14 days would be 12-08)
        (
            "near_expiry",
            "TAP-01",
            "L-TAP-9",
            "A-01",
            "North",
            "Chen Jie",
            30,
            120,
            20,
            "2026-12-08",
        ),
    ]
    with site.admin.begin() as conn:
        assert raise_tasks(conn, NOW) == []


def test_a_pulled_outcome_closes_the_stations_own_task_for_that_lot(site: Site) -> None:
    from datetime import timedelta

    from tests.sync.sync_fixtures import sync_settled
    from tests.web.test_web_security import client, csrf_of, log_in
    from tests.web.web_fixtures import move

    with site.south.transaction() as conn:  # the station's own task for the helmets' lot
        conn.exec_driver_sql(
            "INSERT INTO stale_tasks (key, kind, item_id, lot_id, location_id, action, owner, "
            "due_date, status, qty, value, detail, created_at) "
            "SELECT 'stale:local', 'stale', i.id, lt.id, l.id, 'count', 'Zhang Min', "
            "'2026-12-01', 'open', '6', '60', '', '2026-11-24T09:30:00+00:00' "
            "FROM items i JOIN lots lt ON lt.item_id = i.id JOIN locations l ON l.code = 'B-01' "
            "WHERE i.sku = 'HLM-01'"
        )
    move(site.south, "HLM-01", "B-01", "-6", "L-HLM-1", NOW + timedelta(hours=2))
    sync_settled(site.south, site.admin)
    c = client(site)
    log_in(c, "zhang")
    task = site.task_id("HLM-01")
    page = c.get(f"/tasks/{task}").text
    movement = page.split('name="movement">', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    done = c.post(
        f"/tasks/{task}/outcome",
        data={"action": "sold", "movement": movement, "qty": "6", "csrf": csrf_of(page)},
    )
    assert "Money released 60.00" in done.text or "money released 60.00" in done.text
    sync_settled(site.south, site.admin)
    with site.south.reading() as conn:
        rows = conn.exec_driver_sql(
            "SELECT key, status, outcome, detail FROM stale_tasks ORDER BY id"
        ).all()
    assert [(r[0], r[1], r[2]) for r in rows] == [("stale:local", "done", "sold")]
    assert "Zhang Min" in rows[0][3] and "released 60" in rows[0][3]
