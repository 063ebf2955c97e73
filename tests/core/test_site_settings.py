# SPDX-License-Identifier: Apache-2.0
"""The site's settings.toml is what every way of running the station obeys: a zero count
tolerance sends every variance to review in ``station script`` (the site file by default, or
``--settings FILE``) and in ``station run --headless``; the window is tested in
tests/ui/test_site_settings_window.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.core.counting.counting_fixtures import prepared_db, query

COUNT = [  # CC-0002 at A-03-2: one LUBE-0066 short (59 of 60, 1.7 %, 93.43 CNY)
    "CC-0002",
    "]C10106975123001705" + "3010",
    "]C10106975123000661" + "3059",
    "]C10106975123001118" + "305",
    "$CMD-DONE",
]
ZERO = "".join(
    f"{key} = 0\n"
    for key in (
        "count_tolerance_pct",
        "count_tolerance_value",
        "count_tolerance_pct_a",
        "count_tolerance_value_a",
        "count_tolerance_pct_b",
        "count_tolerance_value_b",
        "count_tolerance_pct_c",
        "count_tolerance_value_c",
    )
)


def _lube(db: Path) -> str:
    rows = query(
        db,
        "SELECT v.status FROM count_variances v JOIN items i ON i.id = v.item_id "
        "WHERE i.sku = 'LUBE-0066'",
    )
    assert len(rows) == 1, rows
    return str(rows[0][0])


def _script(db: Path, tmp_path: Path, *extra: str, env: dict[str, str] | None = None) -> None:
    script = tmp_path / "count.txt"
    lines = ["@clock 2026-11-24T09:30:00+08:00", "$USR-N001", "@pin 2222", *COUNT]
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "station", "script", "--db", str(db), *extra, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows[-1]["message_key"] == "counting.task_done", rows[-1]


def test_by_default_a_small_variance_is_approved_within_tolerance(
    demo_template: Path, tmp_path: Path
) -> None:
    db = prepared_db(demo_template, tmp_path)
    _script(db, tmp_path)
    assert _lube(db) == "auto_approved"


def test_a_zero_tolerance_in_the_file_sends_it_to_review_in_station_script(
    demo_template: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(ZERO, encoding="utf-8")
    db = prepared_db(demo_template, tmp_path)
    _script(db, tmp_path, "--settings", str(site))
    assert _lube(db) == "pending"
    assert query(db, "SELECT COUNT(*) FROM movements WHERE kind = 'adjustment'") == [(0,)]


def test_station_script_reads_the_site_file_by_default(demo_template: Path, tmp_path: Path) -> None:
    site = tmp_path / "config" / "settings.toml"
    site.parent.mkdir()
    site.write_text(ZERO, encoding="utf-8")
    db = prepared_db(demo_template, tmp_path)
    _script(db, tmp_path, env={"STATION_SETTINGS": str(site)})
    assert _lube(db) == "pending"


def test_a_bad_site_file_stops_station_script_with_the_reason(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text("count_tolerance_pct = -3\n", encoding="utf-8")
    script = tmp_path / "s.txt"
    script.write_text("$USR-N001\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "station", "script", "--settings", str(site), str(script)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "count_tolerance_pct" in done.stderr and "from 0 to 100" in done.stderr


def test_a_zero_tolerance_in_the_file_sends_it_to_review_headless(
    demo_template: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site.toml"
    # no PIN for the counter: a replayed bench scanner has no keypad
    site.write_text(ZERO + 'pin_required_roles = ["supervisor", "admin"]\n', encoding="utf-8")
    db = prepared_db(demo_template, tmp_path)
    scans = tmp_path / "scans.txt"
    scans.write_text("\n".join(["$USR-N001", *COUNT]) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "station", "run", "--headless", "--db", str(db)]
        + ["--device", f"replay://{scans}?speed=0", "--idle-exit", "1.5"]
        + ["--settings", str(site)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    outcomes = [x for x in lines if "input" in x]
    assert outcomes[-1]["message_key"] == "counting.task_done", outcomes[-3:]
    assert _lube(db) == "pending"
    jobs = {x["job"]: x for x in lines if "job" in x}
    assert set(jobs) == {"stale_alerts", "count_plan", "print_retry"}  # no central set
    assert all(x["ok"] for x in jobs.values()), jobs
