# SPDX-License-Identifier: Apache-2.0
"""Cycle counts through ``station script``: blind counting, tolerance, decisions, recounts,
the cut-off, RFID rounds, own-count refusal, planning and the accuracy history."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from station.core.store import catalog, schema
from station.core.store.events import StationIdentity
from station.core.store.ledger import Movement, post_movement
from station.core.store.pins import hash_pin

from .counting_fixtures import by_line, prepared_db, query, run

TZ = ZoneInfo("Asia/Shanghai")
BOOK_WORDS = ("book", "expected", "variance")


def _balance(db: Path, location: str, sku: str) -> Decimal:
    rows = query(
        db,
        "SELECT b.qty FROM balances b JOIN locations l ON l.id = b.location_id "
        "JOIN items i ON i.id = b.item_id WHERE l.code = ? AND i.sku = ?",
        location,
        sku,
    )
    return sum((Decimal(r[0]) for r in rows), Decimal(0))


def _variances(db: Path) -> dict[str, tuple[str, str, str, int, int]]:
    rows = query(
        db,
        "SELECT i.sku, v.variance_qty, v.status, v.moved_qty, v.moved_during_count, "
        "v.within_tolerance FROM count_variances v JOIN items i ON i.id = v.item_id",
    )
    return {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in rows}


def test_a_blind_count_with_no_variance(demo_template: Path, tmp_path: Path) -> None:
    db = prepared_db(demo_template, tmp_path)
    rows = run(db, "blind_no_variance.txt", tmp_path)
    counter_rows = [r for r in rows if r["users"] and r["users"][0]["badge"] == "N001"]
    for row in counter_rows:  # the counter never sees a book quantity
        text = json.dumps(row["state"]) + row["message"]
        assert not any(word in text for word in BOOK_WORDS), row
    assert rows[-5]["message_key"] == "counting.task_done"
    assert rows[-1]["state"]["rows"] == []  # nothing to review
    variances = _variances(db)
    assert {v[1] for v in variances.values()} == {"matched"}
    assert query(db, "SELECT status FROM count_tasks WHERE reference = 'CC-0002'") == [("closed",)]
    lines = query(db, "SELECT user_id, device_url, counted_at, source FROM count_lines")
    assert len(lines) == 4 and all(r[2].startswith("2026-11-24T09:30") for r in lines)


def test_tolerance_approval_rejection_and_recount(demo_template: Path, tmp_path: Path) -> None:
    db = prepared_db(demo_template, tmp_path)
    before_pack0148 = _balance(db, "B-02-4", "PACK-0148")
    rows = by_line(run(db, "tolerance_and_decisions.txt", tmp_path))
    variances = _variances(db)
    assert variances["BEAR-0102"][1] == "matched"
    assert variances["FAST-0058"][:2] == ("-1", "auto_approved")  # within 5% and 100 CNY
    assert _balance(db, "B-02-4", "FAST-0058") == 149  # auto-approved: adjusted
    # review list: largest value first
    assert rows[30]["choices"] == [
        "B-02-4 PACK-0186 -5 (-153.05)",
        "B-02-4 PPE-0001 2 (59.32)",
        "B-02-4 PACK-0148 -10 (-59.10)",
    ]
    assert rows[35]["state"].get("awaiting_pin") is True
    assert rows[36]["message_key"] == "review.approved"
    assert variances["PACK-0186"][1] == "approved"
    assert _balance(db, "B-02-4", "PACK-0186") == 0  # changed exactly by the variance (-5)
    assert rows[41]["message_key"] == "review.rejected"
    assert variances["PPE-0001"][1] == "rejected"
    assert _balance(db, "B-02-4", "PPE-0001") == 0  # rejection posts nothing
    assert rows[45]["message_key"] == "review.recount"
    assert variances["PACK-0148"][1] == "recount"
    assert _balance(db, "B-02-4", "PACK-0148") == before_pack0148
    adjustments = query(
        db, "SELECT qty, reason, reference FROM movements WHERE kind = 'adjustment' ORDER BY id"
    )
    assert adjustments == [
        ("-1", "count_within_tolerance", "CC-0003"),
        ("-5", "count_correction", "CC-0003"),
    ]
    decisions = query(db, "SELECT decision, comment FROM count_decisions ORDER BY id")
    assert ("approve", "shelf empty, confirmed by eye") in decisions
    assert ("reject", "count again next week") in decisions
    recount = query(
        db,
        "SELECT t.reference, t.priority FROM count_tasks t JOIN count_recounts r ON r.task_id = t.id",
    )
    assert recount and recount[0][1] == 90


def _second_counter(conn: Connection) -> None:
    catalog_users = schema.users
    conn.execute(
        catalog_users.insert().values(
            badge="N002", name="Second Counter", role="counter", pin_hash=hash_pin("2323")
        )
    )


RECOUNT = """\
@clock 2026-11-24T09:30:00+08:00
$USR-N001
@pin 2222
CC-0002
06975123001705
@qty 10
16975123000668
06975123000661
@qty 10
06975123001118
@qty 3
$CMD-DONE
$CMD-LOGOUT
$USR-S001
@pin 3333
$CMD-REVIEW
@choose 1
@text looks short, count again
@choose 3
@pin 3333
$CMD-LOGOUT
$USR-N001
@pin 2222
CC-0005
$CMD-LOGOUT
$USR-N002
@pin 2323
CC-0005
06975123001118
@qty 4
$CMD-DONE
$CMD-LOGOUT
$USR-S001
@pin 3333
$CMD-REVIEW
@choose 1
@choose 1
@choose 1
@pin 3333
"""


def test_a_recount_goes_to_another_counter_and_shows_beside_the_first(
    demo_template: Path, tmp_path: Path
) -> None:
    def change(conn: Connection) -> None:
        _second_counter(conn)
        conn.execute(
            schema.settings.insert().values(key="count_planning", value="false", updated_at="x")
        )

    db = prepared_db(demo_template, tmp_path, change)
    rows = run(db, RECOUNT, tmp_path)
    keyed = by_line(rows)
    assert keyed[20]["message"] == "Sent to recount: task CC-0005."
    assert keyed[24]["message_key"] == "counting.recount_other"  # the first counter may not
    assert keyed[28]["message_key"] == "counting.location_started"  # another counter does
    assert keyed[28]["state"]["task"]["recount"] is True
    review = keyed[35]["state"]["rows"][0]
    assert review["counted"] == "4" and review["counter"] == "N002"
    assert review["first_count"] == {"counted": "3", "variance": "-2", "counter": "N001"}
    assert keyed[39]["message_key"] == "review.approved"
    assert _balance(db, "A-03-2", "PACK-0111") == 4


def test_the_supervisor_may_not_decide_on_their_own_count(
    demo_template: Path, tmp_path: Path
) -> None:
    db = prepared_db(demo_template, tmp_path)
    rows = run(db, "own_count_refused.txt", tmp_path)
    assert rows[-1]["outcome"] == "rejected"
    assert rows[-1]["message_key"] == "review.own_count"
    assert "pending" in {v[1] for v in _variances(db).values()}
    assert query(db, "SELECT count(*) FROM count_decisions WHERE decision != 'auto'") == [(0,)]


def test_an_rfid_round_counts_each_tag_once(demo_template: Path, tmp_path: Path) -> None:
    db = prepared_db(demo_template, tmp_path)
    rows = by_line(run(db, "rfid_bulk.txt", tmp_path))
    assert rows[7]["state"]["rfid"] == {"new": 2, "repeated": 0, "not_items": 1}
    assert rows[8]["state"]["rfid"] == {"new": 1, "repeated": 1, "not_items": 0}
    assert rows[9]["message_key"] == "counting.undone"
    lines = query(db, "SELECT epc, qty, source, voided, device_url FROM count_lines ORDER BY id")
    assert [line[3] for line in lines] == [0, 0, 1]
    assert {line[2] for line in lines} == {"rfid"}
    assert lines[0][4] == "rfid-test://handheld"
    assert _variances(db)["PPE-0001"][0] == "2"  # found stock, recorded


def test_an_empty_location_is_an_explicit_zero(demo_template: Path, tmp_path: Path) -> None:
    db = prepared_db(demo_template, tmp_path)
    rows = run(db, "empty_location.txt", tmp_path)
    assert rows[-2]["message_key"] == "counting.confirm_empty"
    assert rows[-1]["message_key"] == "counting.task_done"
    assert query(db, "SELECT item_id, qty, source FROM count_lines") == [(None, "0", "empty")]
    assert all(Decimal(v[0]) < 0 for v in _variances(db).values())


CUTOFF_1 = """\
@clock 2026-11-24T09:30:00+08:00
$USR-N001
@pin 2222
CC-0002
06975123001705
@qty 10
"""
CUTOFF_2 = """\
@clock 2026-11-24T09:44:00+08:00
16975123000668
06975123000661
@qty 7
06975123001118
@qty 5
$CMD-DONE
"""


def test_stock_moved_during_the_count_makes_no_variance(
    demo_template: Path, tmp_path: Path
) -> None:
    db = prepared_db(demo_template, tmp_path)
    run(db, CUTOFF_1, tmp_path)  # counting A-03-2; FAST-0170 already counted (10)
    from station.core.store.database import Store

    store = Store.open(db)
    with store.transaction() as conn:
        loc = catalog.location_by_code(conn, "A-03-2")
        assert loc is not None
        who = StationIdentity(store.station_id, store.incarnation_id)
        when = datetime(2026, 11, 24, 9, 40, tzinfo=TZ)
        for sku, qty in (("LUBE-0066", -3), ("FAST-0170", -2)):
            item = catalog.item_by_sku(conn, sku)
            assert item is not None
            lot = catalog.stock_of_item(conn, item)[0]
            lot_id = conn.execute(
                schema.lots.select().where(schema.lots.c.lot_no == lot.lot_no)
            ).first()
            post_movement(
                conn,
                who,
                Movement(
                    "issue", item.id, loc.id, Decimal(qty), lot_id=lot_id.id if lot_id else None
                ),
                when,
            )
    store.close()
    rows = run(db, CUTOFF_2, tmp_path)
    assert rows[-1]["message_key"] == "counting.task_done"
    variances = _variances(db)
    # LUBE-0066: book 60, 3 issued before it was counted, 57 counted: no variance
    assert variances["LUBE-0066"][:3] == ("0", "matched", "-3")
    # FAST-0170: counted (10) before 2 were issued: the issue is after its cut-off
    assert variances["FAST-0170"][:3] == ("0", "matched", "0")
    assert variances["LUBE-0066"][3] == 1 and variances["FAST-0170"][3] == 1  # moved, flagged
    assert _balance(db, "A-03-2", "LUBE-0066") == 57  # on-hand never overwritten


PLAN = """\
@clock 2026-11-24T09:30:00+08:00
$USR-S001
@pin 3333
$CMD-REVIEW
"""


def test_count_plans_from_abc_classes_and_triggers(demo_template: Path, tmp_path: Path) -> None:
    def change(conn: Connection) -> None:
        item = schema.items
        conn.execute(item.update().where(item.c.sku == "FAST-0170").values(abc_class="A"))
        conn.execute(item.update().where(item.c.sku == "PPE-0002").values(abc_class="C"))
        loc = catalog.location_by_code(conn, "C-04-2")
        ppe = catalog.item_by_sku(conn, "PPE-0001")
        assert loc and ppe
        post_movement(
            conn,
            StationIdentity("ST-DEMO", "x"),
            Movement("adjustment", ppe.id, loc.id, Decimal(-4)),
            datetime(2026, 11, 20, 10, 0, tzinfo=TZ),
        )

    db = prepared_db(demo_template, tmp_path, change)
    rows = run(db, PLAN, tmp_path)
    assert rows[-1]["message_key"] == "review.planned"
    tasks = dict(
        (r[0], (r[1], r[2]))
        for r in query(
            db,
            "SELECT l.code, t.priority, t.reason FROM count_tasks t "
            "JOIN locations l ON l.id = t.location_id WHERE t.status = 'open'",
        )
    )
    assert tasks["C-04-2"] == (95, "negative balance")
    assert tasks["A-03-2"] == (70, "ABC A: every 30 days")  # the demo task, raised
    assert any(reason == "aged stock" for _p, reason in tasks.values())


MISMATCH = """\
@clock 2026-11-24T09:30:00+08:00
$CMD-LOGOUT
$USR-N001
@pin 2222
CC-0004
$CMD-DONE
$CMD-DONE
$CMD-LOGOUT
$USR-S001
@pin 3333
$CMD-REVIEW
@text count location C-01-1
$CMD-LOGOUT
$USR-N001
@pin 2222
CC-0005
$CMD-DONE
$CMD-DONE
$CMD-LOGOUT
$USR-S001
@pin 3333
$CMD-REVIEW
@text accuracy
"""


def test_repeated_mismatches_raise_priority_and_accuracy_history(
    demo_template: Path, tmp_path: Path
) -> None:
    def change(conn: Connection) -> None:
        conn.execute(
            schema.settings.insert().values(key="count_aged_days", value="100000", updated_at="x")
        )
        conn.execute(
            schema.settings.insert().values(key="count_slow_days", value="100000", updated_at="x")
        )

    db = prepared_db(demo_template, tmp_path, change)
    run(db, "blind_no_variance.txt", tmp_path)
    rows = run(db, MISMATCH, tmp_path)
    keyed = by_line(rows)
    assert keyed[12]["message_key"] == "review.count_added"
    assert keyed[22]["message_key"] == "review.planned"
    task = query(
        db,
        "SELECT t.priority, t.reason FROM count_tasks t JOIN locations l ON l.id = t.location_id "
        "WHERE l.code = 'C-01-1' AND t.status = 'open'",
    )
    assert task == [(85, "repeated mismatches (2)")]
    summary = rows[-1]["state"]["accuracy"]
    assert summary["overall"]["lines"] == 3 + 5 + 5
    assert summary["overall"]["within"] == 3
    zones = {g["key"]: g for g in summary["by_zone"]}
    assert zones["A"]["accuracy_pct"] == "100.0" and zones["C"]["accuracy_pct"] == "0.0"
    assert {g["key"] for g in summary["by_counter"]} == {"N001"}


def test_a_memory_scanner_batch_is_previewed_then_counted(
    demo_template: Path, tmp_path: Path
) -> None:
    def change(conn: Connection) -> None:
        # 10 washers leave B-02-4 at 10:15, after the handheld counted them at 10:01
        loc = catalog.location_by_code(conn, "B-02-4")
        item = catalog.item_by_sku(conn, "FAST-0058")
        assert loc and item
        lot = conn.execute(schema.lots.select().where(schema.lots.c.item_id == item.id)).first()
        post_movement(
            conn,
            StationIdentity("ST-DEMO", "x"),
            Movement("issue", item.id, loc.id, Decimal(-10), lot_id=lot.id if lot else None),
            datetime(2026, 11, 24, 10, 15, tzinfo=TZ),
        )

    db = prepared_db(demo_template, tmp_path, change)
    rows = run(db, "batch_upload.txt", tmp_path)
    preview = rows[-2]
    assert preview["outcome"] == "pending" and preview["message_key"] == "batch.preview"
    shown = preview["state"]["preview"]
    assert [x["code"] for x in shown["locations"]] == ["B-02-4"]
    assert shown["locations"][0]["lines"][2] == {
        "sku": "PACK-0148",
        "name": "Packing tape 48mm L",
        "lot_no": None,
        "expiry": None,
        "qty": "150",
        "gtin": "16975123001481",
        "ts": "2026-11-24T10:01:30+08:00",
        "line_no": 4,
    }
    assert shown["errors"][0]["line_no"] == 8 and "check digit" in shown["errors"][0]["reason"]
    assert rows[-1]["message_key"] == "batch.submitted"
    variances = _variances(db)
    assert {v[1] for v in variances.values()} == {"matched"}  # the 10:15 issue is after the cut-off
    raw = query(db, "SELECT status, device_url, raw FROM count_batches")
    assert raw[0][0] == "submitted" and raw[0][2].decode().count("\n") == 7
    lines = query(db, "SELECT source, counted_at FROM count_lines")
    assert {r[0] for r in lines} == {"batch"}
    assert min(r[1] for r in lines) == "2026-11-24T10:01:10+08:00"  # the device's time


RESUME = """\
@clock 2026-11-24T09:30:00+08:00
$USR-N001
@pin 2222
CC-0002
06975123001705
@qty 10
$CMD-LOGOUT
$USR-N001
@pin 2222
CC-0002
16975123000668
06975123000661
@qty 10
06975123001118
@qty 5
$CMD-DONE
"""


def test_a_count_interrupted_by_a_logout_carries_on(demo_template: Path, tmp_path: Path) -> None:
    db = prepared_db(demo_template, tmp_path)
    rows = by_line(run(db, RESUME, tmp_path))
    assert rows[10]["message_key"] == "counting.resumed"
    assert rows[10]["state"]["counted"] == [
        {"sku": "FAST-0170", "name": "Socket screw M6x20 XL", "lot": None, "qty": "10"}
    ]
    assert rows[16]["message_key"] == "counting.task_done"
    assert {v[1] for v in _variances(db).values()} == {"matched"}
    assert query(db, "SELECT count(*) FROM count_sessions") == [(1,)]
