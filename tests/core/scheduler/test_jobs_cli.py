# SPDX-License-Identifier: Apache-2.0
"""``station jobs``: the scheduled jobs with their last results, kept in the store; ``--run``
runs the due ones, and the demo warehouse's stale-stock alerts become open tasks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def _jobs(db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station", "jobs", "--db", str(db), *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_station_jobs_runs_the_due_jobs_and_lists_each_result(
    demo_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_template, db)
    before = _jobs(db)
    assert before.returncode == 0, before.stderr
    assert "stale_alerts" in before.stdout and "never run" in before.stdout
    ran = _jobs(db, "--run")
    assert ran.returncode == 0, ran.stderr
    lines = {line.split()[0]: line for line in ran.stdout.splitlines()}
    assert set(lines) == {"stale_alerts", "count_plan", "print_retry"}
    assert "ok" in lines["stale_alerts"] and "new follow-up tasks" in lines["stale_alerts"]
    assert "count tasks planned" in lines["count_plan"]
    again = _jobs(db, "--lang", "zh")  # kept in the store: shown without running
    assert "成功" in again.stdout and "跟进任务" in again.stdout
