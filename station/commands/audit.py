# SPDX-License-Identifier: Apache-2.0
"""``station audit verify``: recompute the audit hash chain and report the first broken link."""

from __future__ import annotations

import argparse

from . import Command


def _configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="check the audit chain from its first entry")
    verify.add_argument("--db", metavar="PATH", help="station database")


def _run(args: argparse.Namespace) -> int:
    from ..core.paths import audit_key_path, default_db_path
    from ..core.store.database import Store
    from ..core.store.events import verify_audit_chain

    store = Store.open_reader(default_db_path(args.db))
    anchor = store.anchor_audit(audit_key_path())
    try:
        with store.reading() as conn:
            check = verify_audit_chain(conn)
            anchored = anchor.check(conn, store.station_id)
    finally:
        store.close()
    if not check.ok:
        print(f"audit chain BROKEN at entry {check.first_bad_id}: {check.reason}")
        return 1
    if not anchored.ok:
        print(f"audit chain REWRITTEN: {anchored.reason}")
        return 1
    note = f", anchored at entry {anchored.anchored_id}" if anchored.anchored_id else ""
    print(f"audit chain intact: {check.entries} entries{note}")
    return 0


COMMANDS = {"audit": Command("check the tamper-evident audit log", _configure, _run)}
