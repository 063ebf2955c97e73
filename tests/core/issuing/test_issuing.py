# SPDX-License-Identifier: Apache-2.0
"""Two-person issuing, input by input on the demo warehouse: what the picker and the checker
are told, what is refused, and what the books say afterwards."""

from __future__ import annotations

from decimal import Decimal

from msgspec.structs import replace
from sqlalchemy import select

from station.core.clock import ManualClock
from station.core.engine.inputs import Choose, InputEvent, Outcome, Pin, Qty, Scan, TextInput
from station.core.engine.session import Engine
from station.core.engine.workflow import Ctx, SessionUser
from station.core.issuing.workflow import IssuingWorkflow
from station.core.scan_meaning import interpret
from station.core.store import schema
from station.core.store.database import Store
from station.core.store.events import StationIdentity, verify_audit_chain

L1 = "]C1010697512300017310L2608241"
L2 = "]C10106975123000227\x1d10L2609221"
L3 = "]C1010697512300027210L2606111"
PICK_ALL = ["$LOC-A-01-2", L1, "@qty 5", "$LOC-B-01-2", L2, "@qty 10", "$LOC-B-04-1", L3, "@qty 10"]


def feed(engine: Engine, *tokens: str) -> Outcome:
    outcome = None
    for token in tokens:
        event: InputEvent
        if token.startswith("@pin "):
            event = Pin(token[5:])
        elif token.startswith("@qty "):
            event = Qty(Decimal(token[5:]))
        elif token.startswith("@choose "):
            event = Choose(int(token[8:]))
        elif token.startswith("@text "):
            event = TextInput(token[6:])
        else:
            event = Scan(token, device_url="test://")
        outcome = engine.handle(event)
    assert outcome is not None
    return outcome


def issue_movements(store: Store) -> int:
    with store.reading() as conn:
        m = schema.movements.c
        return len(conn.execute(select(m.id).where(m.kind == "issue")).all())


def test_scanning_an_open_order_at_home_starts_picking(engine: Engine) -> None:
    feed(engine, "$USR-C001", "@pin 1111")
    started = feed(engine, "ISS-0003")
    assert (started.workflow, started.message_key) == ("issuing", "issuing.started")
    assert started.state["awaiting"] == "location"
    assert started.state["lines"][0]["suggested"]["lot"] == "L2607081"  # expires first


def test_the_picker_is_refused_as_their_own_checker(demo_store: Store, clock: ManualClock) -> None:
    """The workflow's own rule (the engine logs out on one's own badge before it gets here)."""
    engine = Engine(demo_store, clock)
    feed(engine, "$USR-C001", "@pin 1111", "ISS-0001", *PICK_ALL)
    locked = feed(engine, "$CMD-DONE")
    assert locked.message_key == "issuing.locked"
    workflow = IssuingWorkflow()
    user = SessionUser(**engine.state["user"])
    with demo_store.transaction() as conn:
        ctx = Ctx(conn, clock.now(), StationIdentity("ST-DEMO", "x"), user, engine.settings)
        step = workflow.handle(ctx, engine.state["wf"], Scan("$USR-C001"), interpret("$USR-C001"))
    assert step.outcome == "rejected" and step.key == "issuing.same_person"
    assert step.confirm is None
    assert step.params["name"] == "Demo Clerk"


def test_a_non_fefo_lot_may_be_allowed_by_configuration(
    demo_store: Store, clock: ManualClock
) -> None:
    engine = Engine(demo_store, clock, settings={"issuing_non_fefo_lot": "allow"})
    feed(engine, "$USR-C001", "@pin 1111", "ISS-0002", "$LOC-C-01-2")
    taken = feed(engine, "]C1010697512300038810L2610291")
    assert (taken.outcome, taken.message_key) == ("accepted", "issuing.lot_not_fefo_taken")
    assert "lot L2610172 expires first (2027-08-26)" in taken.message
    assert taken.state["lines"][2]["lot"] == "L2610291"


def test_quantities_stock_and_lots_are_checked_while_picking(engine: Engine) -> None:
    feed(engine, "$USR-C001", "@pin 1111", "ISS-0001")
    assert feed(engine, L1).message_key == "issuing.scan_location_first"
    feed(engine, "$LOC-A-01-2")
    assert feed(engine, "16975123000170").message_key == "issuing.over_pick"  # a case of 10
    assert feed(engine, "06975123000173").message_key == "issuing.scan_lot"
    assert feed(engine, "$LOC-B-01-2").message_key == "issuing.scan_lot_first"
    assert feed(engine, L2).message_key == "issuing.scan_lot_first"
    assert feed(engine, "L0000").message_key == "issuing.lot_unknown"
    picked = feed(engine, "L2608241")
    assert picked.message == "Line 1 BEAR-0017: 1 of 5 EA (lot L2608241)."
    assert feed(engine, "@qty 6").message_key == "issuing.over_pick"
    assert feed(engine, "$LOC-B-01-2", L1).message_key == "issuing.wrong_location"
    assert feed(engine, "$LOC-A-01-2", "@qty 5").state["lines"][0]["picked"] == "5"
    assert feed(engine, L1).message_key == "issuing.line_complete"


def test_a_second_picker_cannot_take_over_a_locked_order(
    demo_store: Store, clock: ManualClock
) -> None:
    engine = Engine(demo_store, clock)
    feed(engine, "$USR-C001", "@pin 1111", "ISS-0001", *PICK_ALL, "$CMD-DONE", "$CMD-LOGOUT")
    busy = feed(engine, "$USR-C002", "@pin 1212", "$CMD-PICK")
    assert "ISS-0001 Assembly line 1" not in busy.choices
    refused = feed(engine, "@choose 1", "$CMD-CANCEL", "ISS-0001")
    assert refused.workflow == "lookup"  # not claimed: someone else's order in progress
    again = feed(engine, "$CMD-PICK")
    assert again.state["orders"] == ["ISS-0002", "ISS-0003"]


