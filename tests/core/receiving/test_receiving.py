# SPDX-License-Identifier: Apache-2.0
"""Receiving through the engine: settings, permissions, starting, and what "done" hands over."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from station.core.clock import ManualClock
from station.core.engine.inputs import Choose, Outcome, Pin, Qty, Scan
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.core.store.ledger import balance_mismatches

CASE_OF_BREAKERS = "16975123000347"  # ELEC-0034, 6 per case; PO-2026-0001 line 2 wants 12
CHAIN_SPRAY_CASE = "16975123000217"  # LUBE-0021, 20 per case, 180 days minimum shelf life


def scan(engine: Engine, text: str) -> Outcome:
    return engine.handle(Scan(text, device_url="test://"))


def login(engine: Engine, badge: str, pin: str) -> None:
    assert scan(engine, f"$USR-{badge}").outcome == "pending"
    assert engine.handle(Pin(pin)).outcome == "accepted"


def engine_with(store: Store, clock: ManualClock, **settings: Any) -> Engine:
    return Engine(store, clock, settings=settings)


def test_scanning_a_receipt_reference_at_home_starts_receiving(engine: Engine) -> None:
    login(engine, "C001", "1111")
    out = scan(engine, "PO-2026-0002")
    assert out.workflow == "receive" and out.message_key == "receiving.started"
    assert [line["sku"] for line in out.state["lines"]] == ["PACK-0028", "CHEM-0041", "PPE-0054"]
    assert {line["status"] for line in out.state["lines"]} == {"open"}


def test_a_text_that_is_no_receipt_stays_with_lookup(engine: Engine) -> None:
    login(engine, "C001", "1111")
    out = scan(engine, "PO-2099-9999")
    assert out.workflow == "lookup" and out.message_key == "scan.unknown"


def test_the_receive_command_offers_the_open_receipts(engine: Engine) -> None:
    login(engine, "C001", "1111")
    out = scan(engine, "$CMD-RECEIVE")
    assert out.outcome == "pending" and out.workflow == "receive"
    assert out.choices[0].startswith("PO-2026-0001")
    assert out.choices[-1].startswith("Blind receipt")
    chosen = engine.handle(Choose(3))
    assert chosen.message_key == "receiving.started"
    assert chosen.state["reference"] == "PO-2026-0003"


def test_a_counter_may_not_receive(engine: Engine) -> None:
    login(engine, "N001", "2222")
    out = scan(engine, "$CMD-RECEIVE")
    assert out.outcome == "rejected" and out.message_key == "perm.denied"


def test_an_expired_lot_can_be_flagged_instead_of_refused(
    demo_store: Store, clock: ManualClock
) -> None:
    engine = engine_with(demo_store, clock, receiving_expired_policy="flag")
    login(engine, "C001", "1111")
    scan(engine, "PO-2026-0001")
    out = scan(engine, f"]C101{CHAIN_SPRAY_CASE}17261031\x1d10OLD01")
    assert out.outcome == "accepted" and out.message_key == "receiving.expired_flagged"
    assert out.state["flagged"] == [
        {"line": 1, "sku": "LUBE-0021", "lot": "OLD01", "expiry": "2026-10-31", "flag": "expired"}
    ]


def test_a_short_dated_lot_can_be_refused(demo_store: Store, clock: ManualClock) -> None:
    engine = engine_with(demo_store, clock, receiving_short_shelf_life_policy="refuse")
    login(engine, "C001", "1111")
    scan(engine, "PO-2026-0001")
    out = scan(engine, f"]C101{CHAIN_SPRAY_CASE}17270331\x1d10SHORT1")
    assert out.outcome == "rejected" and out.message_key == "receiving.short_life_refused"
    assert out.params["days"] == 127 and out.params["min"] == 180


def test_the_expiry_is_judged_by_the_engines_clock(demo_store: Store, clock: ManualClock) -> None:
    engine = engine_with(demo_store, clock, idle_logout_minutes=0)
    login(engine, "C001", "1111")
    scan(engine, "PO-2026-0001")
    lot = f"]C101{CHAIN_SPRAY_CASE}17280101\x1d10EDGE1"
    assert scan(engine, lot).message_key == "receiving.counted"
    scan(engine, "$CMD-UNDO")
    clock.set(clock.now().replace(year=2027, month=8))  # now fewer than 180 days are left
    assert scan(engine, lot).message_key == "receiving.short_life_flagged"


def test_an_over_receipt_within_tolerance_needs_no_approval(
    demo_store: Store, clock: ManualClock
) -> None:
    engine = engine_with(demo_store, clock, receiving_over_tolerance_pct="50")
    login(engine, "C001", "1111")
    scan(engine, "PO-2026-0001")
    for _ in range(3):
        out = scan(engine, CASE_OF_BREAKERS)
    assert out.outcome == "accepted" and out.state["last"]["status"] == "over"
    out = scan(engine, CASE_OF_BREAKERS)  # 24 > 18
    assert out.message_key == "receiving.over_needs_supervisor"


def test_a_receiving_supervisor_approves_with_their_own_pin(engine: Engine) -> None:
    login(engine, "S001", "3333")
    scan(engine, "PO-2026-0001")
    scan(engine, CASE_OF_BREAKERS)
    scan(engine, CASE_OF_BREAKERS)
    out = scan(engine, CASE_OF_BREAKERS)
    assert out.message_key == "receiving.over_confirm" and out.state["awaiting_pin"]
    out = engine.handle(Pin("3333"))
    assert out.message_key == "receiving.over_approved"
    assert out.state["last"]["received"] == "18"


def test_a_typed_quantity_counts_for_the_next_scan_only(engine: Engine) -> None:
    login(engine, "C001", "1111")
    scan(engine, "PO-2026-0001")
    assert engine.handle(Qty(Decimal("0"))).message_key == "receiving.qty_invalid"
    engine.handle(Qty(Decimal("5")))
    first = scan(engine, "06975123000340")
    second = scan(engine, "06975123000340")
    assert (first.state["last"]["qty"], second.state["last"]["qty"]) == ("5", "1")


def test_done_queues_labels_for_new_lots_and_the_pdf_for_differences(engine: Engine) -> None:
    login(engine, "C001", "1111")
    scan(engine, "PO-2026-0001")
    scan(engine, f"]C101{CASE_OF_BREAKERS}17281231\x1d10NEWLOT")
    out = scan(engine, "$CMD-DONE")
    assert out.message_key == "receiving.posted"
    kinds = [effect["kind"] for effect in out.effects]
    assert kinds == ["labels", "document"]
    label = out.effects[0]["data"][0]
    assert label == {
        "gtin": "06975123000340",
        "lot": "NEWLOT",
        "expiry": "2028-12-31",
        "quantity": "6",
        "unit": "EA",
        "item": "Circuit breaker C16",
        "sku": "ELEC-0034",
        "received": "2026-11-24",
        "location": "RECV-01",
    }
    document = out.effects[1]
    assert document["name"] == "receipt-discrepancies"
    assert [line["sku"] for line in document["data"]["lines"]] == ["LUBE-0021", "ELEC-0034"]
    with engine.store.reading() as conn:
        assert balance_mismatches(conn) == []


def test_a_lot_received_before_gets_no_new_label(engine: Engine) -> None:
    login(engine, "C001", "1111")
    scan(engine, "PO-2026-0001")
    scan(engine, f"]C101{CASE_OF_BREAKERS}17281231\x1d10LOTA")
    scan(engine, "$CMD-DONE")
    scan(engine, "$CMD-DONE")
    scan(engine, "PO-2026-0002")
    scan(engine, "06975123000289")
    out = scan(engine, "$CMD-DONE")
    assert [effect["kind"] for effect in out.effects] == ["document"]


def test_a_half_done_receipt_is_carried_on_by_a_new_engine(
    demo_store: Store, clock: ManualClock
) -> None:
    engine = Engine(demo_store, clock)
    login(engine, "C001", "1111")
    scan(engine, "PO-2026-0001")
    scan(engine, CASE_OF_BREAKERS)
    again = Engine(demo_store, clock)
    out = scan(again, CASE_OF_BREAKERS)
    assert out.state["last"]["received"] == "12"
