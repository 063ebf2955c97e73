# SPDX-License-Identifier: Apache-2.0
"""Backup, restore, export and verify from the command line."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store import schema
from station.core.store.database import Store

from .scan_helpers import login, scan


def station(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station", *args], capture_output=True, text=True, timeout=120
    )


def outbox_keys(db: Path) -> list[tuple[str, str, int, str]]:
    store = Store.open(db)
    try:
        with store.reading() as conn:
            o = schema.outbox.c
            return [
                tuple(r)
                for r in conn.execute(select(o.station_id, o.incarnation_id, o.seq, o.uuid))
            ]
    finally:
        store.close()


def test_restore_gives_a_new_incarnation_so_keys_never_repeat(
    demo_store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    db = demo_store.path
    engine = Engine(demo_store, clock)
    login(engine, "C001", "1111")
    scan(engine, "06975123000012")
    demo_store.close()
    backup = tmp_path / "backup.db"
    assert station("backup", str(backup), "--db", str(db)).returncode == 0
    # more scans after the backup, then the disk "fails" and the backup is restored
    again = Store.open(db)
    engine = Engine(again, clock)
    scan(engine, "16975123000019")
    again.close()
    before = outbox_keys(db)
    done = station("restore", str(backup), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "new incarnation" in done.stdout and "previous database was kept" in done.stdout
    restored = Store.open(db)
    engine = Engine(restored, clock)
    scan(engine, "06975123000012")
    restored.close()
    after = outbox_keys(db)
    keys_before = {(s, i, q) for s, i, q, _ in before}
    new_keys = [(s, i, q) for s, i, q, _ in after if (s, i, q) not in keys_before]
    assert new_keys, "the restored store wrote no new event"
    incarnations = {i for _, i, _ in new_keys}
    assert len(incarnations) == 1 and incarnations.isdisjoint({i for _, i, _, _ in before})
    assert sorted(q for _, _, q in new_keys) == list(range(1, len(new_keys) + 1))  # no gap
    # the same key never names two different events
    seen: dict[tuple[str, str, int], str] = {}
    for s, i, q, u in before + after:
        assert seen.setdefault((s, i, q), u) == u


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database")
    done = station("restore", str(junk), "--db", str(tmp_path / "s.db"))
    assert done.returncode == 2
    assert "not a station backup" in done.stderr


def test_export_and_verify(demo_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    shutil.copyfile(demo_template, db)
    out = tmp_path / "balances.csv"
    assert station("export", "balances", str(out), "--db", str(db)).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert rows and {"sku", "location", "lot", "qty", "value"} <= set(rows[0])
    ledger = tmp_path / "ledger.csv"
    assert station("export", "ledger", str(ledger), "--db", str(db)).returncode == 0
    assert ledger.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    verified = station("verify", "--db", str(db))
    assert verified.returncode == 0 and verified.stdout.strip().endswith("OK")
    audit = station("audit", "verify", "--db", str(db))
    assert audit.returncode == 0 and "audit chain intact" in audit.stdout
