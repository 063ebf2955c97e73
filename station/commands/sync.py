# SPDX-License-Identifier: Apache-2.0
"""``station sync --central URL [--once]``: sync this station with the central database.

Exit codes: 0 synced; 4 central cannot be reached (the reason on stderr); 5 refused by the
protocol version check (the station's events are kept); 6 another sync failure; 2 usage
(a password in the URL, an unreadable credentials file). Progress: a bar on a terminal,
plain ``stage done/total`` lines otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import Command

if TYPE_CHECKING:
    from sync.protocol import SyncResult

EXIT_CODES = {"unreachable": 4, "version": 5}


class ProgressPrinter:
    """Renders sync progress on ``stream``: a redrawn bar on a TTY, else one line per stage
    change or 10% step."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self._last: tuple[str, int] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.tty:
            if total:
                filled = int(30 * done / total)
                bar = "#" * filled + "-" * (30 - filled)
                self.stream.write(f"\r{stage:<22} [{bar}] {done}/{total}   ")
            else:
                count = str(done) if done else ""
                self.stream.write(f"\r{stage:<22} {count:<40}")
            self.stream.flush()
            return
        step = (10 * done // total) if total else done
        if self._last != (stage, step):
            self._last = (stage, step)
            suffix = f" {done}/{total}" if total else (f" {done}" if done else "")
            print(f"{stage}{suffix}", file=self.stream, flush=True)

    def end(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--central", required=True, metavar="URL", help="central database URL")
    parser.add_argument("--once", action="store_true", help="one round, then exit")
    parser.add_argument(
        "--interval", type=float, default=60.0, help="seconds between rounds (default 60)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds any one call to central may take before the round ends (default 30)",
    )
    parser.add_argument(
        "--secret-file", metavar="PATH", help="central password file (default: see docs/sync.md)"
    )
    parser.add_argument(
        "--db", metavar="PATH", help="station database (default: $STATION_DB or the user data dir)"
    )


def summary(result: SyncResult) -> str:
    if not result.ok:
        return f"sync failed: {result.error}"
    parts = [
        f"pushed {result.pushed}",
        f"already on central {result.already_there}",
        f"parked {result.parked}",
        f"pulled {result.pulled_changes} master-data changes and {result.pulled_movements} movements",
        f"waiting {result.waiting}",
    ]
    if result.parked_open:
        parts.append(f"{result.parked_open} parked events to settle (see `station parked`)")
    if result.pins_sent:
        parts.append(f"PINs sent to central {result.pins_sent}")
    if result.pins_refused:
        parts.append(
            f"PINs refused by central {result.pins_refused} (the sync.pin_refused alarms say why)"
        )
    if result.clock_skew_seconds is not None:
        parts.append(f"clock skew {result.clock_skew_seconds:+.1f} s")
    text = "synced: " + ", ".join(parts)
    if result.push_only:
        text += " (push only: this station is older than central's pull window)"
    if result.skew_too_large:
        text += "; WARNING: the station's clock is more than a minute off central's"
    if result.copied_back:
        text += (
            "; this database was copied back over a newer copy: it took a new incarnation, "
            "sent its clashing events again and pulls the other copy's movements; check the "
            "stock for work done twice"
        )
    if result.alarms:
        text += "; alarms: " + ", ".join(sorted(set(result.alarms)))
    return text


def _run(args: argparse.Namespace) -> int:
    from station.core.paths import default_db_path
    from station.core.store.database import Store
    from sync.central_link import open_central
    from sync.credentials import CredentialsError, read_secret
    from sync.service import sync_once

    try:
        password = read_secret(Path(args.secret_file) if args.secret_file else None)
        engine = open_central(args.central, password, timeout_s=max(args.timeout, 1.0))
    except (CredentialsError, ValueError) as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 2
    store = Store.open(default_db_path(args.db))
    printer = ProgressPrinter(sys.stderr)
    try:
        while True:
            result = sync_once(store, engine, printer)
            printer.end()
            print(summary(result), file=sys.stdout if result.ok else sys.stderr, flush=True)
            code = 0 if result.ok else EXIT_CODES.get(result.reason, 6)
            if args.once:
                return code
            time.sleep(args.interval)
    finally:
        store.close()
        engine.dispose()


def _configure_parked(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--resolve", metavar="UUID", help="mark this parked event settled (after acting on it)"
    )
    parser.add_argument("--note", default="", help="what was done, kept with the event")
    parser.add_argument("--all", action="store_true", help="list settled events too")
    parser.add_argument(
        "--db", metavar="PATH", help="station database (default: $STATION_DB or the user data dir)"
    )


def _parked(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from sqlalchemy import select

    from station.core.paths import default_db_path
    from station.core.store.database import Store
    from station.core.store.events import append_audit
    from station.core.store.tables.sync_state import sync_parked
    from sync.heal import resolve

    store = Store.open(default_db_path(args.db))
    try:
        if args.resolve:
            if not args.note.strip():
                print("station: say what was done with --note", file=sys.stderr)
                return 2
            now = datetime.now(UTC)
            with store.transaction() as conn:
                done = resolve(conn, args.resolve, f"settled by hand: {args.note.strip()}", now)
                if done:
                    append_audit(
                        conn,
                        now,
                        None,
                        "sync.parked_settled",
                        {"uuid": args.resolve, "note": args.note},
                    )
            if not done:
                print(f"station: no unsettled parked event {args.resolve}", file=sys.stderr)
                return 2
            print(f"parked event {args.resolve} settled")
            return 0
        p = sync_parked.c
        query = select(
            p.uuid, p.incarnation_id, p.seq, p.kind, p.reason, p.parked_at, p.resolution
        ).order_by(p.id)
        if not args.all:
            query = query.where(p.resolved_at.is_(None))
        with store.reading() as conn:
            rows = conn.execute(query).all()
        for r in rows:
            state = r.resolution or "not settled"
            print(
                f"{r.uuid}  {r.kind} {r.incarnation_id}/{r.seq}  parked {r.parked_at}: {r.reason}; {state}"
            )
        print(f"{len(rows)} parked events" + ("" if args.all else " to settle"))
        return 0
    finally:
        store.close()


COMMANDS = {
    "sync": Command("sync this station with the central database", _configure, _run),
    "parked": Command(
        "list the events central did not take, and settle one after acting on it",
        _configure_parked,
        _parked,
    ),
}
