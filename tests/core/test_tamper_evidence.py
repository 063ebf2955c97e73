# SPDX-License-Identifier: Apache-2.0
"""``station verify`` catches each way of hiding a change to the audit log, the anchor is never
re-sealed over a rewritten chain, and a legitimate restore raises no alarm."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from station.core.backup_restore import restore_backup
from station.core.engine.session import Engine
from station.core.store import schema
from station.core.store.audit_anchor import AuditAnchor
from station.core.store.database import Store
from station.core.store.events import (
    GENESIS_HASH,
    append_audit,
    audit_hash,
    verify_audit_chain,
)
from station.core.store_check import check_store

from .scan_helpers import login, scan


def audited_actions(engine: Engine) -> None:
    login(engine, "C001", "1111")
    scan(engine, "$USR-C001")
    login(engine, "S001", "3333")


def verify(store: Store, anchor: AuditAnchor) -> list[str]:
    report = check_store(store, anchor)
    return report.lines()


def rewrite_chain(store: Store) -> None:
    """Edit a login entry, then recompute every hash after it: the chain alone verifies."""
    with store.transaction() as conn:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
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


def test_an_intact_store_verifies_with_its_anchor(
    engine: Engine, demo_store: Store, tmp_path: Path
) -> None:
    anchor = demo_store.anchor_audit(tmp_path / "config" / "audit.key")
    audited_actions(engine)
    lines = verify(demo_store, anchor)
    assert lines[-1] == "OK"
    assert any(line.startswith("audit anchor: the chain passes through entry") for line in lines)


def test_an_edited_row_with_the_chain_recomputed_fails_verify_and_stays_caught(
    engine: Engine, demo_store: Store, tmp_path: Path
) -> None:
    anchor = demo_store.anchor_audit(tmp_path / "config" / "audit.key")
    audited_actions(engine)
    rewrite_chain(demo_store)
    with demo_store.reading() as conn:
        assert verify_audit_chain(conn).ok  # the chain alone cannot tell
    lines = verify(demo_store, anchor)
    assert lines[-1] == "PROBLEMS FOUND"
    assert any("REWRITTEN" in line and "anchored hash" in line for line in lines)
    # the next audited action must not seal the rewritten chain, and says so on screen
    outcome = scan(engine, "$USR-S001")  # the supervisor logs out: an audited action
    assert outcome.message_key == "login.logged_out"
    assert outcome.alarms == ["audit.not_resealed"] and outcome.feedback == "attention"
    with demo_store.transaction() as conn:
        append_audit(conn, datetime.now(UTC), None, "settings.changed", {"key": "x"})
    assert verify(demo_store, anchor)[-1] == "PROBLEMS FOUND"
    # ... and the refusal is an alarm the window's sync status shows, not only a log line
    from sync.local_state import open_alarms

    with demo_store.reading() as conn:
        kinds = [kind for kind, _key, _detail in open_alarms(conn)]
    assert kinds == ["audit.not_resealed"]


def test_a_deleted_anchor_fails_verify(engine: Engine, demo_store: Store, tmp_path: Path) -> None:
    anchor = demo_store.anchor_audit(tmp_path / "config" / "audit.key")
    audited_actions(engine)
    anchor.anchor_path.unlink()
    lines = verify(demo_store, anchor)
    assert lines[-1] == "PROBLEMS FOUND"
    assert any("anchor file is missing" in line for line in lines)


def test_deleted_last_entries_fail_verify_even_with_an_older_anchor_put_back(
    engine: Engine, demo_store: Store, tmp_path: Path
) -> None:
    anchor = demo_store.anchor_audit(tmp_path / "config" / "audit.key")
    login(engine, "C001", "1111")
    older = anchor.anchor_path.read_bytes()
    scan(engine, "$USR-C001")
    login(engine, "S001", "3333")
    with demo_store.transaction() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        head = conn.exec_driver_sql("SELECT max(id) FROM audit_log").scalar_one()
        conn.exec_driver_sql(f"DELETE FROM audit_log WHERE id > {head - 2}")
    lines = verify(demo_store, anchor)
    assert lines[-1] == "PROBLEMS FOUND"
    assert any("is gone" in line for line in lines)
    anchor.anchor_path.write_bytes(older)  # an earlier, genuinely sealed anchor
    lines = verify(demo_store, anchor)
    assert lines[-1] == "PROBLEMS FOUND"
    assert any("anchor file was replaced" in line for line in lines)


def test_a_legitimate_restore_passes_verify(
    engine: Engine, demo_store: Store, tmp_path: Path
) -> None:
    key = tmp_path / "config" / "audit.key"
    anchor = demo_store.anchor_audit(key)
    login(engine, "C001", "1111")
    backup = demo_store.backup(tmp_path / "backup.db")
    scan(engine, "$USR-C001")  # entries the backup does not hold
    login(engine, "S001", "3333")
    db = demo_store.path
    demo_store.close()
    said = restore_backup(backup, db, key)
    assert "does not verify" not in said
    restored = Store.open_reader(db)
    try:
        lines = verify(restored, restored.anchor_audit(key))
    finally:
        restored.close()
    assert lines[-1] == "OK", lines
    assert anchor.anchor_path.exists()
