# SPDX-License-Identifier: Apache-2.0
"""The ``station`` command. Every subcommand has ``--help``; docs/cli.md documents them all
(a test checks that). Errors go to stderr as one clear line; exit codes: 0 ok, 1 the input
was invalid (``parse``), 2 usage or malformed input, 3 the store refused."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .commands import Command, discover

Handler = Callable[[argparse.Namespace], int]


def _err(message: str) -> None:
    print(f"station: {message}", file=sys.stderr)


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="PATH", help="station database (default: $STATION_DB or the user data dir)"
    )


def cmd_run(args: argparse.Namespace) -> int:
    if args.headless:
        from .headless import run_headless

        return run_headless(
            db=args.db, demo=args.demo, devices=args.device or [], idle_exit=args.idle_exit
        )
    from .app import run_window

    return run_window(
        db=args.db,
        demo=args.demo,
        devices=args.device or [],
        self_test=args.self_test,
        screenshot=args.screenshot,
    )


def cmd_init(args: argparse.Namespace) -> int:
    from .core.paths import default_db_path
    from .core.store.database import Store

    path = default_db_path(args.db)
    store = Store.open(path, station_id=args.station_id)
    print(f"station database ready: {path} (station {store.station_id})")
    store.close()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .core.import_apply import import_file
    from .core.paths import default_db_path

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} rows", end="", file=sys.stderr, flush=True)

    report = import_file(default_db_path(args.db), args.kind, Path(args.file), progress=progress)
    print(file=sys.stderr)
    for line in report.lines():
        print(line)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .core.exports import export_balances, export_ledger
    from .core.paths import default_db_path
    from .core.store.database import Store

    store = Store.open(default_db_path(args.db))
    try:
        fn = export_ledger if args.what == "ledger" else export_balances
        count = fn(store, Path(args.file))
    finally:
        store.close()
    print(f"{count} rows written to {args.file}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .core.paths import default_db_path
    from .core.store.database import Store

    store = Store.open(default_db_path(args.db))
    try:
        target = store.backup(Path(args.file))
    finally:
        store.close()
    print(f"backup written to {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .core.backup_restore import restore_backup
    from .core.paths import default_db_path

    result = restore_backup(Path(args.file), default_db_path(args.db))
    print(result)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .core.paths import default_db_path
    from .core.store.database import Store
    from .core.store_check import check_store

    store = Store.open(default_db_path(args.db))
    try:
        report = check_store(store)
    finally:
        store.close()
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def cmd_script(args: argparse.Namespace) -> int:
    from .core.script_runner import ScriptError, parse_script, run_script

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _err(f"{path}: cannot read the script: {exc}")
        return 2
    try:
        steps = parse_script(text, str(path))
    except ScriptError as exc:
        _err(str(exc))
        return 2

    def emit(obj: dict[str, Any]) -> None:
        print(json.dumps(obj, ensure_ascii=False), flush=True)

    run_script(steps, emit, db=Path(args.db) if args.db else None)
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from drivers.gs1 import parse_scan

    text = args.text.replace("<GS>", "\x1d")
    result = parse_scan(text)
    data = result.to_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        if result.error:
            print(f"invalid: {result.error.message}")
        else:
            print(f"{result.symbology or 'unknown symbology'}: GTIN {result.gtin or '-'}")
            for name, value in (result.fields or {}).items():
                print(f"  {name}: {value}")
    return 1 if result.error else 0


def cmd_decode(args: argparse.Namespace) -> int:
    from drivers.decode_files import decode_files

    failed = False
    for obj in decode_files(list(args.files)):
        failed = failed or bool(obj.get("error"))
        if args.json:
            print(json.dumps(obj, ensure_ascii=False), flush=True)
        else:
            texts = ", ".join(c["text"] for c in obj["codes"]) or "(no code)"
            print(f"{obj['file']}: {obj['error'] or texts}")
    return 1 if failed else 0


def cmd_devices(args: argparse.Namespace) -> int:
    from .core.device_test import list_devices_lines, test_device

    if args.test:
        return test_device(args.test, count=args.count, timeout=args.timeout)
    for line in list_devices_lines():
        print(line)
    return 0


COMMANDS: dict[str, tuple[str, Handler]] = {
    "run": ("open the station window", cmd_run),
    "init": ("create or upgrade the station database", cmd_init),
    "import": (
        "import items, locations, users, stock, receipts or issues from CSV/XLSX",
        cmd_import,
    ),
    "export": ("export the ledger or balances to CSV", cmd_export),
    "backup": ("copy the station database to a file", cmd_backup),
    "restore": ("replace the station database with a backup", cmd_restore),
    "verify": ("check the database: integrity, ledger = balances, audit chain", cmd_verify),
    "script": ("run a scan script through the engine, print JSON per line", cmd_script),
    "parse": ("parse a barcode's text (GS1, EAN/UPC) and explain it", cmd_parse),
    "decode": ("decode barcodes in image or video files", cmd_decode),
    "devices": ("list scanners, readers and cameras, or test one", cmd_devices),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="station", description="Warehouse scanning station")
    parser.add_argument("--version", action="version", version=f"station {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parsers = {
        name: sub.add_parser(name, help=text, description=text)
        for name, (text, _) in COMMANDS.items()
    }

    p = parsers["run"]
    p.add_argument(
        "--demo", action="store_true", help="use a fresh demo database with a demo warehouse"
    )
    _db_arg(p)
    p.add_argument(
        "--device",
        action="append",
        metavar="URL",
        help="a scanner, reader or camera URL (repeatable)",
    )
    p.add_argument(
        "--self-test",
        action="store_true",
        help="open the window on the demo warehouse, run a short scan script, exit 0 if it passed",
    )
    p.add_argument(
        "--screenshot", metavar="PNG", help="with --self-test: save the window at the end"
    )
    p.add_argument(
        "--headless",
        action="store_true",
        help="no window: feed the --device scans to the engine, print one JSON line per outcome",
    )
    p.add_argument(
        "--idle-exit",
        type=float,
        default=0.0,
        metavar="S",
        help="with --headless: stop after S seconds without a scan (default: never)",
    )

    p = parsers["init"]
    _db_arg(p)
    p.add_argument("--station-id", help="this station's id (fixed once it has events)")

    p = parsers["import"]
    p.add_argument("kind", choices=["items", "locations", "users", "stock", "receipts", "issues"])
    p.add_argument("file", help="CSV (UTF-8 or GB18030/GBK) or .xlsx")
    _db_arg(p)

    p = parsers["export"]
    p.add_argument("what", choices=["ledger", "balances"])
    p.add_argument("file", help="the CSV file to write")
    _db_arg(p)

    for name in ("backup", "restore"):
        parsers[name].add_argument("file", help="the backup file")
        _db_arg(parsers[name])

    _db_arg(parsers["verify"])

    p = parsers["script"]
    p.add_argument("file", help="the scan script (see docs/scripts.md)")
    _db_arg(p)

    p = parsers["parse"]
    p.add_argument("text", help="the scan; <GS> stands for the GS1 separator (ASCII 29)")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = parsers["decode"]
    p.add_argument("files", nargs="+", help="image or video files")
    p.add_argument("--json", action="store_true", help="print one JSON object per file")

    p = parsers["devices"]
    p.add_argument("--test", metavar="URL", help="open this device and print its next scans")
    p.add_argument("--count", type=int, default=5, help="with --test: how many scans to wait for")
    p.add_argument("--timeout", type=float, default=30.0, help="with --test: seconds to wait")

    for name, command in extra_commands().items():
        p = sub.add_parser(name, help=command.help, description=command.help)
        command.configure(p)
    return parser


def extra_commands() -> dict[str, Command]:
    found = discover()
    clash = set(found) & set(COMMANDS)
    if clash:
        raise ValueError(f"station commands defined twice: {', '.join(sorted(clash))}")
    return found


def all_command_names() -> list[str]:
    return [*COMMANDS, *extra_commands()]


def main(argv: Sequence[str] | None = None) -> int:
    from .core.store.errors import StoreError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    extra = extra_commands()
    try:
        if args.command in extra:
            return extra[args.command].run(args)
        return COMMANDS[args.command][1](args)
    except StoreError as exc:
        _err(str(exc))
        return 3
    except KeyboardInterrupt:
        return 130
    except _user_errors() as exc:
        _err(str(exc))
        return 2


def _user_errors() -> tuple[type[BaseException], ...]:
    from drivers.base import DeviceError

    from .core.backup_restore import RestoreError
    from .core.import_apply import ImportRefused

    return (DeviceError, RestoreError, ImportRefused, FileNotFoundError, PermissionError)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
