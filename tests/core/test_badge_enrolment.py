# SPDX-License-Identifier: Apache-2.0
"""Badges that cannot be borrowed, at one station: a supervisor's or admin's first PIN needs a
one-time enrolment code, the code works once and expires, and a PIN an admin gave out never
approves anything."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Connection, select

from station.core.clock import ManualClock
from station.core.engine.inputs import Choose, Pin
from station.core.engine.session import Engine
from station.core.master_data import upsert_user
from station.core.store import catalog, enrolments, schema
from station.core.store.database import Store
from station.core.store.events import verify_audit_chain
from station.core.store.pins import hash_pin
from station.core.store.tables.sync_state import sync_cursor

from .counting.counting_fixtures import prepared_db, query, run
from .scan_helpers import login, scan

SCRIPT_HEAD = Path(__file__).parent / "counting" / "scripts"


def _new_supervisor(store: Store, badge: str = "S009") -> None:
    with store.transaction() as conn:
        upsert_user(conn, badge, "New Supervisor", "supervisor")


def test_a_supervisor_without_a_code_cannot_choose_a_pin(demo_store: Store, engine: Engine) -> None:
    _new_supervisor(demo_store)
    out = scan(engine, "$USR-S009")
    assert (out.outcome, out.message_key) == ("rejected", "login.needs_enrolment")
    assert "enrolment code" in out.message
    assert "station central enrol --badge S009" in out.message
    assert "station enrol --badge S009" in out.message
    refused = engine.handle(Pin("1234"))  # nothing is waiting for a PIN
    assert refused.outcome == "rejected"
    with demo_store.reading() as conn:
        user = catalog.user_by_badge(conn, "S009")
        assert user is not None and user.pin_hash is None
    # an admin badge is the same
    with demo_store.transaction() as conn:
        upsert_user(conn, "A009", "New Admin", "admin")
    assert scan(engine, "$USR-A009").message_key == "login.needs_enrolment"
    # a new clerk still chooses a PIN at the first scan, as before
    first = scan(engine, "$USR-C003")
    assert (first.outcome, first.message_key) == ("pending", "login.set_pin")


def test_a_valid_code_sets_the_pin_once(
    demo_store: Store, engine: Engine, clock: ManualClock
) -> None:
    _new_supervisor(demo_store)
    with demo_store.transaction() as conn:
        code = enrolments.issue_local(conn, "S009", clock.now() + timedelta(hours=24))
    asked = scan(engine, "$USR-S009")
    assert (asked.outcome, asked.message_key) == ("pending", "login.enter_code")
    accepted = engine.handle(Pin(code))
    assert (accepted.outcome, accepted.message_key) == ("pending", "login.code_accepted")
    engine.handle(Pin("5678"))
    done = engine.handle(Pin("5678"))
    assert (done.outcome, done.message_key) == ("accepted", "login.pin_set")
    assert done.users[0]["role"] == "supervisor"
    scan(engine, "$USR-S009")  # log out
    again = scan(engine, "$USR-S009")  # now a PIN is asked, not a code
    assert again.message_key == "login.enter_pin"
    reused = engine.handle(Pin(code))
    assert (reused.outcome, reused.message_key) == ("rejected", "login.wrong_pin")
    assert engine.handle(Pin("5678")).message_key == "login.welcome"
    with demo_store.reading() as conn:
        assert enrolments.for_badge(conn, "S009") == []  # the code is used up
        user = catalog.user_by_badge(conn, "S009")
        assert user is not None and user.pin_origin == "enrolled"
        queued = conn.execute(select(schema.pin_changes.c.badge, schema.pin_changes.c.origin)).all()
        assert [tuple(r) for r in queued] == [("S009", "enrolled")]
        assert verify_audit_chain(conn).ok
        stored = conn.execute(select(schema.enrolments)).all()
        assert stored == []
        code_text = str(conn.execute(select(schema.audit_log)).all())
        assert code not in code_text  # the code is never written down


def test_an_expired_code_is_refused(demo_store: Store, engine: Engine, clock: ManualClock) -> None:
    _new_supervisor(demo_store)
    with demo_store.transaction() as conn:
        enrolments.issue_local(conn, "S009", clock.now() + timedelta(hours=1))
    clock.advance(timedelta(hours=2))
    out = scan(engine, "$USR-S009")
    assert (out.outcome, out.message_key) == ("rejected", "login.code_expired")
    assert "station central enrol --badge S009" in out.message


def test_wrong_codes_lock_the_badge(demo_store: Store, engine: Engine, clock: ManualClock) -> None:
    _new_supervisor(demo_store)
    with demo_store.transaction() as conn:
        code = enrolments.issue_local(conn, "S009", clock.now() + timedelta(hours=1))
    scan(engine, "$USR-S009")
    wrong = "0" * 12 if code != "0" * 12 else "1" * 12
    for left in (4, 3, 2, 1):
        out = engine.handle(Pin(wrong))
        assert (out.message_key, out.params["left"]) == ("login.wrong_code", left)
    assert engine.handle(Pin(wrong)).message_key == "login.now_locked"
    assert scan(engine, "$USR-S009").message_key == "login.user_locked"


def test_an_admin_cannot_issue_a_pin_for_a_supervisor(demo_store: Store, engine: Engine) -> None:
    login(engine, "A001", "4444")
    scan(engine, "$CMD-USERS")
    shown = scan(engine, "$USR-S001")
    assert shown.message_key == "users.user_enrols"  # the screen says so before a choice
    assert "only with an enrolment code" in shown.message
    refused = engine.handle(Choose(1))
    assert (refused.outcome, refused.message_key) == ("rejected", "users.enrol_instead")
    assert "station central enrol --badge S001" in refused.message
    scan(engine, "$USR-C001")  # a clerk still gets one
    assert engine.handle(Choose(1)).message_key == "perm.pin_required"
    issued = engine.handle(Pin("4444"))
    assert issued.message_key == "users.one_time_pin"
    with demo_store.reading() as conn:
        clerk = catalog.user_by_badge(conn, "C001")
        assert clerk is not None and (clerk.pin_is_one_time, clerk.pin_origin) == (True, "issued")


def test_a_pin_that_came_from_an_admin_cannot_approve_a_variance(
    demo_template: Path, tmp_path: Path
) -> None:
    """The review is opened with the supervisor's enrolled PIN; before the approval's PIN is
    given, the PIN is replaced by one chosen after an admin's one-time PIN (as an older station
    version let happen). The approval is refused and the variance stays open."""
    db = prepared_db(demo_template, tmp_path)
    script = (SCRIPT_HEAD / "tolerance_and_decisions.txt").read_text(encoding="utf-8")
    upto = script.index("@pin 3333\n", script.index("$CMD-REVIEW"))
    rows = run(db, script[:upto], tmp_path)
    assert rows[-1]["state"].get("awaiting_pin") is True, rows[-1]  # the approval asks the PIN
    store = Store.open(db)
    with store.transaction() as conn:
        conn.execute(
            schema.users.update()
            .where(schema.users.c.badge == "S001")
            .values(pin_hash=hash_pin("9999"), pin_origin="reset")
        )
    store.close()
    rows = run(db, "@clock 2026-11-24T11:05:00+08:00\n@pin 9999\n", tmp_path)
    assert rows[-1]["message_key"] == "login.needs_enrolment"
    assert rows[-1]["outcome"] == "rejected"
    statuses = dict(
        query(
            db,
            "SELECT i.sku, v.status FROM count_variances v JOIN items i ON i.id = v.item_id",
        )
    )
    assert statuses["PACK-0186"] == "pending"
    relogin = run(db, "@clock 2026-11-24T11:06:00+08:00\n$CMD-LOGOUT\n$USR-S001\n", tmp_path)
    assert relogin[-1]["message_key"] == "login.needs_enrolment"


def test_a_badge_promoted_while_choosing_its_first_pin_needs_a_code(
    demo_store: Store, engine: Engine
) -> None:
    assert scan(engine, "$USR-C003").message_key == "login.set_pin"  # a new clerk
    engine.handle(Pin("2468"))
    with demo_store.transaction() as conn:  # central makes them a supervisor meanwhile
        upsert_user(conn, "C003", "Demo New Clerk", "supervisor")
    out = engine.handle(Pin("2468"))
    assert (out.outcome, out.message_key) == ("rejected", "login.needs_enrolment")
    assert out.users == []
    with demo_store.reading() as conn:
        user = catalog.user_by_badge(conn, "C003")
        assert user is not None and user.pin_hash is None


def _station(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_station_enrol_prints_a_code_that_works_once(demo_template: Path, tmp_path: Path) -> None:
    db = prepared_db(
        demo_template, tmp_path, lambda conn: upsert_user(conn, "S009", "Zhao Li", "supervisor")
    )
    done = _station("enrol", "--badge", "S009", "--db", str(db))
    assert done.returncode == 0, done.stderr
    found = re.search(r"(\d{4}) (\d{4}) (\d{4}), valid until", done.stdout)
    assert found, done.stdout
    code = "".join(found.groups())
    rows = run(
        db,
        f"$USR-S009\n@pin {code}\n@pin 8080\n@pin 8080\n$USR-S009\n$USR-S009\n@pin {code}\n",
        tmp_path,
    )
    keys = [r["message_key"] for r in rows]
    assert keys[:4] == [
        "login.enter_code",
        "login.code_accepted",
        "login.confirm_pin",
        "login.pin_set",
    ]
    assert keys[-2:] == ["login.enter_pin", "login.wrong_pin"]
    assert query(db, "SELECT count(*) FROM enrolments") == [(0,)]
    clerk = _station("enrol", "--badge", "C001", "--db", str(db))
    assert clerk.returncode == 2 and "codes are for supervisors and admins" in clerk.stderr


def test_station_enrol_is_refused_on_a_synced_station(demo_template: Path, tmp_path: Path) -> None:
    def synced(conn: Connection) -> None:
        conn.execute(
            sync_cursor.insert().values(stream="master", position="1:1", updated_at="2026-12-01")
        )

    db = prepared_db(demo_template, tmp_path, synced)
    done = _station("enrol", "--badge", "S001", "--db", str(db))
    assert done.returncode == 2
    assert "station central enrol --badge S001" in done.stderr
    assert query(db, "SELECT count(*) FROM enrolments") == [(0,)]


def test_a_supervisor_pin_from_an_admin_cannot_approve_a_quantity(
    demo_template: Path, tmp_path: Path
) -> None:
    def lent(conn: Connection) -> None:  # as an older version left a PIN issued by an admin
        conn.execute(
            schema.users.update()
            .where(schema.users.c.badge == "S001")
            .values(pin_hash=hash_pin("9999"), pin_origin="reset")
        )

    db = prepared_db(demo_template, tmp_path, lent)
    script = (Path(__file__).parent / "quantity_scripts" / "supervisor_ceiling.txt").read_text(
        encoding="utf-8"
    )
    head = script[: script.index("$CMD-CANCEL")]
    rows = run(db, head + "$USR-S001\n@pin 9999\n", tmp_path)
    assert rows[-2]["message_key"] == "login.needs_enrolment"
    assert rows[-1]["outcome"] == "rejected"
    assert not any(r["message_key"] == "receiving.counted_blind" for r in rows)


def test_an_upgraded_store_asks_its_supervisors_to_enrol_once(
    tmp_path: Path, clock: ManualClock
) -> None:
    """PINs set before enrolment codes existed: nobody can tell who chose them. After the
    upgrade a clerk's still works; a supervisor's neither logs in nor approves until enrolled."""
    from alembic import command

    from station.core.store.database import alembic_config

    path = tmp_path / "old.db"
    store = Store.open(path, station_id="ST-OLD")
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")  # the store line as it was before this revision
        for badge, role, one_time in (
            ("C1", "clerk", 0),
            ("C2", "clerk", 1),
            ("S1", "supervisor", 0),
        ):
            conn.exec_driver_sql(
                "INSERT INTO users (badge, name, role, pin_hash, pin_is_one_time) "
                "VALUES (?, ?, ?, ?, ?)",
                (badge, f"User {badge}", role, hash_pin("1357"), one_time),
            )
    store.close()
    store = Store.open(path)
    try:
        with store.reading() as conn:
            origins = dict(conn.exec_driver_sql("SELECT badge, pin_origin FROM users").all())
        assert origins == {"C1": "chosen", "C2": "issued", "S1": "chosen"}
        engine = Engine(store, clock)
        assert login(engine, "C1", "1357").message_key == "login.welcome"
        scan(engine, "$USR-C1")  # log out
        out = scan(engine, "$USR-S1")
        assert (out.outcome, out.message_key) == ("rejected", "login.needs_enrolment")
    finally:
        store.close()
