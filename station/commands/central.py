# SPDX-License-Identifier: Apache-2.0
"""``station central init|import|grant|enrol|retire|derive|web|web-grant|web-user|notify``: set up
and feed the central database, and serve the web view for stale-stock owners (docs/central_web.md).

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
        "derive",
        help="compute derived data: negative central stock (count tasks), stale-stock tasks",
    )
    _url(p)
    p = sub.add_parser("web", help="serve the web view for stale-stock owners and managers")
    _url(p)
    p.add_argument("--listen", default="127.0.0.1:8080", metavar="HOST:PORT")
    p.add_argument(
        "--password-file", metavar="PATH", help="the web role's password (from `web-grant`)"
    )
    p.add_argument(
        "--session-key-file",
        metavar="PATH",
        help="the key that signs session cookies (made, mode 0600, when missing)",
    )
    p.add_argument(
        "--plain-http",
        action="store_true",
        help="cookies without the Secure flag (only for trying it on one machine without TLS)",
    )
    p = sub.add_parser("web-grant", help="create the web view's least-privilege database login")
    _url(p)
    p.add_argument("--role", default="central_web", help="the database role (central_web)")
    p.add_argument("--secret-out", required=True, metavar="PATH", help="write its password here")
    p = sub.add_parser("web-user", help="create or update a web user (owner, manager, admin)")
    _url(p)
    p.add_argument("--login", required=True)
    p.add_argument("--name", required=True, help="shown name; an owner's items name it as owner")
    p.add_argument("--role", required=True, choices=("owner", "manager", "admin"))
    p.add_argument("--password-file", required=True, metavar="PATH", help="the user's password")
    p.add_argument("--owner-name", help="the items' owner this user answers for (default: name)")
    p.add_argument("--warehouse", action="append", default=[], help="a manager's warehouse")
    p.add_argument("--lang", default="en", choices=("en", "zh"))
    p.add_argument("--email", default="")
    p = sub.add_parser("notify", help="send today's stale-stock digests (e-mail, group robots)")
    _url(p)
    p.add_argument("--settings", required=True, metavar="PATH", help="notification settings (TOML)")
    p.add_argument("--link", default="", help="the web view's address, named in each digest")
    p = sub.add_parser(
        "enrol", help="a one-time enrolment code for a supervisor's or admin's first PIN"
    )
    p.add_argument("--badge", required=True, help="the supervisor's or admin's badge")
    p.add_argument(
        "--hours", type=float, default=24.0, help="how long the code is valid (24, at most 168)"
    )
    _url(p)
    p = sub.add_parser("retire", help="retire (tombstone) one master-data record")
    p.add_argument("kind", choices=RETIRE_KINDS)
    p.add_argument("key", help="SKU, location code, badge or order reference")
    _url(p)


def _engine(url: str, password: str | None = None) -> Any:
    from sync.central_link import open_central

    return open_central(url, password, timeout_s=None)


def _run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from sync.central_link import redacted
    from sync.credentials import CredentialsError

    try:
        password = None
        if args.central_command == "web" and args.password_file:
            from sync.credentials import read_secret

            password = read_secret(Path(args.password_file), required=True)
        engine = _engine(args.url, password)
    except (ValueError, CredentialsError) as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 2
    try:
        return ACTIONS[args.central_command](engine, args)
    except DBAPIError as exc:
        first = str(exc.orig or exc).strip().splitlines()[0]
        print(f"station: central {redacted(args.url)}: {first}", file=sys.stderr)
        return 4
    except (ValueError, CredentialsError) as exc:
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


def _enrol(engine: Any, args: argparse.Namespace) -> int:
    from station.core.store.enrolments import shown
    from sync.badges import issue_enrolment

    with engine.begin() as conn:
        code, expires, name, role = issue_enrolment(
            conn, args.badge, datetime.now(UTC).astimezone(), args.hours
        )
    print(
        f"enrolment code for {name} ({role}, badge {args.badge}): {shown(code)}, valid until "
        f"{expires:%Y-%m-%d %H:%M %Z}. Once a station has synced, they scan their badge there, "
        "enter the code and choose their PIN; the code works once, and earlier codes of this "
        "badge no longer work."
    )
    return 0


def _derive(engine: Any, args: argparse.Namespace) -> int:
    from central_web.tasks import derive_web
    from sync.central_derive import flag_negative_stock

    now = datetime.now(UTC).astimezone()
    with engine.begin() as conn:
        flagged = flag_negative_stock(conn, now)
    raised = derive_web(engine, now)
    for sku, location, lot in flagged:
        print(f"negative central stock: {sku} at {location}{f' lot {lot}' if lot else ''}")
    print(f"{len(flagged)} new negative balances flagged, each with a count task")
    print(f"{len(raised)} new stale-stock tasks for their owners (station central web)")
    return 0


def _web(engine: Any, args: argparse.Namespace) -> int:
    from central_web.serve import serve

    if engine.dialect.name != "postgresql":
        print("station: the web view runs on a PostgreSQL central only", file=sys.stderr)
        return 2
    return serve(
        engine,
        args.listen,
        Path(args.session_key_file) if args.session_key_file else None,
        secure_cookies=not args.plain_http,
    )


def _web_grant(engine: Any, args: argparse.Namespace) -> int:
    from central_web.accounts import grant_web
    from sync.credentials import write_secret

    with engine.begin() as conn:
        role, password = grant_web(conn, args.role)
    path = write_secret(Path(args.secret_out), password)
    print(f"login {role} for the web view is ready; its password is in {path} (mode 0600)")
    return 0


def _web_user(engine: Any, args: argparse.Namespace) -> int:
    from central_web.accounts import add_user
    from sync.credentials import read_secret

    password = read_secret(Path(args.password_file), required=True)
    assert password is not None
    with engine.begin() as conn:
        add_user(
            conn,
            args.login,
            args.name,
            args.role,
            password,
            owner_name=args.owner_name,
            warehouses=args.warehouse,
            lang=args.lang,
            email=args.email,
        )
    print(f"web user {args.login} ({args.role}) is ready")
    return 0


def _notify(engine: Any, args: argparse.Namespace) -> int:
    from central_web.notify.run import notify
    from central_web.notify.settings import load_settings

    settings = load_settings(Path(args.settings))
    lines = notify(engine, settings, datetime.now(UTC).astimezone().date(), args.link)
    for line in lines:
        print(line)
    return 1 if any(": failed" in line for line in lines) else 0


ACTIONS = {
    "notify": _notify,
    "derive": _derive,
    "enrol": _enrol,
    "init": _init,
    "import": _import,
    "grant": _grant,
    "retire": _retire,
    "web": _web,
    "web-grant": _web_grant,
    "web-user": _web_user,
}

COMMANDS = {
    "central": Command("set up and feed the central database (sync)", _configure, _run),
}