def test_a_picker_logged_out_resumes_where_they_left(demo_store: Store, clock: ManualClock) -> None:
    engine = Engine(demo_store, clock)
    feed(engine, "$USR-C001", "@pin 1111", "ISS-0001", *PICK_ALL[:3], "$CMD-LOGOUT")
    resumed = feed(engine, "$USR-C001", "@pin 1111", "ISS-0001")
    assert resumed.message_key == "issuing.resumed"
    assert resumed.state["lines"][0]["picked"] == "5"
    feed(engine, *PICK_ALL[3:], "$CMD-DONE", "$USR-C002", "@pin 1212", L1)
    # a logout in the middle of the check: the check starts again with a badge and PIN
    feed(engine, "$CMD-LOGOUT", "$USR-C001", "@pin 1111")
    back = feed(engine, "ISS-0001")
    assert back.message_key == "issuing.resumed_handover"
    assert back.state["checker"] is None and back.state["blind"]
    feed(engine, "$USR-C002", "@pin 1212", L1, "@qty 5", L2, "@qty 10", L3, "@qty 10")
    assert feed(engine, "$CMD-DONE").message_key == "issuing.posted"
    assert issue_movements(demo_store) == 3
    with demo_store.reading() as conn:
        assert verify_audit_chain(conn).ok


def test_undo_at_the_hand_over_unlocks_for_the_picker(engine: Engine) -> None:
    feed(engine, "$USR-C001", "@pin 1111", "ISS-0001", *PICK_ALL, "$CMD-DONE")
    assert feed(engine, "$LOC-A-01-2").message_key == "issuing.waiting_checker"
    unlocked = feed(engine, "$CMD-UNDO")
    assert unlocked.message_key == "issuing.unlocked"
    assert unlocked.state["phase"] == "picking" and unlocked.state["lines"][0]["picked"] == "5"


def test_the_checker_sees_only_their_own_counts(engine: Engine) -> None:
    feed(engine, "$USR-C001", "@pin 1111", "ISS-0001", *PICK_ALL, "$CMD-DONE")
    pin = feed(engine, "$USR-C002")
    assert pin.state["awaiting_pin"] and [u["badge"] for u in pin.users] == ["C001", "C002"]
    checking = feed(engine, "@pin 1212", L1)
    line = checking.state["lines"][0]
    assert line["checked"] == "1" and line["check_lot"] == "L2608241"
    assert "picked" not in line and "lot" not in line and "location" not in line
    assert feed(engine, "06975123000548").message_key == "issuing.check_wrong_item"
    assert feed(engine, "$USR-S001").message_key == "issuing.check_in_progress"


def test_stock_taken_meanwhile_stops_the_posting(demo_store: Store, clock: ManualClock) -> None:
    engine = Engine(demo_store, clock)
    feed(engine, "$USR-C001", "@pin 1111", "ISS-0001", *PICK_ALL, "$CMD-DONE")
    feed(engine, "$USR-C002", "@pin 1212", L1, "@qty 5", L2, "@qty 10", L3, "@qty 10")
    from station.core.store.events import StationIdentity as Who
    from station.core.store.ledger import Movement, post_movement

    with demo_store.transaction() as conn:
        line = engine.state["wf"]["lines"][0]
        post_movement(
            conn,
            Who("ST-DEMO", "x"),
            replace(
                Movement("adjustment", line["item_id"], line["location_id"], Decimal(-8)),
                lot_id=line["lot_id"],
            ),
            clock.now(),
        )
    stopped = feed(engine, "$CMD-DONE")
    assert stopped.message_key == "issuing.stock_changed"
    assert "Only 2 of BEAR-0017" in stopped.message
    assert stopped.state["phase"] == "picking"
    assert issue_movements(demo_store) == 0


def test_every_message_and_setting_is_documented() -> None:
    from pathlib import Path

    from station.core.issuing import messages as issuing

    page = Path(__file__).parents[3] / "docs" / "workflows" / "issuing.md"
    text = page.read_text(encoding="utf-8")
    from station.core.engine.settings import REGISTRY

    settings = [k for k, s in REGISTRY.items() if s.group == "issuing"]
    for key in [*issuing.MESSAGES, *settings]:
        assert f"`{key}`" in text, f"{key} is missing from {page.name}"


def test_lots_go_first_expiry_first_then_first_received() -> None:
    from datetime import date

    from station.core.issuing.fefo import LotStock, issuing_order, jumps_the_queue, suggest

    def lot(n: int, expiry: str | None, received: str | None) -> LotStock:
        return LotStock(n, f"L{n}", expiry, received, 1, "A-01-1", Decimal(5))

    stock = [
        lot(1, None, "2025-01-01"),
        lot(2, "2027-03-01", "2026-06-01"),
        lot(3, "2026-11-01", "2026-01-01"),  # expired on the day below
        lot(4, "2027-01-01", "2026-09-01"),
        lot(5, None, "2024-05-01"),
        lot(6, None, None),
    ]
    assert [s.lot_id for s in issuing_order(stock)] == [3, 4, 2, 5, 1, 6]
    best = suggest(stock, date(2026, 11, 24))
    assert best is not None and best.lot_id == 4
    assert jumps_the_queue(stock[1], best) and not jumps_the_queue(stock[3], best)
    same_rank = lot(7, "2027-01-01", "2026-09-01")
    assert not jumps_the_queue(same_rank, best)
    assert suggest([lot(8, "2026-01-01", None)], date(2026, 11, 24)) is None
