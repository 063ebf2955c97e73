# SPDX-License-Identifier: Apache-2.0
"""Power loss: every acknowledgement follows the fsync of the WAL that holds its scan.

A SIGKILL leaves the page cache intact, so it cannot tell ``synchronous=FULL`` from ``OFF``.
This test traces the station's own store stack (Python's sqlite3 under SQLAlchemy) with
strace and checks the order of system calls: after the WAL frames of a scan are written,
an fsync/fdatasync of the WAL must come before the ``ACK`` reaches stdout. With a weaker
setting the same checker must find violations, or it would prove nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from station.core.store.database import Store

CHILD = Path(__file__).with_name("ack_child.py")
CALL = re.compile(r"^\d+\s+(\w+)\((\d+)<([^>]*)>(.*)$")


def unsynced_acks(trace: str) -> tuple[int, list[int]]:
    """(acks seen, acks written while the WAL had unsynced frames or no frames since the
    previous ack)."""
    dirty = False
    wrote_since_ack = False
    acks = 0
    bad: list[int] = []
    for line in trace.splitlines():
        match = CALL.match(line)
        if not match:
            continue
        call, _fd, path, rest = match.groups()
        if call in ("pwrite64", "write") and path.endswith("-wal"):
            dirty = wrote_since_ack = True
        elif call in ("fsync", "fdatasync") and path.endswith("-wal"):
            dirty = False
        elif call == "write" and '"ACK ' in rest:
            number = int(rest.split('"ACK ')[1].split("\\n")[0])
            acks += 1
            if dirty or not wrote_since_ack:
                bad.append(number)
            wrote_since_ack = False
    return acks, bad


def trace_child(tmp_path: Path, scans: int, synchronous: int | None = None) -> str:
    strace = shutil.which("strace")
    assert strace, "strace is needed for the power-loss test (Debian: apt-get install strace)"
    db = tmp_path / "p.db"
    Store.open(db).close()
    out = tmp_path / "trace.txt"
    args = [sys.executable, str(CHILD), str(db), str(scans)]
    if synchronous is not None:
        args.append(str(synchronous))
    done = subprocess.run(
        [strace, "-f", "-y", "-e", "trace=write,pwrite64,fsync,fdatasync", "-o", str(out), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out.read_text(errors="replace")


def test_every_ack_follows_the_fsync_of_its_wal_frames(tmp_path: Path) -> None:
    acks, bad = unsynced_acks(trace_child(tmp_path, 200))
    print(f"power-loss check: {acks} acknowledgements traced, {len(bad)} before their fsync")
    assert acks == 200
    assert bad == []


@pytest.mark.parametrize("weaker", [0, 1], ids=["synchronous=OFF", "synchronous=NORMAL"])
def test_a_weaker_setting_is_caught(tmp_path: Path, weaker: int) -> None:
    acks, bad = unsynced_acks(trace_child(tmp_path, 50, synchronous=weaker))
    assert acks == 50
    assert len(bad) >= 45, "the checker did not see that acknowledgements came before fsync"
