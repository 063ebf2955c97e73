# SPDX-License-Identifier: Apache-2.0
"""``station jobs``: each scheduled job's last run and result; ``--run`` runs the due ones now.

The jobs are the window's and headless mode's (``station.scheduled_jobs``); their results are
kept in the store, so this shows what the station last did even while it is not running.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import Command


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="station database")
    parser.add_argument(
        "--settings", metavar="FILE", help="the site settings (default: the user's settings.toml)"
    )
    parser.add_argument("--run", action="store_true", help="run every due job now, then list")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of results")


def _run(args: argparse.Namespace) -> int:
    from ..core.clock import SystemClock, station_timezone
    from ..core.engine.state import load_settings
    from ..core.paths import default_db_path
    from ..core.scheduler.runner import last_runs
    from ..core.settings_file import site_settings_or_exit
    from ..core.store.database import Store
    from ..scheduled_jobs import station_scheduler

    site = site_settings_or_exit(Path(args.settings) if args.settings else None)
    store = Store.open(default_db_path(args.db))
    try:
        with store.reading() as conn:
            settings = load_settings(conn, site)
        clock = SystemClock(station_timezone(str(settings.get("timezone") or "")))
        scheduler = station_scheduler(store, clock, site, settings, in_place=True)
        failed = False
        if args.run:
            failed = any(not run.ok for run in scheduler.run_due())
        runs = last_runs(store)
    finally:
        store.close()
    for job in scheduler.jobs:
        title = job.title_zh if args.lang == "zh" else job.title_en
        run = runs.get(job.name)
        if run is None:
            never = "从未运行" if args.lang == "zh" else "never run"
            print(f"{job.name:14} {title}: {never}")
            continue
        state = (
            ("成功" if run.ok else "失败") if args.lang == "zh" else ("ok" if run.ok else "FAILED")
        )
        when = run.finished_at.isoformat(timespec="seconds")
        print(f"{job.name:14} {title}: {state} {when} {run.message(args.lang)}")
    return 1 if failed else 0


COMMANDS = {
    "jobs": Command("show each scheduled job's last run, or run the due ones", _configure, _run)
}
