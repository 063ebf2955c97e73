# SPDX-License-Identifier: Apache-2.0
"""``station central init|import|grant|retire|derive``: set up and feed the central database.

The URL names host, database and role, never a password: the admin's password comes from
libpq's own files (``~/.pgpass``, ``PGPASSFILE``) or certificate login; ``grant`` writes the
new station login's password to a file only its user can read (``--secret-out``), never to
the terminal or a command line.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import Command

IMPORT_KINDS = ("items", "locations", "users", "stock", "receipts", "issues")
RETIRE_KINDS = ("item", "location", "user", "receipt", "issue")


def _url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url", required=True, help="central database URL, e.g. postgresql+psycopg://admin@host/db"
    )


def _configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    p = sub.add_parser("init", help="create or upgrade the central database")
    _url(p)
    p = sub.add_parser("import", help="import master data or opening stock into central")
    p.add_argument("kind", choices=IMPORT_KINDS)
    p.add_argument("file", help="CSV (UTF-8 or GB18030/GBK) or .xlsx, as `station import`")
    _url(p)
    p = sub.add_parser("grant", help="create a least-privilege login for one station")
    _url(p)
    p.add_argument("--station", required=True, metavar="ID", help="the station's id")
    p.add_argument(
        "--secret-out",
        required=True,
        metavar="PATH",
        help="write the login's password here (mode 0600); copy it to the station",
    )
    p = sub.add_parser(
        "derive", help="compute derived data: flag negative central stock with count tasks"
    )
    _url(p)
    p = sub.add_parser("retire", help="retire (tombstone) one master-data record")
    p.add_argument("kind", choices=RETIRE_KINDS)
    p.add_argument("key", help="SKU, location code, badge or order reference")
    _url(p)


def _engine(url: str) -> Any:
    from sync.central_link import open_central

    return open_central(url, timeout_s=None)


def _run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from sync.central_link import redacted

    try:
        engine = _engine(args.url)
    except ValueError as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 2
    try:
        return ACTIONS[args.central_command](engine, args)
    except DBAPIError as exc:
        first = str(exc.orig or exc).strip().splitlines()[0]
        print(f"station: central {redacted(args.url)}: {first}", file=sys.stderr)
        return 4
    except ValueError as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()


def _init(engine: Any, args: argparse.Namespace) -> int:
    from sync.central_init import init_central

    for line in init_central(engine):
        print(line)
    return 0


def _import(engine: Any, args: argparse.Namespace) -> int:
    from station.core.imports import ImportFileError, read_import
    from sync import central_import as ci

    try:
        batch: Any = read_import(args.kind, Path(args.file))
    except ImportFileError as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 2
    now = datetime.now(UTC).astimezone()
    digest = ci.file_hash(Path(args.file).read_bytes())
    with engine.begin() as conn:
        before = ci.already_imported(conn, args.kind, digest)
        if before is not None:
            print(
                f"{args.file}: the same file was imported as {args.kind} on {before[1]} "
                f"(as {before[0]}); nothing changed"
            )
            return 0
        if args.kind == "items":
            count = ci.import_items(conn, batch.records, now)
        elif args.kind == "locations":
            count = ci.import_locations(conn, batch.records, now)
        elif args.kind == "users":
            count = ci.import_users(conn, batch.records, now)
        elif args.kind == "stock":
            count = ci.import_stock(conn, batch.records, now, Path(args.file).name)
        else:
            count = ci.import_orders(conn, args.kind, batch.records, now)
        ci.record_import(
            conn, args.kind, digest, Path(args.file).name, len(batch.records), count, now
        )
    print(f"{args.file}: {len(batch.records)} {args.kind} rows, {count} changes for the stations")
    return 0


def _grant(engine: Any, args: argparse.Namespace) -> int:
    from sync.credentials import write_secret
    from sync.grants import grant_station

    if engine.dialect.name != "postgresql":
        print("station: logins exist only on a PostgreSQL central", file=sys.stderr)
        return 2
    with engine.begin() as conn:
        role, password = grant_station(conn, args.station)
    path = write_secret(Path(args.secret_out), password)
    print(
        f"login {role} for station {args.station} is ready; its password is in {path} "
        "(mode 0600): copy it to the station's credentials file (docs/sync.md)"
    )
    return 0


def _retire(engine: Any, args: argparse.Namespace) -> int:
    from sync.central_import import retire

    with engine.begin() as conn:
        retire(conn, args.kind, args.key, datetime.now(UTC).astimezone())
    print(f"{args.kind} {args.key} retired; stations take it on their next sync")
    return 0


def _derive(engine: Any, args: argparse.Namespace) -> int:
    from sync.central_derive import flag_negative_stock

    with engine.begin() as conn:
        flagged = flag_negative_stock(conn, datetime.now(UTC).astimezone())
    for sku, location, lot in flagged:
        print(f"negative central stock: {sku} at {location}{f' lot {lot}' if lot else ''}")
    print(f"{len(flagged)} new negative balances flagged, each with a count task")
    return 0


ACTIONS = {"derive": _derive, "init": _init, "import": _import, "grant": _grant, "retire": _retire}

COMMANDS = {
    "central": Command("set up and feed the central database (sync)", _configure, _run),
}
