# SPDX-License-Identifier: Apache-2.0
"""How the benchmarks print a figure: the median and range of several measurements, and the
disk's own flush cost beside every figure bound by fsync."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


def spread(values: Sequence[float], digits: int = 3) -> dict[str, float]:
    """``{"median", "min", "max"}`` of ``values``, rounded to ``digits``."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


def flush_ms(folder: Path | None = None, times: int = 20) -> dict[str, float]:
    """One fsync of a freshly written 4 KB on the disk holding ``folder``, in ms."""
    with tempfile.TemporaryDirectory(dir=folder, prefix="flush-") as where:
        costs = []
        with (Path(where) / "flush.bin").open("wb") as f:
            for _ in range(times):
                f.write(os.urandom(4096))
                f.flush()
                began = time.perf_counter()
                os.fsync(f.fileno())
                costs.append((time.perf_counter() - began) * 1000)
    return spread(costs, 2)
