# SPDX-License-Identifier: Apache-2.0
"""``station verify``: SQLite's integrity check, ledger = balances, the audit chain and its
anchor outside the database (a rewritten chain, a deleted anchor or deleted last entries fail)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .store.audit_anchor import AuditAnchor
from .store.database import Store
from .store.events import verify_audit_chain
from .store.ledger import balance_mismatches, movement_count


@dataclass
class StoreReport:
    ok: bool = True
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [*self.notes, "OK" if self.ok else "PROBLEMS FOUND"]


def check_store(store: Store, anchor: AuditAnchor | None = None) -> StoreReport:
    report = StoreReport()
    integrity = store.pragma("integrity_check")
    report.notes.append(f"integrity_check: {integrity}")
    report.ok &= integrity == "ok"
    with store.reading() as conn:
        bad = balance_mismatches(conn)
        count = movement_count(conn)
        chain = verify_audit_chain(conn)
        anchored = anchor.check(conn, store.station_id) if anchor is not None else None
    report.notes.append(f"ledger: {count} movements, {len(bad)} balance rows disagree")
    report.ok &= not bad
    if chain.ok:
        report.notes.append(f"audit chain: {chain.entries} entries verified")
    else:
        report.notes.append(f"audit chain BROKEN at entry {chain.first_bad_id}: {chain.reason}")
        report.ok = False
    if anchored is not None and not anchored.ok:
        report.notes.append(f"audit chain REWRITTEN: {anchored.reason}")
        report.ok = False
    elif anchored is not None and anchored.anchored_id is not None:
        report.notes.append(f"audit anchor: the chain passes through entry {anchored.anchored_id}")
    return report
