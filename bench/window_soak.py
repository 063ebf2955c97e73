# SPDX-License-Identifier: Apache-2.0
"""A week at the bench without a restart: thousands of scans through the real window.

``python -m bench.window_soak --scans N --every K`` opens the station's main window (offscreen
unless ``QT_QPA_PLATFORM`` says otherwise) on a fresh demo store, with the real worker thread,
logs a clerk in and scans through the window's scan entry: the code is put in the entry line
and Enter pressed, as a person or a scanner typing into it does, and the next scan waits until
the window has shown the outcome. The scans cycle through every demo item's EAN, every demo
location and a code with a wrong check digit, so the item table, the location table and the
refusal are all drawn.

Every ``K`` scans it prints one JSON line: the scans so far, the process's resident memory (MB)
and ``sys.getrefcount(None)`` after a garbage collection. A C extension that drops references to
None it never took shows as a falling count, and kills the process with ``none_dealloc`` once
the count reaches zero (a Python with immortal None, 3.12 and later, reports a fixed count and
cannot die of it). The last line is ``{"done": N}``.

``python -m bench soak`` (``run``) runs this in a child process for 50,000 scans and prints
the memory after 0, 10,000, 25,000 and 50,000 of them. The soak test in ``tests/ui`` runs
6,000.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

MARKS = (0, 10_000, 25_000, 50_000)


def resident_mb() -> float:
    """The process's resident memory now, in MB (Linux: /proc; elsewhere the peak)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def scan_codes() -> Iterator[str]:
    """Demo items' EANs, demo locations and a wrong check digit, round and round."""
    from station.core.demo_seed import demo_items, demo_locations

    codes = ["0" + item.ean13 for item in demo_items()]
    locations = [f"$LOC-{code}" for code, _, _ in demo_locations()]
    mixed: list[str] = []
    for n, code in enumerate(codes):
        mixed.append(code)
        if n % 4 == 0:
            mixed.append(locations[n % len(locations)])
        if n % 25 == 0:
            mixed.append(code[:-1] + str((int(code[-1]) + 1) % 10))  # refused: check digit
    while True:
        yield from mixed


def sample(scans: int) -> dict[str, Any]:
    gc.collect()
    return {"scans": scans, "rss_mb": round(resident_mb(), 2), "none_refs": sys.getrefcount(None)}


def soak(scans: int, every: int, folder: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from station.core.clock import SystemClock, station_timezone
    from station.core.demo_seed import seed_demo
    from station.core.engine.session import Engine
    from station.core.store.database import Store
    from station.ui.main_window import MainWindow
    from station.ui.ops import TaskRunner

    app = QApplication.instance() or QApplication([])
    tz = station_timezone()
    store = Store.open(folder / "soak.db", station_id="ST-SOAK")
    seed_demo(store, date.today(), tz)
    tasks = TaskRunner()
    window = MainWindow(Engine(store, SystemClock(tz)), tasks, station_id="ST-SOAK", db_label="")
    window.show()

    def wait_for(shown: int) -> None:
        deadline = time.monotonic() + 30
        while window.shown < shown:
            if time.monotonic() > deadline:
                raise SystemExit(f"no outcome shown within 30 s after {window.shown} outcomes")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)  # no busy wait

    def enter(text: str) -> None:
        shown = window.shown
        window.entry.setText(text)
        QTest.keyClick(window.entry, Qt.Key.Key_Return)
        wait_for(shown + 1)

    try:
        wait_for(1)  # the opening snapshot
        enter("$USR-C001")
        enter("1111")
        if "Demo Clerk" not in window.scan_screen.user_label.text():
            raise SystemExit(f"the clerk is not logged in: {window.scan_screen.message.text()}")
        print(json.dumps(sample(0)), flush=True)
        codes = scan_codes()
        for n in range(1, scans + 1):
            enter(next(codes))
            if n % every == 0 or n == scans:
                print(json.dumps(sample(n)), flush=True)
        print(json.dumps({"done": scans, "message": window.scan_screen.message.text()}), flush=True)
    finally:
        tasks.shutdown()
        window.close()
        store.close()


def child(scans: int, every: int, timeout: float) -> tuple[int, list[dict[str, Any]], str]:
    """Run the soak in a child process: its exit code, its samples and the end of its stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.window_soak", "--scans", str(scans), "--every", str(every)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc.returncode, lines, proc.stderr[-2000:]


def run(scans: int = MARKS[-1]) -> dict[str, Any]:
    marks = [m for m in MARKS if m <= scans]
    started = time.perf_counter()
    code, lines, err = child(scans, every=min(m for m in marks if m) // 2, timeout=3600)
    rss = {s["scans"]: s["rss_mb"] for s in lines if "rss_mb" in s}
    result: dict[str, Any] = {
        "scans": scans,
        "exit_code": code,
        "rss_mb": {f"{m:,}": rss.get(m) for m in marks},
        "none_refs": {f"{s['scans']:,}": s["none_refs"] for s in lines if s.get("scans") in marks},
        "seconds": round(time.perf_counter() - started, 1),
    }
    if code != 0 or len(rss) < len(marks):
        result["failed"] = err.strip().splitlines()[-3:]
        return result
    # flat: every mark within 10% of the lowest, from the window's first scan on
    figures = [rss[m] for m in marks]
    result["spread"] = round(max(figures) / min(figures) - 1, 4)
    result["goal"] = "resident memory after 0, 10k, 25k and 50k scans within 10% of each other"
    result["within_goal"] = result["spread"] <= 0.10
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.window_soak", description=__doc__)
    parser.add_argument("--scans", type=int, default=6000)
    parser.add_argument("--every", type=int, default=500)
    args = parser.parse_args(argv)
    # memory is under test, not the disk: a RAM disk where there is one keeps the flushes cheap
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="station-soak-", dir=shm if shm.is_dir() else None))
    try:
        soak(args.scans, args.every, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
