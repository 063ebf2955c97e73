# SPDX-License-Identifier: Apache-2.0
"""What a clerk sees at start: a fresh ``station run`` answers a badge, its PIN and an item
scan typed as the window opens, and accepts the item; the jobs due at start still run (once
the first scans had the store's worker to themselves) and say so in the status bar; the
cycle collector, paused while the window is built, is running again once it is up."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from station import app, collector_pause
from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks

ROOT = Path(__file__).parents[2]


def test_a_fresh_station_run_accepts_the_first_item_scan(tmp_path: Path) -> None:
    from bench.startup import _prepare, _probe

    db, env = _prepare(str(tmp_path))
    answer = _probe("station", db, {**env, "PYTHONPATH": str(ROOT)})
    assert answer["outcome"] == "accepted" and answer["committed"] is True
    again = _probe("station", db, {**env, "PYTHONPATH": str(ROOT)})  # the same start again
    assert again["outcome"] == "accepted"


_COUNT_DATACLASSES = """
import atexit, dataclasses, runpy, sys
made = []
build = dataclasses._process_class
def counted(cls, *args, **kwargs):
    made.append(f"{cls.__module__}.{cls.__qualname__}")
    return build(cls, *args, **kwargs)
dataclasses._process_class = counted
ours = ("station.", "drivers.", "labels.", "sync.")
atexit.register(lambda: print("dataclasses:", " ".join(m for m in made if m.startswith(ours))))
sys.argv = ["bench.startup", "probe", "station", sys.argv[1]]
runpy.run_module("bench.startup", run_name="__main__")
"""


def test_a_start_builds_no_dataclass_of_the_station_before_its_first_scan(
    tmp_path: Path,
) -> None:
    """Python 3.11 compiles each method of a dataclass on its own as the class is made (about
    half a millisecond a class, 52 of them were 8% of a start's instructions): the types a
    start loads before its first accepted scan are msgspec Structs instead, made without
    compiling anything (docs/decisions.md, "Structs on the start path")."""
    from bench.startup import _prepare, _restore

    db, env = _prepare(str(tmp_path))
    _restore(db, env)
    done = subprocess.run(
        [sys.executable, "-c", _COUNT_DATACLASSES, db],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"outcome": "accepted"' in done.stdout, done.stdout
    (line,) = [row for row in done.stdout.splitlines() if row.startswith("dataclasses:")]
    made = line.removeprefix("dataclasses:").split()
    assert not made, (
        "these load before the first scan as dataclasses; make them msgspec Structs: "
        + ", ".join(made)
    )


def test_the_window_opens_with_the_collector_running(tmp_path: Path) -> None:
    """``station run --self-test`` checks the window with scans; the collector is on again
    once it is up (a process that never collected cycles would grow for weeks)."""
    probe = (
        "import gc, sys\n"
        "from station import app, cli\n"
        "seen = []\n"
        "show = app.collector_pause.resume\n"
        "def resume():\n"
        "    show(); seen.append(gc.isenabled())\n"
        "app.collector_pause.resume = resume\n"
        "code = cli.main(['run', '--self-test'])\n"
        "print('collector on after the window opened:', seen[:1] == [True])\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout
    assert "collector on after the window opened: True" in done.stdout


def test_resuming_leaves_a_host_s_own_collector_policy() -> None:
    was = gc.isenabled()
    try:
        gc.disable()  # a host that turned it off itself
        collector_pause.resume()
        assert not gc.isenabled()
        gc.enable()
        collector_pause.pause()
        assert not gc.isenabled()
        collector_pause.resume()
        assert gc.isenabled()
        collector_pause.resume()  # twice is harmless
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


class RecordingTasks(InlineTasks):
    def __init__(self) -> None:
        self.ran: list[Any] = []

    def run(self, fn: Any, done: Any, failed: Any = None) -> None:
        self.ran.append(fn)
        super().run(fn, done, failed)


def test_the_jobs_due_at_start_run_after_the_first_look_and_are_shown(  # type: ignore[no-untyped-def]
    qtbot, demo_store: Store, clock: ManualClock, monkeypatch
) -> None:
    engine = Engine(demo_store, clock)
    tasks = RecordingTasks()
    window = MainWindow(engine, tasks, station_id="ST-DEMO", db_label="demo.db")
    qtbot.addWidget(window)
    started = len(tasks.ran)
    monkeypatch.setattr(app, "FIRST_JOBS_CHECK_MS", 50)
    timer = app._start_jobs(window, tasks, demo_store, clock, {}, engine.settings, None, None)
    try:
        assert len(tasks.ran) == started  # nothing queued on the worker as the window opens
        assert window.job_status.text() != "Jobs: all done"
        qtbot.waitUntil(lambda: window.job_status.text() == "Jobs: all done", timeout=10_000)
        assert "count tasks planned" in window.job_status.toolTip()
        assert timer.isActive()  # and every second after that
    finally:
        timer.stop()


def test_a_station_without_devices_opens_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    from station.ui.device_bridge import DeviceBridge

    bridge = DeviceBridge()
    assert bridge.urls() == []
    bridge.close()
    assert "drivers.device_manager" not in _modules_loaded_by_a_bare_bridge()


def _modules_loaded_by_a_bare_bridge() -> str:
    probe = (
        "import sys\n"
        "from station.ui.device_bridge import DeviceBridge\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "app = QCoreApplication([])\n"
        "b = DeviceBridge(); b.urls(); b.close()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + probe],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    return " ".join(json.loads(done.stdout))


def test_the_start_screens_are_the_engine_s_own() -> None:
    """The scan screen loads no panel module for the screens a station starts on; they must
    stay the engine's log-in and home screens."""
    from station.core.engine.state import HOME
    from station.ui.screens.scan_screen import START_SCREENS

    assert set(START_SCREENS) == {"login", HOME}
