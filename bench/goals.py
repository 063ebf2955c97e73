# SPDX-License-Identifier: Apache-2.0
"""The station's speed goals: every ratio against its like-for-like baseline, in one run.

Runs the start-up, import, stale-stock (aging today and a year ago, SQLite and PostgreSQL),
receiving and frame-decode benchmarks one after the other and prints, for each ratio, the
median and range of its alternated rounds, the goal and whether the median is inside it
(:func:`summarize`, also printed at the end of ``python -m bench`` when those ran). On a
loaded machine both sides of a ratio suffer the same load; the absolute figures do not.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

# (label, benchmark, path to the ratio's {median, min, max}, goal, test of the median)
GOALS: list[tuple[str, str, tuple[str, ...], str, Callable[[float], bool]]] = [
    ("start-up: window to first accepted scan / bare PySide6 window (CPU)", "startup",
     ("window_ratio_cpu",), "under 4x", lambda m: m < 4),
    ("import: 100,000 items / plain csv + sqlite3", "imports", ("ratio",), "at most 5x",
     lambda m: m <= 5),
    ("aging today (SQLite) / hand-written GROUP BY", "stale_stock", ("today_ratio",),
     "at most 3x", lambda m: m <= 3),
    ("aging a year ago from the ledger (SQLite) / GROUP BY", "stale_stock", ("past_ratio",),
     "at most 3x", lambda m: m <= 3),
    ("aging today (PostgreSQL) / GROUP BY", "stale_stock", ("postgres_today_ratio",),
     "at most 3x", lambda m: m <= 3),
    ("aging a year ago (PostgreSQL) / GROUP BY", "stale_stock", ("postgres_past_ratio",),
     "at most 3x", lambda m: m <= 3),
    ("receiving CPU a scan / raw insert", "receiving", ("cpu_ratio",),
     "at most 18.5x (half the 37x before)", lambda m: m <= 18.5),
    ("1280x720 frame with a code / bare zxing-cpp", "frames", ("with_code", "ratio"),
     "at most 1.5x", lambda m: m <= 1.5),
    ("1280x720 empty frame / bare zxing-cpp", "frames", ("empty", "ratio"), "at most 1.5x",
     lambda m: m <= 1.5),
]  # fmt: skip


def _find(results: dict[str, Any], bench: str, path: tuple[str, ...]) -> Any:
    if bench == "frames":
        node: Any = results.get("frames") or results.get("decoders", {}).get("frame_1280x720")
    else:
        node = results.get(bench)
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node if isinstance(node, dict) and "median" in node else None


def summarize(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per ratio found in ``results`` (keyed by benchmark name)."""
    rows = []
    for label, bench, path, goal, ok in GOALS:
        figure = _find(results, bench, path)
        if figure is not None:
            rows.append({"ratio": label, **figure, "goal": goal, "within": ok(figure["median"])})
    return rows


def run() -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name in ("startup", "imports", "stale_stock", "receiving"):
        results[name] = importlib.import_module(f"bench.{name}").run()
        print(f"{name}: done", file=sys.stderr, flush=True)
    from bench.decoders import frame_times

    results["frames"] = frame_times()
    return {"ratios": summarize(results), "details": results}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
