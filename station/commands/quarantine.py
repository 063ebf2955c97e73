# SPDX-License-Identifier: Apache-2.0
"""``station quarantine list|snapshot``: the receiving quarantine lines, and a webcam picture
attached to one (``station.snapshots``).

Documented in docs/cli/receiving.md. Exit codes: 0 done, 1 not a quarantine line or no picture
in time (the reason on stderr), 2 usage or a camera that cannot be opened, 3 the store refused.
"""

from __future__ import annotations

import argparse
import sys

from . import Command


def _configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="quarantine_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the newest quarantine lines")
    listing.add_argument("--db", metavar="PATH", help="station database")
    listing.add_argument("--limit", type=int, default=50, metavar="N", help="at most N lines")
    snap = actions.add_parser(
        "snapshot",
        help="attach a webcam picture to a quarantine line",
        description="Take one picture with a camera:// source and keep it with the line.",
    )
    snap.add_argument("line", type=int, metavar="ID", help="the quarantine line (see list)")
    snap.add_argument(
        "--camera", default="camera://0", metavar="URL", help="the camera (default camera://0)"
    )
    snap.add_argument(
        "--timeout", type=float, default=5.0, metavar="S", help="wait at most S seconds"
    )
    snap.add_argument("--db", metavar="PATH", help="station database")


def _list(args: argparse.Namespace) -> int:
    from ..core.paths import default_db_path
    from ..core.receiving.store import quarantine_lines
    from ..core.store.database import Store

    store = Store.open_reader(default_db_path(args.db))
    try:
        with store.reading() as conn:
            lines = quarantine_lines(conn, args.limit)
    finally:
        store.close()
    if not lines:
        print("no quarantine lines")
    for reference, scan in lines:
        what = scan.gtin or scan.scan_text
        picture = scan.snapshot_path or "no picture"
        print(f"{scan.id:6}  {reference}  {scan.quarantine}  {what}  qty {scan.qty}  {picture}")
    return 0


def _snapshot(args: argparse.Namespace) -> int:
    from ..core.clock import SystemClock
    from ..core.paths import default_db_path
    from ..core.store.database import Store
    from ..snapshots import attach_snapshot

    store = Store.open(default_db_path(args.db))
    try:
        path = attach_snapshot(
            store, args.line, args.camera, SystemClock().now(), timeout=args.timeout
        )
    except (LookupError, TimeoutError) as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"quarantine line {args.line}: picture {path}")
    return 0


def _run(args: argparse.Namespace) -> int:
    return _list(args) if args.quarantine_action == "list" else _snapshot(args)


COMMANDS = {
    "quarantine": Command(
        "list receiving's quarantine lines, or attach a webcam picture to one", _configure, _run
    )
}
