# SPDX-License-Identifier: Apache-2.0
"""A start through ``packaging/bootstrap.sh`` beside a start of the installed station.

Both sides open the demo station offscreen and run its self-test once
(``bash packaging/bootstrap.sh run --demo --self-test`` and ``.venv/bin/station run --demo
--self-test``, ``QT_QPA_PLATFORM=offscreen``), alternating, in the same venv
(``STATION_VENV`` is this interpreter's). A first bootstrap call before the rounds brings the
venv up to date (``first_set_up`` says whether it had to set up), so every timed bootstrap call
is a second one, with nothing changed. The figures are wall-clock medians; ``ratio`` is
bootstrap over station. Goal: 1.5 or less (the set-up is skipped when nothing changed).

:func:`run` prints nothing and returns a JSON-ready dict; each process is bounded to 300 s,
and the default 3 rounds make seven starts in all (about two minutes with two busy cores).
Linux or macOS (bash).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["GOAL", "run"]

ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.5
TIMEOUT_S = 300


def _timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        argv, cwd=ROOT, env=env, check=True, timeout=TIMEOUT_S, capture_output=True, text=True
    )
    return time.perf_counter() - started


def run(rounds: int = 3) -> dict[str, Any]:
    """``{"rounds", "first_set_up", "bootstrap_s", "station_s", "ratio", "goal"}``."""
    venv = Path(sys.prefix)
    env = {**os.environ, "STATION_VENV": str(venv), "QT_QPA_PLATFORM": "offscreen"}
    bootstrap = ["bash", str(ROOT / "packaging/bootstrap.sh"), "run", "--demo", "--self-test"]
    station = [str(venv / "bin/station"), "run", "--demo", "--self-test"]
    stamp = venv / ".bootstrap-stamp"
    before = stamp.read_text(encoding="utf-8") if stamp.is_file() else ""
    _timed(bootstrap, env)
    first_set_up = stamp.read_text(encoding="utf-8") != before
    through_bootstrap, direct = [], []
    for _ in range(rounds):
        through_bootstrap.append(_timed(bootstrap, env))
        direct.append(_timed(station, env))
    b, s = statistics.median(through_bootstrap), statistics.median(direct)
    return {
        "rounds": rounds,
        "first_set_up": first_set_up,
        "bootstrap_s": round(b, 3),
        "station_s": round(s, 3),
        "ratio": round(b / s, 3),
        "goal": GOAL,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
