# SPDX-License-Identifier: Apache-2.0
"""One station per store file: a second station, script or import on the same database is
refused at once naming the holder; the first keeps working; a killed holder's lock is taken
over by the next start; reports, exports, checks and backups run beside a running station;
``--demo`` never deletes a demo database another station has open."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from station.core.clock import station_timezone
from station.core.demo_seed import seed_demo
from station.core.store.database import Store
from station.core.store.errors import StoreError

CHILD = Path(__file__).with_name("station_child.py")
ROOT = Path(__file__).parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["PYTHONPATH"] = str(ROOT)
    env.pop("STATION_DB", None)
    return env


class Child:
    """A running station process on ``db``."""

    def __init__(self, db: Path, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.proc.stdout is not None
        ready = self.proc.stdout.readline()
        assert ready.startswith("READY "), ready + self.proc.stderr.read()  # type: ignore[union-attr]
        self.pid = int(ready.split()[1])

    def send(self, line: str) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(timeout=30)


def _station(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "station.db"
    store = Store.open(db, station_id="ST-LOCK")
    seed_demo(store, date(2026, 11, 24), station_timezone())
    store.close()
    return db


def _script(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scan.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_second_station_is_refused_naming_the_first_which_keeps_working(
    tmp_path: Path, demo_db: Path
) -> None:
    env = _env(tmp_path)
    first = Child(demo_db, env)
    try:
        assert first.send("$USR-C001")["outcome"] == "pending"
        assert first.send("@pin 1111")["message_key"] == "login.welcome"
        script = _script(tmp_path, "$USR-C001\n@pin 1111\n06975123000012\n")
        started = time.monotonic()
        refused = [
            _station(env, "script", "--db", str(demo_db), str(script)),
            _station(
                env, "import", "items", str(ROOT / "docs/samples/items.csv"), "--db", str(demo_db)
            ),
            _station(
                env, "run", "--headless", "--db", str(demo_db), "--device", f"replay://{script}"
            ),
        ]
        for done in refused:
            assert done.returncode == 3, done.stderr
            assert done.stdout == ""
            message = done.stderr
            assert f"in use by process {first.pid} on {socket.gethostname()}" in message
            assert "since 20" in message and "Only one station may run" in message
        assert time.monotonic() - started < 60  # at once: no waiting on the lock

        # the first station goes on as if nothing happened
        outcome = first.send("06975123000012")
        assert outcome["committed"] and outcome["state"]["sku"] == "PPE-0001"

        # read-only commands work beside it
        for args in (
            ("export", "balances", str(tmp_path / "balances.csv")),
            ("verify",),
            ("backup", str(tmp_path / "copy.db")),
            ("audit", "verify"),
            ("report", "aging", "--format", "csv", "--out", str(tmp_path / "aging.csv")),
        ):
            done = _station(env, *args, "--db", str(demo_db))
            assert done.returncode == 0, (args, done.stderr)
        assert (tmp_path / "aging.csv").read_text(encoding="utf-8").count("\n") > 1
        assert first.send("$LOC-A-01-1")["committed"]
    finally:
        first.close()
    # once it has closed, the next station starts
    done = _station(env, "script", "--db", str(demo_db), str(script))
    assert done.returncode == 0, done.stderr
    assert all(json.loads(x)["committed"] for x in done.stdout.splitlines())


def test_a_killed_station_s_lock_is_taken_over_by_the_next_start(
    tmp_path: Path, demo_db: Path
) -> None:
    env = _env(tmp_path)
    first = Child(demo_db, env)
    first.send("$USR-C001")
    assert first.send("@pin 1111")["committed"]
    os.kill(first.pid, signal.SIGKILL)
    first.proc.wait(timeout=30)
    assert json.loads(demo_db.with_name("station.db.holder").read_text())["pid"] == first.pid

    second = Child(demo_db, env)
    try:
        # the engine carries on where the killed one left off: still logged in
        outcome = second.send("06975123000012")
        assert outcome["committed"] and outcome["users"][0]["badge"] == "C001"
        holder = json.loads(demo_db.with_name("station.db.holder").read_text())
        assert holder["pid"] == second.pid
        # and it holds the lock as firmly as the first did
        script = _script(tmp_path, "06975123000012\n")
        done = _station(env, "script", "--db", str(demo_db), str(script))
        assert done.returncode == 3 and f"process {second.pid}" in done.stderr
    finally:
        second.close()
    with pytest.raises(StoreError):
        Store.open(tmp_path / "missing.db", read_only=True)


def test_demo_never_deletes_the_database_of_a_running_demo(tmp_path: Path) -> None:
    env = _env(tmp_path)
    script = _script(tmp_path, "$USR-C001\n")
    demo_db = tmp_path / "data" / "warehouse-station" / "demo.db"
    headless = [
        "run", "--demo", "--headless", "--device", f"replay://{script}", "--idle-exit", "60",
    ]  # fmt: skip
    first = subprocess.Popen(
        [sys.executable, "-m", "station", *headless],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert first.stdout is not None
        line = json.loads(first.stdout.readline())  # the demo is up and took the scan
        while "job" in line:  # the scheduler's first runs may be reported before it
            line = json.loads(first.stdout.readline())
        assert line["message_key"] == "login.enter_pin"
        inode = demo_db.stat().st_ino
        second = _station(env, *headless[:-2], "--idle-exit", "1")
        assert second.returncode == 3, second.stderr
        assert f"in use by process {first.pid}" in second.stderr
        assert demo_db.stat().st_ino == inode  # the running demo's file is still its own
        store = Store.open_reader(demo_db)
        try:
            with store.reading() as conn:
                users = conn.exec_driver_sql("SELECT count(*) FROM users").scalar()
        finally:
            store.close()
        assert users and users >= 5
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=60)
