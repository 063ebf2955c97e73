# SPDX-License-Identifier: Apache-2.0
"""Start-up: what a person waits for before the station is of use.

``station --help`` is timed as the CPU of the whole process (goal: under 0.3 s), beside the
interpreter alone. ``window_to_first_scan`` is a fresh ``station run`` process on a station
database (demo warehouse, default settings, no devices; its audit head anchored as after a
normal run, and put back as prepared before each start): from process start until the
window shows the accepted outcome of the first item scan (badge, PIN, then an EAN; the
three inputs are submitted as the window opens, as a fast clerk would). The process calls
``cli.main`` and imports nothing of the station first: the window is subclassed as its
module loads, so the imports come in ``station run``'s own order. Its baseline is a
fresh process that opens a bare PySide6 window and returns to the event loop. Goal: the
station within 4x the bare window in CPU; wall-clock is printed beside it. The two sides
alternate in one run; each figure is the median with its range. Both windows run on Qt's
offscreen platform with fresh config and data folders, so nothing of the user's is read.

Run ``python -m bench.startup probe bare|station [DB]`` to see one side on its own.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROUNDS = 15
"""Starts of each side: on a shared virtual machine one start's CPU varies by a third, so the
median needs more than a handful."""
HELP_GOAL_CPU_S = 0.3
WINDOW_GOAL_RATIO = 4.0
FIRST_SCANS = (("scan", "$USR-C001"), ("pin", "1111"), ("scan", "06975123000012"))


# -- the two sides, each in a fresh process ------------------------------------------------
def _report(**figures: Any) -> None:
    started = float(os.environ.get("STATION_BENCH_T0", "nan"))
    figures.update(cpu_s=time.process_time(), wall_s=time.time() - started)
    print(json.dumps(figures), flush=True)


def _bare_window() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("ready"))
    window.show()

    def shown() -> None:
        _report(outcome="shown")
        app.quit()

    QTimer.singleShot(0, shown)
    return app.exec()


def _first_scan_window(main_window: Any) -> None:
    """Replace ``main_window.MainWindow`` with a window that submits the first inputs as it
    opens and reports once the last of them is answered."""
    from PySide6.QtWidgets import QApplication

    from station.core.engine.inputs import InputEvent, Outcome, Pin, Scan

    class FirstScan(main_window.MainWindow):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.replies = -1  # the first outcome is the engine's snapshot
            super().__init__(*args, **kwargs)
            for kind, text in FIRST_SCANS:
                event: InputEvent = Pin(text) if kind == "pin" else Scan(text, "bench://")
                self.submit(event)

        def show_outcome(self, outcome: Outcome, event: InputEvent | None = None) -> None:
            super().show_outcome(outcome, event)
            self.replies += 1
            if self.replies == len(FIRST_SCANS):
                _report(outcome=outcome.outcome, committed=outcome.committed)
                QApplication.quit()

    main_window.MainWindow = FirstScan


class _WhenWindowImported:
    """A finder (on ``sys.meta_path``) of ``station.ui.main_window`` alone: finds it as the
    import system would and subclasses its window right after the module ran, so that
    ``station run`` itself imports everything, in its own order (the CLI, the composition
    root and the core, then Qt and the window's modules)."""

    NAME = "station.ui.main_window"

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != self.NAME:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.loader is not None
        run_module = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            run_module(module)
            _first_scan_window(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _station_window(db: str) -> int:
    """``station run --db DB``, its window made to submit the first inputs as it opens."""
    sys.meta_path.insert(0, _WhenWindowImported())
    from station import cli

    return cli.main(["run", "--db", db])


# -- the parent: prepare, alternate, summarise ---------------------------------------------
def _run_child(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(CPU s, wall s, stdout) of one child process, CPU from the OS's accounting."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**env, "STATION_BENCH_T0": repr(time.time())}
    start = time.perf_counter()
    done = subprocess.run(
        args, env=env, cwd=Path(__file__).parents[1], capture_output=True, text=True, timeout=120
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.stdout


def _probe(side: str, db: str, env: dict[str, str]) -> dict[str, Any]:
    """One fresh process of ``side``; the station's on the prepared station as it was (a scan
    changes the database, its audit anchor and the anchor's witness in the config folder, so
    each start must find the same ones)."""
    _restore(db, env)
    args = [sys.executable, "-m", "bench.startup", "probe", side, db]
    _, _, out = _run_child(args, env)
    return dict(json.loads(out.strip().splitlines()[-1]))


def _restore(db: str, env: dict[str, str]) -> None:
    """The prepared station put back: its database, audit anchor and config folder."""
    import shutil

    run_db = Path(db)
    kept = run_db.with_name("as-prepared")
    for suffix in ("", "-wal", "-shm", ".audit-anchor"):
        Path(f"{run_db}{suffix}").unlink(missing_ok=True)
    for name in (run_db.name, f"{run_db.name}.audit-anchor"):
        shutil.copyfile(kept / name, run_db.with_name(name))
    config = Path(env["XDG_CONFIG_HOME"])
    shutil.rmtree(config, ignore_errors=True)
    shutil.copytree(kept / "config", config)


def _summary(values: list[float], digits: int = 3) -> dict[str, Any]:
    import statistics

    return {
        "median": round(statistics.median(values), digits),
        "range": [round(min(values), digits), round(max(values), digits)],
    }


def _prepare(folder: str) -> tuple[str, dict[str, str]]:
    """A station database with the demo warehouse, its audit head anchored as a station that
    ran before has it (the key in the config folder the station will use), and an environment
    of fresh folders. What :func:`_probe` restores before each start is kept aside. Compiled
    bytecode goes to a folder of its own (written by a first, uncounted round), so the figures
    are those of an installed station even where the environment turns bytecode off."""
    import shutil
    from datetime import date
    from unittest import mock

    from station.core.clock import station_timezone
    from station.core.demo_seed import seed_demo
    from station.core.paths import audit_key_path
    from station.core.store.database import Store

    db = str(Path(folder) / "station.db")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(Path(folder) / "config"),
        "XDG_DATA_HOME": str(Path(folder) / "data"),
        "STATION_CENTRAL_URL": "",
        "PYTHONPYCACHEPREFIX": str(Path(folder) / "bytecode"),
    }
    for name in ("STATION_DB", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    store = Store.open(Path(db), station_id="ST-BENCH")
    seed_demo(store, date.today(), station_timezone())
    with mock.patch.dict(os.environ, env, clear=True):
        anchor = store.anchor_audit(audit_key_path())
    with store.reading() as conn:
        sealed = anchor.restart(conn, store.station_id)
    store.close()
    if not sealed.ok:
        raise RuntimeError(f"the demo's audit chain does not verify: {sealed.reason}")
    kept = Path(folder) / "as-prepared"
    kept.mkdir()
    for suffix in ("", ".audit-anchor"):
        shutil.copyfile(db + suffix, kept / (Path(db).name + suffix))
    shutil.copytree(env["XDG_CONFIG_HOME"], kept / "config")
    return db, env


def run(rounds: int = ROUNDS) -> dict[str, Any]:
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="station-bench-startup-")
    try:
        db, env = _prepare(folder)
        station_cmd = Path(sys.executable).with_name("station")
        help_args = (
            [str(station_cmd)] if station_cmd.exists() else [sys.executable, "-m", "station"]
        )
        _run_child([*help_args, "--help"], env)  # the uncounted round: writes the bytecode
        _probe("bare", db, env)
        _probe("station", db, env)
        figures: dict[str, list[float]] = {
            k: []
            for k in (
                "help",
                "interpreter",
                "bare_cpu",
                "bare_wall",
                "station_cpu",
                "station_wall",
            )
        }
        outcomes = set()
        for _ in range(rounds):  # the sides alternate, so a busy moment hits both
            figures["help"].append(_run_child([*help_args, "--help"], env)[0])
            figures["interpreter"].append(_run_child([sys.executable, "-c", "pass"], env)[0])
            bare = _probe("bare", db, env)
            figures["bare_cpu"].append(bare["cpu_s"])
            figures["bare_wall"].append(bare["wall_s"])
            station = _probe("station", db, env)
            outcomes.add((station["outcome"], station["committed"]))
            figures["station_cpu"].append(station["cpu_s"])
            figures["station_wall"].append(station["wall_s"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if outcomes != {("accepted", True)}:
        raise RuntimeError(f"the first item scan was not accepted: {sorted(outcomes)}")
    ratios_cpu = [s / b for s, b in zip(figures["station_cpu"], figures["bare_cpu"], strict=True)]
    ratios_wall = [
        s / b for s, b in zip(figures["station_wall"], figures["bare_wall"], strict=True)
    ]
    ratio = _summary(ratios_cpu, 2)
    help_cpu = _summary(figures["help"])
    return {
        "rounds": rounds,
        "help_cpu_s": help_cpu,
        "help_goal_cpu_s_under": HELP_GOAL_CPU_S,
        "help_within_goal": help_cpu["median"] < HELP_GOAL_CPU_S,
        "interpreter_alone_cpu_s": _summary(figures["interpreter"]),
        "window_to_first_scan_cpu_s": _summary(figures["station_cpu"]),
        "bare_window_cpu_s": _summary(figures["bare_cpu"]),
        "window_ratio_cpu": ratio,
        "window_goal_ratio_under": WINDOW_GOAL_RATIO,
        "window_within_goal": ratio["median"] < WINDOW_GOAL_RATIO,
        "window_to_first_scan_wall_s": _summary(figures["station_wall"]),
        "bare_window_wall_s": _summary(figures["bare_wall"]),
        "window_ratio_wall": _summary(ratios_wall, 2),
    }


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "probe":
        return _bare_window() if argv[1] == "bare" else _station_window(argv[2])
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
