# SPDX-License-Identifier: Apache-2.0
"""``station run --demo`` as a new user starts it: the real window, the worker thread, the demo
warehouse; the self-test feeds it scans and checks what the screen says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from station.core.store.database import Store


def test_run_self_test_opens_the_window_and_handles_scans(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data")}
    shot = tmp_path / "window.png"
    done = subprocess.run(
        [sys.executable, "-m", "station", "run", "--self-test", "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout
    assert "S001  supervisor PIN 3333" in done.stdout  # the demo users are printed
    assert shot.stat().st_size > 10_000
    # the demo database lives apart from the production store
    assert (tmp_path / "data" / "warehouse-station" / "demo.db").exists()
    assert not (tmp_path / "data" / "warehouse-station" / "station.db").exists()


def test_run_without_a_display_says_what_to_do(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    env["XDG_DATA_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "station", "run", "--demo"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 2
    assert "no display found" in done.stderr and "QT_QPA_PLATFORM=offscreen" in done.stderr
    assert "Traceback" not in done.stderr


def test_demo_with_db_builds_the_demo_in_that_file_and_spares_a_real_store(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data")}
    new = tmp_path / "training.db"
    command = [sys.executable, "-m", "station", "run", "--demo", "--self-test", "--db"]
    done = subprocess.run(
        [*command, str(new)], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout and new.exists()
    again = subprocess.run(  # an earlier demo in that file is rebuilt
        [*command, str(new)], capture_output=True, text=True, timeout=120, env=env
    )
    assert again.returncode == 0, again.stdout + again.stderr

    real = tmp_path / "station.db"
    Store.open(real, station_id="ST-01").close()
    before = real.read_bytes()
    refused = subprocess.run(
        [*command, str(real)], capture_output=True, text=True, timeout=120, env=env
    )
    assert refused.returncode == 2
    assert "holds the database of station ST-01: it was left as it is" in refused.stderr
    assert "leave out --demo" in refused.stderr and "Traceback" not in refused.stderr
    assert real.read_bytes() == before
