# SPDX-License-Identifier: Apache-2.0
"""Crash safety: the headless station is fed a scan stream through a device URL and killed
with SIGKILL at seeded random points, again and again. After every restart each acknowledged
scan is there exactly once, the ledger and balances agree and SQLite's integrity check is ok."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from station.core.clock import SystemClock
from station.core.engine.inputs import Pin, Scan
from station.core.engine.session import Engine
from station.core.store import schema
from station.core.store.database import Store
from station.core.store.ledger import balance_mismatches

SEED = 20261125
KILLS = int(os.environ.get("STATION_KILLS", "50"))


def _headless(db: Path, replay: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "station",
            "run",
            "--headless",
            "--db",
            str(db),
            "--device",
            f"replay://{replay}?speed=0",
            "--idle-exit",
            "5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


LAST_UNACKED: list[str] = []


def _check(db: Path, acked: dict[str, int]) -> tuple[int, int]:
    store = Store.open(db)
    try:
        with store.reading() as conn:
            raws = [r.decode() for r in conn.execute(select(schema.scan_log.c.raw)).scalars()]
            assert balance_mismatches(conn) == []
        assert store.pragma("integrity_check") == "ok"
    finally:
        store.close()
    counts: dict[str, int] = {}
    for raw in raws:
        counts[raw] = counts.get(raw, 0) + 1
    for text in acked:
        assert counts.get(text) == 1, f"acknowledged scan {text} found {counts.get(text, 0)} times"
    assert all(n == 1 for raw, n in counts.items() if raw.startswith("R")), "a scan was doubled"
    LAST_UNACKED[:] = sorted(raw for raw in counts if raw.startswith("R") and raw not in acked)
    return len(acked), sum(1 for raw in counts if raw.startswith("R"))


def test_fifty_sigkills_lose_and_double_nothing(demo_store: Store, tmp_path: Path) -> None:
    db = demo_store.path
    engine = Engine(demo_store, SystemClock())
    engine.handle(Scan("$USR-C001"))
    engine.handle(Pin("1111"))
    demo_store.close()
    rng = random.Random(SEED)
    acked: dict[str, int] = {}
    in_flight = 0  # scans committed in the instant between COMMIT and the ACK line
    for run in range(KILLS):
        replay = tmp_path / f"run{run}.txt"
        replay.write_text("".join(f"R{run:03d}-{n:05d}\n" for n in range(400)), encoding="utf-8")
        target = rng.choice([0, 1, 2, rng.randint(3, 60), rng.randint(60, 300)])
        child = _headless(db, replay)
        assert child.stdout is not None
        got = 0
        if target == 0:
            time.sleep(rng.uniform(0.0, 0.4))  # killed while starting, opening or migrating
        else:
            for line in child.stdout:
                if '"committed": true' in line:
                    text = line.split('"input": "')[1].split('"')[0]
                    acked[text] = run
                    got += 1
                if got >= target:
                    break
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        for line in child.stdout.read().splitlines():  # acknowledged before the kill, unread
            if '"committed": true' in line:
                acked[line.split('"input": "')[1].split('"')[0]] = run
        total, stored = _check(db, acked)
        assert stored - total - in_flight in (0, 1), f"more than one in flight: {LAST_UNACKED}"
        in_flight = stored - total
    total, stored = _check(db, acked)
    print(
        f"kill storm: {KILLS} SIGKILLs survived, {total} acknowledged scans checked, {stored} stored"
    )
    assert total > 0
