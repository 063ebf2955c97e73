# SPDX-License-Identifier: Apache-2.0
"""The audit chain verifies, and a changed or removed entry is found."""

from __future__ import annotations

from station.core.engine.session import Engine
from station.core.store.database import Store
from station.core.store.events import verify_audit_chain

from .scan_helpers import login, scan


def test_the_chain_verifies_and_finds_tampering(engine: Engine, demo_store: Store) -> None:
    login(engine, "C001", "1111")
    scan(engine, "$USR-C001")
    login(engine, "S001", "3333")
    with demo_store.reading() as conn:
        check = verify_audit_chain(conn)
    assert check.ok and check.entries >= 4
    with demo_store.transaction() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        conn.exec_driver_sql("UPDATE audit_log SET detail = 'changed' WHERE action = 'login'")
    with demo_store.reading() as conn:
        tampered = verify_audit_chain(conn)
    assert not tampered.ok
    assert tampered.reason == "the entry was changed after it was written"


def test_a_recomputed_chain_is_caught_by_the_anchor(
    engine: Engine, demo_store: Store, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from station.core.store import schema
    from station.core.store.events import GENESIS_HASH, audit_hash

    anchor = demo_store.anchor_audit(tmp_path / "config" / "audit.key")
    login(engine, "C001", "1111")
    scan(engine, "$USR-C001")
    with demo_store.reading() as conn:
        assert anchor.check(conn, demo_store.station_id).ok
    # rewrite history the careful way: edit an entry, then recompute every hash after it
    with demo_store.transaction() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        conn.exec_driver_sql("UPDATE audit_log SET detail = 'changed' WHERE action = 'login'")
        prev = GENESIS_HASH
        for row in conn.execute(select(schema.audit_log).order_by(schema.audit_log.c.id)).all():
            digest = audit_hash(prev, row.ts, row.user_id, row.action, row.detail)
            conn.execute(
                schema.audit_log.update()
                .where(schema.audit_log.c.id == row.id)
                .values(prev_hash=prev, hash=digest)
            )
            prev = digest
    with demo_store.reading() as conn:
        assert verify_audit_chain(conn).ok  # the chain alone cannot tell
        caught = anchor.check(conn, demo_store.station_id)
    assert not caught.ok
    assert "rewritten" in caught.reason
