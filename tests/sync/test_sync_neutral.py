# SPDX-License-Identifier: Apache-2.0
"""Sync behaviour that holds on any central (a second SQLite file and PostgreSQL): ordering,
exactly-once delivery, idempotent replays, ownership of master data, clashes, restores and the
version window."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from station.core.backup_restore import restore_backup
from station.core.store import schema
from station.core.store.database import Store
from station.core.store.events import StationIdentity, record_scan_event
from station.core.store.tables.sync_state import sync_parked, sync_push_position
from sync.central_import import retire
from sync.central_schema import central_alerts, central_clashes, central_meta
from sync.protocol import PROTOCOL_VERSION
from sync.service import sync_once

from .sync_fixtures import (
    NOW,
    Stations,
    assert_exactly_once,
    balances,
    central_balances,
    post,
    sync_settled,
)


def _ok(store: Store, central: Engine, **kwargs: object) -> None:
    result = sync_settled(store, central, **kwargs)  # type: ignore[arg-type]
    assert result.ok, result.error


def test_three_stations_offline_in_turn_converge(central: Engine, stations: Stations) -> None:
    s1, s2, s3 = (stations.make(f"ST-{n}") for n in (1, 2, 3))
    for s in (s1, s2, s3):
        _ok(s, central)
    # overlapping offline periods: each posts while the others sync or not
    post(s1, "PPE-0001", "A-01", "100")
    post(s2, "PPE-0001", "A-01", "40")
    _ok(s1, central)
    post(s3, "PPE-0002", "B-01", "7")
    post(s1, "PPE-0001", "A-01", "-30")
    _ok(s3, central)
    post(s2, "PPE-0002", "B-01", "-2")
    _ok(s2, central)
    post(s3, "PPE-0001", "A-01", "-5")
    for _ in range(2):
        for s in (s1, s2, s3):
            _ok(s, central, push_batch=2)
    expected = {("PPE-0001", "A-01", None): Decimal(105), ("PPE-0002", "B-01", None): Decimal(5)}
    assert central_balances(central) == expected
    for s in (s1, s2, s3):
        assert balances(s) == expected
        assert_exactly_once(central, s)
        with s.reading() as conn:
            from station.core.store.ledger import balance_mismatches

            assert balance_mismatches(conn) == []


def test_a_replayed_batch_changes_nothing(central: Engine, stations: Stations) -> None:
    s1 = stations.make("ST-1")
    _ok(s1, central)
    for qty in ("1", "2", "3"):
        post(s1, "PPE-0001", "A-01", qty)
    first = sync_settled(s1, central)
    assert (first.pushed, first.already_there) == (3, 0)
    # forget the acknowledgement, as if the station died between central's commit and its own
    with s1.transaction() as conn:
        conn.execute(sync_push_position.delete())
    again = sync_settled(s1, central)
    assert again.ok and again.pushed == 0
    assert_exactly_once(central, s1)
    assert central_balances(central) == {("PPE-0001", "A-01", None): Decimal(6)}


def test_crash_after_central_commit_replays_without_duplicates(
    central: Engine, stations: Stations, monkeypatch: pytest.MonkeyPatch
) -> None:
    s1 = stations.make("ST-1")
    _ok(s1, central)
    for n in range(5):
        post(s1, "PPE-0001", "A-01", str(n + 1))
    from sync import local_state

    def boom(*_args: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(local_state, "set_push_position", boom)
    failed = sync_settled(s1, central, push_batch=2)
    assert not failed.ok and failed.waiting == 5
    monkeypatch.undo()
    _ok(s1, central, push_batch=2)
    assert_exactly_once(central, s1)
    with s1.reading() as conn:
        assert local_state.waiting_count(conn, "ST-1") == 0


def test_master_data_is_pulled_and_tombstones_retire_it(
    central: Engine, stations: Stations
) -> None:
    s1 = stations.make("ST-1")
    _ok(s1, central)
    with s1.reading() as conn:
        item = conn.execute(select(schema.items).where(schema.items.c.sku == "PPE-0001")).one()
        gtin = conn.execute(select(schema.gtins.c.gtin)).scalars().all()
    assert item.name == "Gloves" and item.unit_cost == Decimal("2.5") and item.active
    assert gtin == ["06975123000012"]
    with central.begin() as conn:
        retire(conn, "item", "PPE-0002", NOW)
    result = sync_settled(s1, central)
    assert result.ok and result.pulled_changes == 1
    with s1.reading() as conn:
        active = conn.execute(
            select(schema.items.c.active).where(schema.items.c.sku == "PPE-0002")
        ).scalar()
    assert active is False


def test_a_copy_writing_on_under_the_same_keys_heals_and_loses_nothing(
    central: Engine, stations: Stations, tmp_path: Path
) -> None:
    s1 = stations.make("ST-1")
    _ok(s1, central)
    post(s1, "PPE-0001", "A-01", "1")
    s1.backup(tmp_path / "copy.db")
    _ok(s1, central)
    post(s1, "PPE-0001", "A-01", "2")  # seq 2 here...
    twin = stations.reopen(tmp_path / "copy.db")  # ... and a copied store also writes seq 2
    post(twin, "PPE-0001", "A-01", "50")
    post(twin, "PPE-0001", "A-01", "60")
    _ok(s1, central)
    old = twin.incarnation_id
    result = sync_settled(twin, central)
    assert result.ok and result.copied_back
    assert "store.copied_back" in result.alarms
    assert result.parked_open == 0 and result.waiting == 0
    assert twin.incarnation_id != old
    with twin.reading() as conn:
        parked = conn.execute(
            select(sync_parked.c.seq, sync_parked.c.resolved_at, sync_parked.c.resolution)
        ).all()
    assert [(seq, at is not None) for seq, at, _how in parked] == [(2, True)]
    assert parked[0].resolution.startswith("sent again as ")
    with central.connect() as conn:
        assert conn.execute(select(func.count()).select_from(central_clashes)).scalar_one() == 1
        alerts = conn.execute(select(central_alerts.c.kind)).scalars().all()
    assert "store.copied_back" in alerts
    everything = {("PPE-0001", "A-01", None): Decimal(113)}
    assert central_balances(central) == everything
    assert balances(twin) == everything  # s1's seq 2 pulled in
    # The first copy writes on under the old incarnation: it heals before it clashes.
    post(s1, "PPE-0001", "A-01", "7")
    result = sync_settled(s1, central)
    assert result.ok and result.parked_open == 0
    everything = {("PPE-0001", "A-01", None): Decimal(120)}
    assert central_balances(central) == everything
    assert balances(s1) == everything
    assert sync_settled(twin, central).ok and balances(twin) == everything


def _scan(store: Store, text: str) -> str:
    """One scan at the station, as the engine writes it (its outbox event is its scan log
    entry); returns its uuid."""
    who = StationIdentity(store.station_id, store.incarnation_id)
    with store.transaction() as conn:
        return record_scan_event(
            conn, who, NOW, None, "wedge://", "ean13", None, text.encode(), text,
            {"kind": "gtin"}, "lookup", "accepted", "lookup.item",
        )  # fmt: skip


def test_a_scan_sent_again_after_a_copy_back_is_logged_once_and_sent_once(
    central: Engine, stations: Stations, tmp_path: Path
) -> None:
    s1 = stations.make("ST-1")
    _ok(s1, central)
    post(s1, "PPE-0001", "A-01", "1")
    s1.backup(tmp_path / "copy.db")
    _ok(s1, central)
    _scan(s1, "06975123000012")  # seq 2 here...
    twin = stations.reopen(tmp_path / "copy.db")
    scanned = _scan(twin, "06975123000029")  # ... and seq 2 in the copy: a clash
    _ok(s1, central)
    old = twin.incarnation_id
    result = sync_settled(twin, central)
    assert result.ok and result.copied_back and result.waiting == 0
    with twin.reading() as conn:
        log = conn.execute(select(schema.scan_log.c.uuid, schema.scan_log.c.raw)).all()
        copies = conn.execute(
            select(schema.outbox.c.incarnation_id)
            .where(schema.outbox.c.uuid == scanned)
            .order_by(schema.outbox.c.id)
        ).scalars()
        keys = list(copies)
    assert [(u, bytes(raw)) for u, raw in log] == [(scanned, b"06975123000029")]  # once
    assert keys == [old, twin.incarnation_id]  # the outbox keeps the lost key and the new one
    with central.connect() as conn:
        held = conn.execute(
            text("SELECT incarnation_id FROM central_events WHERE uuid = :u"), {"u": scanned}
        ).all()
    assert held == [(twin.incarnation_id,)]  # sent once, under its new key
    again = sync_settled(twin, central)
    assert again.ok and again.pushed == 0 and not again.copied_back


def test_a_restored_backup_raises_the_alarm_and_pulls_back_what_it_lacks(
    central: Engine, stations: Stations, tmp_path: Path
) -> None:
    path = tmp_path / "ST-1.db"
    s1 = stations.make("ST-1")
    _ok(s1, central)
    post(s1, "PPE-0001", "A-01", "10")
    s1.backup(tmp_path / "backup.db")
    post(s1, "PPE-0001", "A-01", "5")
    _ok(s1, central)
    s1.close()
    restore_backup(tmp_path / "backup.db", path)
    restored = stations.reopen(path)
    result = sync_settled(restored, central)
    assert result.ok
    assert "store.restored" in result.alarms
    assert result.pulled_movements == 1
    assert balances(restored) == {("PPE-0001", "A-01", None): Decimal(15)}
    post(restored, "PPE-0001", "A-01", "1")  # new incarnation: new keys, no clash
    result = sync_settled(restored, central)
    assert result.ok and result.parked == 0 and result.pushed >= 1
    assert central_balances(central) == {("PPE-0001", "A-01", None): Decimal(16)}


def test_a_station_beyond_the_version_window_is_refused_and_keeps_its_events(
    central: Engine, stations: Stations
) -> None:
    s1 = stations.make("ST-1")
    _ok(s1, central)
    post(s1, "PPE-0001", "A-01", "3")
    with central.begin() as conn:
        conn.execute(
            central_meta.update()
            .where(central_meta.c.key.in_(["protocol_version", "oldest_push_protocol"]))
            .values(value=str(PROTOCOL_VERSION + 1))
        )
    result = sync_settled(s1, central)
    assert not result.ok and result.reason == "version"
    assert "upgrade this station" in result.error
    assert result.waiting == 1
    with s1.reading() as conn:
        assert conn.execute(select(func.count()).select_from(schema.outbox)).scalar_one() >= 1


def test_inside_the_window_an_older_station_still_pushes(
    central: Engine, stations: Stations
) -> None:
    s1 = stations.make("ST-1")
    _ok(s1, central)
    post(s1, "PPE-0001", "A-01", "3")
    with central.begin() as conn:
        conn.execute(
            central_meta.update()
            .where(central_meta.c.key.in_(["protocol_version", "oldest_pull_protocol"]))
            .values(value=str(PROTOCOL_VERSION + 1))
        )
    result = sync_settled(s1, central)
    assert result.ok and result.push_only and result.pushed == 1 and result.waiting == 0


def test_a_rewritten_audit_log_is_caught(
    central: Engine, stations: Stations, tmp_path: Path
) -> None:
    from station.core.store.events import append_audit

    s1 = stations.make("ST-1")
    with s1.transaction() as conn:
        append_audit(conn, NOW, None, "test.one", {"n": 1})
    _ok(s1, central)
    path = s1.path
    s1.close()
    import sqlite3

    with sqlite3.connect(path) as raw:  # an attacker with the file: drop the triggers, rewrite
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("UPDATE audit_log SET hash = 'f' || substr(hash, 2)")
    raw.close()
    again = stations.reopen(path)
    result = sync_settled(again, central)
    assert "audit.rewritten" in result.alarms


def test_unreachable_central_keeps_everything_waiting(stations: Stations, tmp_path: Path) -> None:
    from sync.central_link import open_central

    s1 = stations.make("ST-1")
    post_free = open_central("postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = sync_once(s1, post_free)
    assert not result.ok and result.reason == "unreachable"
    assert "cannot be reached" in result.error


def test_sqlite_central_file_is_independent(tmp_path: Path) -> None:
    """The central stand-in is an ordinary file: copying it copies central."""
    from sync.central_init import init_central
    from sync.central_link import open_central

    engine = open_central(f"sqlite:///{tmp_path / 'c.db'}")
    init_central(engine)
    engine.dispose()
    shutil.copyfile(tmp_path / "c.db", tmp_path / "d.db")
    other = open_central(f"sqlite:///{tmp_path / 'd.db'}")
    with other.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM central_events")).scalar_one() == 0
    other.dispose()


def test_concurrent_offline_issues_that_drive_central_stock_negative_are_flagged(
    central: Engine, stations: Stations
) -> None:
    from station.core.store import schema as store_schema
    from sync.central_derive import flag_negative_stock

    s1, s2 = stations.make("ST-1"), stations.make("ST-2")
    for s in (s1, s2):
        _ok(s, central)
    post(s1, "PPE-0001", "A-01", "5")
    for s in (s1, s2):
        _ok(s, central)
    post(s1, "PPE-0001", "A-01", "-4")  # both offline, both issue the same stock
    post(s2, "PPE-0001", "A-01", "-3")
    for s in (s1, s2):
        _ok(s, central)
    with central.begin() as conn:
        assert flag_negative_stock(conn, NOW) == [("PPE-0001", "A-01", None)]
    with central.begin() as conn:
        assert flag_negative_stock(conn, NOW) == []  # repeats collapse
    for s in (s1, s2):
        _ok(s, central)
        assert balances(s) == {("PPE-0001", "A-01", None): Decimal(-2)}  # kept, not dropped
        with s.reading() as conn:
            tasks = conn.execute(
                select(store_schema.count_tasks.c.reference, store_schema.count_tasks.c.status)
            ).all()
        assert tasks == [("NEG-PPE-0001-A-01", "open")]


def test_a_clash_the_store_cannot_send_again_stays_on_screen_and_at_central(
    central: Engine, stations: Stations
) -> None:
    import uuid

    from sync.local_state import CLASH_REASON

    s1 = stations.make("ST-1")
    _ok(s1, central)
    post(s1, "PPE-0001", "A-01", "1")
    _ok(s1, central)
    with s1.transaction() as conn:  # parked by an older release; its outbox row is gone
        conn.execute(
            sync_parked.insert().values(
                uuid=str(uuid.uuid4()),
                station_id="ST-1",
                incarnation_id=s1.incarnation_id,
                seq=1,
                kind="movement",
                reason=CLASH_REASON,
                parked_at=NOW.isoformat(),
            )
        )
    incarnation = s1.incarnation_id
    for _ in range(2):
        result = sync_settled(s1, central)
        assert result.ok and result.parked_open == 1 and not result.copied_back
        assert s1.incarnation_id == incarnation  # no new incarnation for nothing to send
    with central.connect() as conn:
        kinds = conn.execute(select(central_alerts.c.kind)).scalars().all()
    assert kinds == ["sync.clash"]
