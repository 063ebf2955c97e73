# SPDX-License-Identifier: Apache-2.0
"""A short atheris run in CI; the long one is documented in docs/reliability.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).with_name("fuzz_parsers.py")


def test_a_short_fuzz_run_finds_nothing(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris has wheels for Linux x86_64 only")
    runs = os.environ.get("STATION_FUZZ_RUNS", "200000")
    done = subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            f"-runs={runs}",
            "-max_len=512",
            f"-artifact_prefix={tmp_path}/",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = [line for line in done.stderr.splitlines() if line.startswith("Done")]
    print(f"fuzz: {summary[-1] if summary else done.stderr.splitlines()[-1]}")
