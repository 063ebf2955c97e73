# SPDX-License-Identifier: Apache-2.0
"""The store: migrations from empty, durable pragmas on every connection, append-only logs."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from station.core.store import schema
from station.core.store.database import Store, head_revisions
from station.core.store.errors import StoreError


def test_migrations_from_empty_create_every_table(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "new.db")
    try:
        tables = set(inspect(store.engine).get_table_names())
        assert set(schema.load_all_tables().tables) <= tables
        with store.reading() as conn:
            assert set(MigrationContext.configure(conn).get_current_heads()) == head_revisions()
    finally:
        store.close()


def test_migrations_and_schema_agree(store: Store) -> None:
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), schema.load_all_tables())
        conn.rollback()
    # autogenerate cannot see the expression index that keys balances; everything else agrees
    assert [d for d in diffs if "uq_balances_key" not in repr(d)] == []


def _pragmas(conn: object) -> tuple[str, int, int]:
    run = conn.exec_driver_sql  # type: ignore[attr-defined]
    return (
        run("PRAGMA journal_mode").scalar(),
        run("PRAGMA synchronous").scalar(),
        run("PRAGMA foreign_keys").scalar(),
    )


def test_every_connection_is_wal_with_synchronous_full(store: Store) -> None:
    seen = []
    # pooled connections open at once (one writer, several readers), and from other threads
    conns = [store.engine.connect()] + [store.read_engine.connect() for _ in range(5)]
    try:
        seen += [_pragmas(c) for c in conns]
    finally:
        for c in conns:
            c.close()

    def in_thread() -> None:
        with store.engine.connect() as c:
            seen.append(_pragmas(c))

    threads = [threading.Thread(target=in_thread) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 9
    assert set(seen) == {("wal", 2, 1)}  # 2 = FULL


def test_reopening_keeps_station_identity(tmp_path: Path) -> None:
    first = Store.open(tmp_path / "s.db", station_id="ST-7")
    ids = first.station_id, first.incarnation_id
    first.close()
    again = Store.open(tmp_path / "s.db")
    assert (again.station_id, again.incarnation_id) == ids
    again.close()


def test_ledger_and_logs_are_append_only(store: Store) -> None:
    with store.transaction() as conn:
        conn.exec_driver_sql(
            "INSERT INTO audit_log (ts, user_id, action, detail, prev_hash, hash) "
            "VALUES ('2026-01-01T00:00:00+00:00', NULL, 'x', '{}', 'a', 'b')"
        )
    for sql in ("UPDATE audit_log SET action='y'", "DELETE FROM audit_log"):
        with pytest.raises(StoreError):
            with store.transaction() as conn:
                conn.exec_driver_sql(sql)


def test_a_damaged_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.key == "store.corrupt"
    assert path.read_bytes() == before


def test_a_store_from_a_newer_station_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM alembic_version")
        conn.execute("INSERT INTO alembic_version (version_num) VALUES ('9999future')")
    conn.close()
    with pytest.raises(StoreError) as info:  # an unknown (newer) revision is refused
        Store.open(path)
    assert info.value.key == "store.too_new"


def test_a_store_from_before_the_scan_log_moved_keeps_its_scans_and_guards(
    tmp_path: Path,
) -> None:
    """A store written before migrations 0002 (uuid indexes dropped), 0003 (the scan log
    read from the outbox) and 0004 (outbox keyed by stream and seq) upgrades without losing
    or doubling a scan."""
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy import select

    from station.core.store.database import alembic_config
    from station.core.store.events import StationIdentity, record_scan_event

    path = tmp_path / "old.db"
    store = Store.open(path, station_id="ST-OLD")
    who = StationIdentity(store.station_id, store.incarnation_id)
    cfg = alembic_config()
    with store.engine.begin() as conn:  # back to the schema a station wrote before 0002
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006@-5")  # the store line down to 0001
    store.close()
    with sqlite3.connect(path) as db:  # two scans as the code of that time wrote them
        assert (
            "uq_outbox_uuid"
            in db.execute("SELECT sql FROM sqlite_master WHERE name='outbox'").fetchone()[0]
        )
        for seq, (uuid, text, raw) in enumerate(
            [("a-1", "06975123000012", b"06975123000012"), ("a-2", "扫描", "扫描".encode("gbk"))],
            start=1,
        ):
            db.execute(
                "INSERT INTO scan_log (uuid, ts, user_id, device_url, symbology, aim, raw, "
                "interpreted, workflow, outcome, message_key) VALUES "
                "(?, '2026-11-24T09:30:00+08:00', NULL, 'serial://x', 'ean13', NULL, ?, "
                "'{\"kind\":\"gtin\"}', 'lookup', 'accepted', 'lookup.item')",
                (uuid, raw),
            )
            db.execute(
                "INSERT INTO outbox (uuid, station_id, incarnation_id, seq, kind, payload, "
                "created_at) VALUES (?, ?, ?, ?, 'scan', ?, '2026-11-24T09:30:00+08:00')",
                (uuid, who.station_id, who.incarnation_id, seq, f'{{"text":"{text}"}}'),
            )
        legacy = db.execute(
            "SELECT uuid, ts, user_id, device_url, symbology, aim, raw, interpreted, workflow, "
            "outcome, message_key FROM scan_log ORDER BY id"
        ).fetchall()
        outbox_before = db.execute("SELECT * FROM outbox ORDER BY id").fetchall()
        outbox_before = [row[1:] for row in outbox_before]  # ids are renumbered by 0004
    db.close()

    store = Store.open(path)  # upgrades, after a backup copy
    try:
        assert list(tmp_path.glob("old.db.before-*.bak"))
        with store.transaction() as conn:  # one scan after the upgrade
            record_scan_event(
                conn, who, datetime(2026, 11, 25, 9, 0, tzinfo=UTC), None, "serial://x",
                "ean13", None, "扫描".encode("gbk"), "扫描", {"kind": "text"}, "lookup",
                "accepted", "k",
            )  # fmt: skip
        with store.reading() as conn:
            logged = [tuple(r) for r in conn.execute(select(schema.scan_log))]
            outbox_after = conn.exec_driver_sql("SELECT * FROM outbox ORDER BY id").all()
            ddl = conn.exec_driver_sql(
                "SELECT group_concat(sql, ' ') FROM sqlite_master "
                "WHERE tbl_name IN ('scan_log_legacy', 'outbox')"
            ).scalar()
        assert logged[:2] == legacy  # the old rows, untouched, and not shown twice
        assert len(logged) == 3 and logged[2][6] == "扫描".encode("gbk")  # the device's bytes
        assert [tuple(r)[1:] for r in outbox_after[:2]] == outbox_before
        # each event's id is its stream's number and its sequence number: seq 1, 2, then 3
        stream = outbox_after[0][0] >> 32
        assert [r[0] for r in outbox_after] == [(stream << 32) | seq for seq in (1, 2, 3)]
        assert "uq_outbox_uuid" not in ddl and "uq_scan_log_uuid" not in ddl
        assert "uq_outbox_station_seq" not in ddl and "ck_outbox_seq_in_id" in ddl
        for sql in (
            "UPDATE scan_log_legacy SET outcome='rejected'",
            "DELETE FROM scan_log_legacy",
            "UPDATE outbox SET payload='{}'",
            "DELETE FROM outbox",
        ):
            with pytest.raises(StoreError):
                with store.transaction() as conn:
                    conn.exec_driver_sql(sql)
        with store.transaction() as conn:  # marking events sent stays allowed
            conn.exec_driver_sql("UPDATE outbox SET sent_at='2026-11-24T10:00:00+00:00'")
    finally:
        store.close()


def test_a_scan_sent_again_before_the_upgrade_is_listed_once_after_it(tmp_path: Path) -> None:
    """A store healed from a copy-back by a release before migration 0006 holds a scan's
    event twice (the lost key and the one sent); after the upgrade the scan log lists it
    once, and the outbox still holds both."""
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy import func, select

    from station.core.store.database import alembic_config
    from station.core.store.events import StationIdentity, record_scan_event

    path = tmp_path / "healed.db"
    store = Store.open(path, station_id="ST-OLD")
    who = StationIdentity(store.station_id, store.incarnation_id)
    with store.transaction() as conn:
        scanned = record_scan_event(
            conn, who, datetime(2026, 11, 25, 9, 0, tzinfo=UTC), None, "wedge://", "ean13",
            None, b"06975123000012", "06975123000012", {"kind": "gtin"}, "lookup",
            "accepted", "lookup.item",
        )  # fmt: skip
    cfg = alembic_config()
    with store.engine.begin() as conn:  # back to the schema before 0006
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    store.close()
    with sqlite3.connect(path) as db:  # sent again under a new incarnation, as heal did then
        db.execute("INSERT INTO outbox_streams VALUES (2, 'ST-OLD', 'inc-new')")
        db.execute(
            "INSERT INTO outbox (id, uuid, station_id, incarnation_id, seq, kind, payload, "
            "created_at) SELECT (2 << 32) | 1, uuid, station_id, 'inc-new', 1, kind, payload, "
            "created_at FROM outbox WHERE uuid = ?",
            (scanned,),
        )
        twice = db.execute("SELECT count(*) FROM outbox WHERE uuid = ?", (scanned,)).fetchone()
        assert twice == (2,)  # the view of that time listed it twice
    db.close()

    store = Store.open(path)  # upgrades
    try:
        with store.reading() as conn:
            logged = conn.execute(select(schema.scan_log.c.uuid)).scalars().all()
            held = conn.execute(
                select(func.count()).where(schema.outbox.c.uuid == scanned)
            ).scalar_one()
        assert logged == [scanned] and held == 2
    finally:
        store.close()


def test_an_event_stream_made_in_a_rolled_back_transaction_is_not_remembered(
    store: Store,
) -> None:
    """The write connection remembers stream numbers; a transaction that fails takes its new
    stream with it, so the next event of another identity never reuses a number it lost."""
    from datetime import UTC, datetime

    from station.core.store.events import SEQ_MASK, StationIdentity, append_event

    ts = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            append_event(conn, StationIdentity("ST-A", "inc-a"), "test", {}, ts)
            raise RuntimeError("the step failed")
    with store.transaction() as conn:
        append_event(conn, StationIdentity("ST-B", "inc-b"), "test", {}, ts)
        append_event(conn, StationIdentity("ST-B", "inc-b"), "test", {}, ts)
    with store.reading() as conn:
        streams = dict(
            conn.exec_driver_sql("SELECT incarnation_id, stream FROM outbox_streams").all()
        )
        events = conn.exec_driver_sql("SELECT id, incarnation_id, seq FROM outbox").all()
    assert "inc-a" not in streams
    assert [(i >> 32, inc, i & SEQ_MASK, seq) for i, inc, seq in events] == [
        (streams["inc-b"], "inc-b", 1, 1),
        (streams["inc-b"], "inc-b", 2, 2),
    ]
