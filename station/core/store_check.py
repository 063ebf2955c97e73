# SPDX-License-Identifier: Apache-2.0
"""``station verify``: SQLite's integrity check, ledger = balances, the audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from .store.database import Store
from .store.events import verify_audit_chain
from .store.ledger import balance_mismatches, movement_count


@dataclass
class StoreReport:
    ok: bool = True
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [*self.notes, "OK" if self.ok else "PROBLEMS FOUND"]


def check_store(store: Store) -> StoreReport:
    report = StoreReport()
    integrity = store.pragma("integrity_check")
    report.notes.append(f"integrity_check: {integrity}")
    report.ok &= integrity == "ok"
    with store.reading() as conn:
        bad = balance_mismatches(conn)
        count = movement_count(conn)
        chain = verify_audit_chain(conn)
    report.notes.append(f"ledger: {count} movements, {len(bad)} balance rows disagree")
    report.ok &= not bad
    if chain.ok:
        report.notes.append(f"audit chain: {chain.entries} entries verified")
    else:
        report.notes.append(f"audit chain BROKEN at entry {chain.first_bad_id}: {chain.reason}")
        report.ok = False
    return report
