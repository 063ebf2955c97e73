# SPDX-License-Identifier: Apache-2.0
"""The audit chain verifies, and a changed entry is found (a chain recomputed after the edit:
tests/core/test_tamper_evidence.py)."""

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
