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


def test_the_sync_benchmark_measures_one_part_at_chosen_sizes() -> None:
    from bench import sync

    chosen = sync.options(["--only", "push", "--sizes", "10000,100000"])
    assert chosen == {"sizes": (10_000, 100_000), "runs": (5, 3), "only": "push"}
    assert sync.options(["--sizes", "1000000", "--runs", "2"])["runs"] == (2,)


def test_options_go_only_to_a_benchmark_that_reads_them() -> None:
    from bench.__main__ import main

    assert main(["sync", "labels", "--only", "push"]) == 2
    assert main(["labels", "--only", "push"]) == 2
