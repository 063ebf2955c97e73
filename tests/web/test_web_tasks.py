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
