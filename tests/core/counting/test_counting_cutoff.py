# SPDX-License-Identifier: Apache-2.0
"""The count cut-off is per location, item and lot: a counter counts lot A of an item, a clerk
moves some of lot A and lot B to another bin, the counter then counts lot B. Neither lot shows
a variance, in the live count and in a memory-scanner batch; only the lots that moved are
flagged, and the variance report names the movements that changed a line's expected quantity."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from station.core.store import catalog
from station.core.store.database import Store
from station.core.store.events import StationIdentity
from station.core.store.ledger import Movement, post_movement

from .counting_fixtures import prepared_db, query, run

TZ = ZoneInfo("Asia/Shanghai")
LOT_A, LOT_B = "L2607021", "L2611301"  # FAST-0170 at A-03-2: lot A is the demo's, B added
LOT_SCAN = "]C10106975123001705" + "10"


def _second_lot(conn: Connection) -> None:
    """Lot B of FAST-0170 (10 units) arrives at A-03-2 the day before the count."""
    loc = catalog.location_by_code(conn, "A-03-2")
    item = catalog.item_by_sku(conn, "FAST-0170")
    assert loc and item
    lot_b = catalog.lot_id_for(conn, item.id, LOT_B)
    post_movement(
        conn,
        StationIdentity("ST-DEMO", "x"),
        Movement("receipt", item.id, loc.id, Decimal(10), lot_id=lot_b),
        datetime(2026, 11, 23, 15, 0, tzinfo=TZ),
    )


def _clerk_moves(db: Path, when: datetime) -> None:
    """6 of lot A and 4 of lot B go from A-03-2 to A-01-1."""
    store = Store.open(db)
    with store.transaction() as conn:
        src = catalog.location_by_code(conn, "A-03-2")
        dst = catalog.location_by_code(conn, "A-01-1")
        item = catalog.item_by_sku(conn, "FAST-0170")
        assert src and dst and item
        who = StationIdentity(store.station_id, store.incarnation_id)
        for lot_no, qty in ((LOT_A, 6), (LOT_B, 4)):
            lot = catalog.lot_id_for(conn, item.id, lot_no)
            for loc, signed in ((src, -qty), (dst, qty)):
                post_movement(
                    conn,
                    who,
                    Movement("transfer", item.id, loc.id, Decimal(signed), lot_id=lot),
                    when,
                )
    store.close()


def _lines(db: Path) -> dict[str, tuple[str, str, str, str, int]]:
    """Per SKU (and lot): moved, expected, counted, variance, moved_during_count, status."""
    rows = query(
        db,
        "SELECT i.sku, COALESCE(l.lot_no, ''), v.moved_qty, v.book_qty, v.counted_qty, "
        "v.variance_qty, v.moved_during_count, v.status FROM count_variances v "
        "JOIN items i ON i.id = v.item_id LEFT JOIN lots l ON l.id = v.lot_id",
    )
    return {
        f"{r[0]} {r[1]}".strip(): (
            r[2],
            str(Decimal(r[3]) + Decimal(r[2])),
            r[4],
            r[5],
            r[6],
            r[7],
        )
        for r in rows
    }


LIVE_1 = f"""\
@clock 2026-11-24T09:30:00+08:00
$USR-N001
@pin 2222
CC-0002
{LOT_SCAN}{LOT_A}
@qty 10
16975123000668
06975123000661
@qty 10
06975123001118
@qty 5
"""
LIVE_2 = f"""\
@clock 2026-11-24T09:44:00+08:00
{LOT_SCAN}{LOT_B}
@qty 6
$CMD-DONE
"""


def _assert_no_invented_variance(db: Path) -> None:
    lines = _lines(db)
    # lot A: counted as booked before 6 left; the move is after its cut-off
    assert lines[f"FAST-0170 {LOT_A}"] == ("0", "10", "10", "0", 1, "matched")
    # lot B: 4 left before it was counted; expected 6, counted 6
    assert lines[f"FAST-0170 {LOT_B}"] == ("-4", "6", "6", "0", 1, "matched")
    # the lots that did not move are not flagged
    assert lines["LUBE-0066"][4] == 0 and lines["PACK-0111"][4] == 0
    assert {v[5] for v in lines.values()} == {"matched"}


def test_live_count_lot_a_then_a_move_then_lot_b_has_no_variance(
    demo_template: Path, tmp_path: Path
) -> None:
    db = prepared_db(demo_template, tmp_path, _second_lot)
    run(db, LIVE_1, tmp_path)
    _clerk_moves(db, datetime(2026, 11, 24, 9, 40, tzinfo=TZ))
    rows = run(db, LIVE_2, tmp_path)
    assert rows[-1]["message_key"] == "counting.task_done"
    _assert_no_invented_variance(db)
    _report_names_the_moves(db, tmp_path)


BATCH = f"""\
@clock 2026-11-24T10:30:00+08:00
$USR-N001
@pin 2222
$CMD-BATCH
@choose 2
@text 2026-11-24T10:01:00,$LOC-A-03-2
@text 2026-11-24T10:01:10,{LOT_SCAN}{LOT_A},10
@text 2026-11-24T10:01:20,16975123000668
@text 2026-11-24T10:01:25,06975123000661,10
@text 2026-11-24T10:01:30,06975123001118,5
@text 2026-11-24T10:09:00,{LOT_SCAN}{LOT_B},6
$CMD-DONE
$CMD-DONE
"""


def test_batch_records_cut_off_per_lot_by_their_timestamps(
    demo_template: Path, tmp_path: Path
) -> None:
    db = prepared_db(demo_template, tmp_path, _second_lot)
    _clerk_moves(db, datetime(2026, 11, 24, 10, 5, tzinfo=TZ))  # between the two lots' records
    rows = run(db, BATCH, tmp_path)
    assert rows[-1]["message_key"] == "batch.submitted", rows[-3:]
    _assert_no_invented_variance(db)


def _report_names_the_moves(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "variances.csv"
    done = subprocess.run(
        [sys.executable, "-m", "station", "report", "variances", "--db", str(db)]
        + ["--format", "csv", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8-sig") as f:
        rows = {(r["sku"], r["lot"]): r for r in csv.DictReader(f)}
    lot_b = rows[("FAST-0170", LOT_B)]["movements"]
    assert "transfer -4" in lot_b and "2026-11-24 09:40" in lot_b
    assert rows[("FAST-0170", LOT_A)]["movements"] == ""  # its move came after it was counted
