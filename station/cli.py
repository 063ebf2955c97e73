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
from typing import Any, cast

from . import __version__
from .commands import Command, discover

Configure = Callable[[argparse.ArgumentParser], None]


class _LazySubcommands(argparse._SubParsersAction):
    """Subparsers whose options are added only for the subcommand that is given, so that
    ``station --help`` and every other command never import what another command needs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending: dict[str, Configure] = {}

    def add_lazy(self, name: str, text: str, configure: Configure) -> None:
        self.add_parser(name, help=text, description=text)
        self.pending[name] = configure

    def configure(self, name: str) -> argparse.ArgumentParser:
        parser = self.choices[name]
        configure = self.pending.pop(name, None)
        if configure is not None:
            configure(parser)
        return parser

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        if values and values[0] in self.pending:
            self.configure(values[0])
        super().__call__(parser, namespace, values, option_string)


def _err(message: str) -> None:
    print(f"station: {message}", file=sys.stderr)


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="PATH", help="station database (default: $STATION_DB or the user data dir)"
    )


def _settings_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--settings",
        metavar="FILE",
        help="the site settings (default: $STATION_SETTINGS or the user's settings.toml)",
    )


def cmd_run(args: argparse.Namespace) -> int:
    settings = Path(args.settings) if args.settings else None
    if args.headless:
        from .headless import run_headless

        return run_headless(
            db=args.db,
            demo=args.demo,
            devices=args.device or [],
            idle_exit=args.idle_exit,
            settings_path=settings,
        )
    from . import collector_pause

    collector_pause.pause()  # resumed by run_window once the window is up
    try:
        from .app import run_window

        return run_window(
            db=args.db,
            demo=args.demo,
            devices=args.device or [],
            self_test=args.self_test,
            screenshot=args.screenshot,
            settings_path=settings,
        )
    finally:
        collector_pause.resume()  # when it returned before the window opened


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

    store = Store.open_reader(default_db_path(args.db))
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

    store = Store.open_reader(default_db_path(args.db))
    try:
        target = store.backup(Path(args.file))
    finally:
        store.close()
    print(f"backup written to {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .core.backup_restore import restore_backup
    from .core.paths import audit_key_path, default_db_path

    result = restore_backup(Path(args.file), default_db_path(args.db), audit_key_path())
    print(result)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .core.paths import audit_key_path, default_db_path
    from .core.store.database import Store
    from .core.store_check import check_store

    store = Store.open_reader(default_db_path(args.db))
    try:
        report = check_store(store, store.anchor_audit(audit_key_path()))
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

    from .core.settings_file import site_settings_or_exit

    site = site_settings_or_exit(Path(args.settings) if args.settings else None)

    def emit(obj: dict[str, Any]) -> None:
        print(json.dumps(obj, ensure_ascii=False), flush=True)

    run_script(steps, emit, db=Path(args.db) if args.db else None, settings=site)
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
    from .device_test import list_devices_lines, test_device

    if args.test:
        return test_device(args.test, count=args.count, timeout=args.timeout)
    for line in list_devices_lines():
        print(line)
    return 0


def _configure_run(p: argparse.ArgumentParser) -> None:
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
    _settings_arg(p)


def _configure_init(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("--station-id", help="this station's id (fixed once it has events)")


def _configure_import(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "kind",
        choices=["items", "locations", "users", "stock", "receipts", "issues", "movements"],
    )
    p.add_argument("file", help="CSV (UTF-8 or GB18030/GBK) or .xlsx")
    _db_arg(p)


def _configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("what", choices=["ledger", "balances"])
    p.add_argument("file", help="the CSV file to write")
    _db_arg(p)


def _configure_backup_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the backup file")
    _db_arg(p)


def _configure_script(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the scan script (see docs/scripts.md)")
    _db_arg(p)
    _settings_arg(p)


def _configure_parse(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", help="the scan; <GS> stands for the GS1 separator (ASCII 29)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def _configure_decode(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", help="image or video files")
    p.add_argument("--json", action="store_true", help="print one JSON object per file")


def _configure_devices(p: argparse.ArgumentParser) -> None:
    p.add_argument("--test", metavar="URL", help="open this device and print its next scans")
    p.add_argument("--count", type=int, default=5, help="with --test: how many scans to wait for")
    p.add_argument("--timeout", type=float, default=30.0, help="with --test: seconds to wait")


COMMANDS: dict[str, Command] = {
    "run": Command("open the station window", _configure_run, cmd_run),
    "init": Command("create or upgrade the station database", _configure_init, cmd_init),
    "import": Command(
        "import items, locations, users, stock, receipts, issues or a movement history from CSV/XLSX",
        _configure_import,
        cmd_import,
    ),
    "export": Command("export the ledger or balances to CSV", _configure_export, cmd_export),
    "backup": Command("copy the station database to a file", _configure_backup_file, cmd_backup),
    "restore": Command(
        "replace the station database with a backup", _configure_backup_file, cmd_restore
    ),
    "verify": Command(
        "check the database: integrity, ledger = balances, audit chain", _db_arg, cmd_verify
    ),
    "script": Command(
        "run a scan script through the engine, print JSON per line", _configure_script, cmd_script
    ),
    "parse": Command(
        "parse a barcode's text (GS1, EAN/UPC) and explain it", _configure_parse, cmd_parse
    ),
    "decode": Command("decode barcodes in image or video files", _configure_decode, cmd_decode),
    "devices": Command(
        "list scanners, readers and cameras, or test one", _configure_devices, cmd_devices
    ),
}


def build_parser(
    *, configure_all: bool = True, commands: dict[str, Command] | None = None
) -> argparse.ArgumentParser:
    """The ``station`` parser. With ``configure_all=False`` each subcommand's options are added
    only when that subcommand is parsed, which is how :func:`main` starts: a command pays only
    for what it uses. ``commands`` (default: all of them) are the subcommands it knows."""
    parser = argparse.ArgumentParser(prog="station", description="Warehouse scanning station")
    parser.add_argument("--version", action="version", version=f"station {__version__}")
    sub = cast(
        _LazySubcommands,
        parser.add_subparsers(dest="command", metavar="COMMAND", action=_LazySubcommands),
    )
    for name, command in (all_commands() if commands is None else commands).items():
        sub.add_lazy(name, command.help, command.configure)
    if configure_all:
        for name in list(sub.pending):
            sub.configure(name)
    return parser


def all_commands() -> dict[str, Command]:
    """The built-in commands, then those of :mod:`station.commands`."""
    found = discover()
    clash = set(found) & set(COMMANDS)
    if clash:
        raise ValueError(f"station commands defined twice: {', '.join(sorted(clash))}")
    return {**COMMANDS, **found}


def all_command_names() -> list[str]:
    return list(all_commands())


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    # A built-in command named first (``station run``, the station's own start) is parsed
    # without finding and importing every other command's module; anything else (no
    # command, an option first, a command of station.commands, a typo) sees them all.
    first = given[0] if given else ""
    commands = {first: COMMANDS[first]} if first in COMMANDS else all_commands()
    parser = build_parser(configure_all=False, commands=commands)
    args = parser.parse_args(given)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return commands[args.command].run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        code = _exit_code(exc)
        if code is None:
            raise
        _err(str(exc))
        return code


def _exit_code(exc: Exception) -> int | None:
    """3 when the store refused, 2 for the errors a person can fix, None for a bug. The error
    classes are imported only when something failed: start-up does not pay for them."""
    from drivers.base import DeviceError

    from .core.backup_restore import RestoreError
    from .core.import_apply import ImportRefused
    from .core.store.errors import StoreError

    if isinstance(exc, StoreError):
        return 3
    if isinstance(
        exc, (DeviceError, RestoreError, ImportRefused, FileNotFoundError, PermissionError)
    ):
        return 2
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
