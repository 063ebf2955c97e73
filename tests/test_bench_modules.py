# SPDX-License-Identifier: Apache-2.0
"""Every benchmark ``python -m bench`` names imports and has a ``run``: a benchmark that
cannot even start would go unnoticed until someone wants its figure."""

from __future__ import annotations

import importlib

import pytest

from bench.__main__ import BENCHES


@pytest.mark.parametrize("name", sorted(BENCHES))
def test_each_benchmark_loads(name: str) -> None:
    module = importlib.import_module(BENCHES[name])
    assert callable(getattr(module, "run", None))


def test_help_lists_every_benchmark() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bench", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    listed = {line.split()[0] for line in done.stdout.splitlines() if line.startswith("  ")}
    assert listed == set(BENCHES)
