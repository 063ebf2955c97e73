# SPDX-License-Identifier: Apache-2.0
"""Start-up stages: where the CPU of a start goes, from the CLI to the first accepted scan.

The same start as ``python -m bench startup`` (a fresh ``station run`` on the prepared demo
station, badge, PIN and an EAN submitted as the window opens), with the process's CPU time
taken at each stage's end: the CLI's import, SQLAlchemy's, the rest of the core's, the
settings and the start-up check, opening the store, the engine (with the print queue's
import), Qt's and the window's imports (with the print queue made), the application and the
window built, the rest until it shows, and each of
the three answers (the badge, the PIN with its scrypt, the item scan). The child imports the
CLI and SQLAlchemy first to tell them apart, so this is a map of a start, not its figure:
the ratio against a bare window is ``bench startup``'s. Each stage is the median over
``ROUNDS`` starts (milliseconds of CPU), with the interpreter's own start beside them.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

from bench import startup

ROUNDS = 9
STAGES = (
    "cli",
    "sqlalchemy",
    "core imports",
    "settings and start-up check",
    "store opened",
    "engine and print queue",
    "Qt and window imports",
    "application and window built",
    "until shown",
    "badge answered",
    "PIN answered",
    "item scan answered",
)


def _probe(db: str) -> int:
    """``station run --db DB`` with the CPU time noted at each stage (the child side)."""
    marks: list[float] = [time.process_time()]

    def mark() -> None:
        marks.append(time.process_time())

    import station.cli as cli

    mark()
    import sqlalchemy  # noqa: F401

    mark()
    import station.app as app

    mark()
    opening = app.open_store

    def open_store(*args: Any, **kwargs: Any) -> Any:
        mark()  # the settings and the start-up check came before
        store = opening(*args, **kwargs)
        mark()
        return store

    app.open_store = open_store
    engine_class = app.Engine

    class TimedEngine(engine_class):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            mark()  # the print queue's import came just before

    app.Engine = TimedEngine  # type: ignore[misc]

    def window_loaded(main_window: Any) -> None:
        from PySide6.QtWidgets import QApplication

        from station.core.engine.inputs import InputEvent, Pin, Scan

        mark()

        class StagedWindow(main_window.MainWindow):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                self.replies = -1
                super().__init__(*args, **kwargs)
                mark()
                for kind, text in startup.FIRST_SCANS:
                    event: InputEvent = Pin(text) if kind == "pin" else Scan(text, "bench://")
                    self.submit(event)

            def show(self) -> None:
                super().show()
                mark()

            def show_outcome(self, outcome: Any, event: Any = None) -> None:
                super().show_outcome(outcome, event)
                self.replies += 1
                if self.replies >= 1:  # the first outcome is the engine's snapshot
                    mark()
                if self.replies == len(startup.FIRST_SCANS):
                    steps = [
                        round((b - a) * 1000, 2) for a, b in zip(marks, marks[1:], strict=False)
                    ]
                    print(json.dumps({"stages_ms": steps, "outcome": outcome.outcome}))
                    QApplication.quit()

        main_window.MainWindow = StagedWindow

    startup._first_scan_window = window_loaded
    sys.meta_path.insert(0, startup._WhenWindowImported())
    return cli.main(["run", "--db", db])


def run(rounds: int = ROUNDS) -> dict[str, Any]:
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="station-bench-stages-")
    try:
        db, env = startup._prepare(folder)
        args = [sys.executable, "-m", "bench.startup_stages", "probe", db]
        startup._run_child([sys.executable, "-m", "bench.startup", "probe", "station", db], env)
        runs: list[list[float]] = []
        interpreter: list[float] = []
        for _ in range(rounds):
            interpreter.append(startup._run_child([sys.executable, "-c", "pass"], env)[0])
            startup._restore(db, env)
            _, _, out = startup._run_child(args, env)
            answer = json.loads(out.strip().splitlines()[-1])
            if answer["outcome"] != "accepted" or len(answer["stages_ms"]) != len(STAGES):
                raise RuntimeError(f"the staged start did not end as expected: {answer}")
            runs.append(answer["stages_ms"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    stages = {
        name: round(statistics.median(r[i] for r in runs), 1) for i, name in enumerate(STAGES)
    }
    return {
        "rounds": rounds,
        "interpreter_ms": round(statistics.median(interpreter) * 1000, 1),
        "stages_cpu_ms": stages,
        "total_after_interpreter_ms": round(sum(stages.values()), 1),
    }


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "probe":
        return _probe(argv[1])
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
