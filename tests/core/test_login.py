# SPDX-License-Identifier: Apache-2.0
"""Badge login, PINs, lockout, idle logout, roles, command barcodes and the error lock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from station.core.clock import ManualClock
from station.core.engine.inputs import Choose, Pin
from station.core.engine.session import Engine
from station.core.store import schema
from station.core.store.database import Store
from station.core.store.events import verify_audit_chain

from .scan_helpers import login, scan


def test_badge_then_pin_logs_in(engine: Engine) -> None:
    first = scan(engine, "$USR-C001")
    assert (first.outcome, first.message_key) == ("pending", "login.enter_pin")
    assert first.state == {"login": "pin"}
    done = engine.handle(Pin("1111"))
    assert done.outcome == "accepted"
    assert done.users == [{"badge": "C001", "name": "Demo Clerk", "role": "clerk"}]
    assert done.workflow == "lookup"


def test_scans_before_login_are_refused(engine: Engine) -> None:
    out = scan(engine, "06975123000012")
    assert (out.outcome, out.message_key) == ("rejected", "login.required")


def test_unknown_badge(engine: Engine) -> None:
    out = scan(engine, "$USR-NOBODY")
    assert (out.outcome, out.message_key) == ("rejected", "login.badge_unknown")
    assert "NOBODY" in out.message


def test_wrong_pin_counts_down_then_locks(engine: Engine, demo_store: Store) -> None:
    scan(engine, "$USR-C002")
    for left in (4, 3, 2, 1):
        out = engine.handle(Pin("0000"))
        assert (out.outcome, out.message_key, out.params["left"]) == (
            "rejected",
            "login.wrong_pin",
            left,
        )
    out = engine.handle(Pin("0000"))
    assert out.message_key == "login.now_locked"
    # even the right PIN does not open a locked badge
    out = scan(engine, "$USR-C002")
    assert out.message_key == "login.user_locked"
    with demo_store.reading() as conn:
        assert verify_audit_chain(conn).ok


def test_a_clerk_may_not_clear_a_lockout_but_a_supervisor_may(engine: Engine) -> None:
    scan(engine, "$USR-C002")
    for _ in range(5):
        engine.handle(Pin("0000"))
    login(engine, "C001", "1111")
    seen = scan(engine, "$USR-C002")
    assert seen.state["locked"] is True
    refused = engine.handle(Choose(1))
    assert (refused.outcome, refused.message_key) == ("rejected", "perm.denied")
    assert refused.message == "clerk may not clear a PIN lockout: ask a supervisor."
    scan(engine, "$USR-C001")  # log out
    login(engine, "S001", "3333")
    scan(engine, "$USR-C002")
    asked = engine.handle(Choose(1))
    assert (asked.outcome, asked.message_key) == ("pending", "perm.pin_required")
    cleared = engine.handle(Pin("3333"))
    assert (cleared.outcome, cleared.message_key) == ("accepted", "lookup.lockout_cleared")
    scan(engine, "$USR-S001")
    assert login(engine, "C002", "1212").outcome == "accepted"


def test_first_scan_sets_a_pin_and_it_is_stored_hashed(engine: Engine, demo_store: Store) -> None:
    assert scan(engine, "$USR-C003").message_key == "login.set_pin"
    assert engine.handle(Pin("12")).message_key == "pin.length"
    assert engine.handle(Pin("73619058")).message_key == "login.confirm_pin"
    assert engine.handle(Pin("73619059")).message_key == "login.pin_mismatch"
    engine.handle(Pin("73619058"))
    assert engine.handle(Pin("73619058")).message_key == "login.pin_set"
    with demo_store.reading() as conn:
        stored = conn.execute(
            select(schema.users.c.pin_hash).where(schema.users.c.badge == "C003")
        ).scalar()
        texts = " ".join(
            str(value)
            for table in (schema.scan_log, schema.audit_log, schema.outbox, schema.engine_state)
            for row in conn.execute(select(table))
            for value in row
        )
    assert stored.startswith("scrypt$") and "73619058" not in stored
    assert "73619058" not in texts


def test_idle_logout(engine: Engine, clock: ManualClock) -> None:
    login(engine, "C001", "1111")
    clock.advance(timedelta(minutes=16))
    assert engine.tick() is not None
    assert engine.state["user"] is None
    assert scan(engine, "06975123000012").message_key == "login.required"


def test_scanning_your_own_badge_logs_out(engine: Engine) -> None:
    login(engine, "C001", "1111")
    out = scan(engine, "$USR-C001")
    assert (out.outcome, out.message_key, out.users) == ("accepted", "login.logged_out", [])


def test_error_lock_refuses_until_acknowledged(demo_store: Store, clock: ManualClock) -> None:
    engine = Engine(demo_store, clock, settings={"error_lock": True})
    login(engine, "C001", "1111")
    assert scan(engine, "0697512300001X").outcome == "rejected"
    locked = scan(engine, "06975123000012")
    assert (locked.outcome, locked.message_key) == ("rejected", "error.locked")
    assert scan(engine, "$CMD-ACK").message_key == "command.acknowledged"
    assert scan(engine, "06975123000012").outcome == "accepted"


def test_a_wrong_check_digit_is_refused_with_a_reason(engine: Engine) -> None:
    login(engine, "C001", "1111")
    out = scan(engine, "6975123000013")
    assert (out.outcome, out.message_key) == ("rejected", "scan.invalid")
    assert "check digit" in out.message.lower()


def test_commands(engine: Engine) -> None:
    login(engine, "C001", "1111")
    assert scan(engine, "$CMD-UNDO").message_key == "command.nothing_to_undo"
    assert scan(engine, "$CMD-CANCEL").message_key == "command.cancelled"
    assert scan(engine, "$CMD-DONE").message_key == "command.done"
    assert scan(engine, "$CMD-FLY").message_key == "command.unknown"


def test_lookup_item_location_and_badge(engine: Engine) -> None:
    login(engine, "C001", "1111")
    item = scan(engine, "06975123000012")
    assert item.state["kind"] == "item" and item.state["sku"] == "PPE-0001"
    case = scan(engine, "16975123000019")  # the case GTIN finds the same item
    assert case.state["sku"] == "PPE-0001"
    loc = scan(engine, "$LOC-A-01-1")
    assert loc.state["kind"] == "location" and loc.state["code"] == "A-01-1"
    badge = scan(engine, "$USR-S001")
    assert badge.state["role"] == "supervisor"
    unknown = scan(engine, "4006381333931")  # a valid EAN the demo does not know
    assert unknown.message_key == "scan.unknown_gtin"


def test_the_engine_resumes_after_a_restart(
    engine: Engine, demo_store: Store, clock: ManualClock
) -> None:
    scan(engine, "$USR-C001")
    again = Engine(demo_store, clock)
    assert again.handle(Pin("1111")).message_key == "login.welcome"


def test_an_admin_issues_a_one_time_pin_that_must_be_replaced(engine: Engine) -> None:
    scan(engine, "$USR-C002")
    for _ in range(5):
        engine.handle(Pin("0000"))  # locked out
    login(engine, "A001", "4444")
    assert scan(engine, "$CMD-USERS").message_key == "users.scan_badge"
    shown = scan(engine, "$USR-C002")
    assert shown.state["locked"] is True and shown.choices[0] == "Issue a one-time PIN"
    assert engine.handle(Choose(1)).message_key == "perm.pin_required"
    issued = engine.handle(Pin("4444"))
    assert issued.message_key == "users.one_time_pin"
    one_time = issued.params["pin"]
    scan(engine, "$CMD-DONE")
    scan(engine, "$USR-A001")  # log out
    scan(engine, "$USR-C002")
    assert engine.handle(Pin(one_time)).message_key == "login.set_pin"
    engine.handle(Pin("86420"))
    assert engine.handle(Pin("86420")).message_key == "login.pin_set"


def test_a_clerk_cannot_manage_users(engine: Engine) -> None:
    login(engine, "C001", "1111")
    out = scan(engine, "$CMD-USERS")
    assert (out.outcome, out.message_key) == ("rejected", "perm.denied")
