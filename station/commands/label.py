# SPDX-License-Identifier: Apache-2.0
"""``station label``: render labels to files, print them through the queue, reprint them.

Subcommands (docs/cli/labels.md): ``render`` (no database: nothing is allocated), ``print``,
``reprint``, ``queue``, ``verify`` (read printed labels back), ``pallets`` (ready or not),
``printer`` (per-printer profile) and ``prefix`` (GS1 company prefix
for SSCCs). ``print`` and ``reprint`` store the job first, then try the printer once; a
printer that does not answer leaves the job queued for the station to retry (exit 1).
Errors are one line on stderr; exit 2 for bad data or usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from . import Command

FORMATS = ("pdf", "zpl", "png")


def _err(message: str) -> None:
    print(f"station: {message}", file=sys.stderr)


def load_data(text: str) -> list[dict[str, Any]]:
    """DATA: inline JSON (starting with ``{`` or ``[``) or a path to a JSON file; one label
    object or a list of them. Raises ValueError with the reason."""
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        source, raw = "--data", stripped
    else:
        path = Path(text)
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ValueError(f"{path}: cannot read the data file ({exc.strerror or exc})") from None
        source = str(path)
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{source}: not valid JSON ({exc})") from None
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(i, dict) for i in items):
        raise ValueError(f"{source}: give one JSON object per label, or a list of them")
    return items


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="PATH", help="station database (default: $STATION_DB or the user data dir)"
    )


def _data_args(parser: argparse.ArgumentParser) -> None:
    from labels import TEMPLATES

    parser.add_argument("--template", required=True, choices=list(TEMPLATES))
    parser.add_argument(
        "--data", required=True, metavar="DATA", help="inline JSON ({...} or [...]) or a JSON file"
    )


def _configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="label_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser("render", help="render labels to a PDF, ZPL or PNG file (allocates nothing)")
    _data_args(p)
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument(
        "--dpi",
        type=int,
        choices=(203, 300, 600),
        help="printer resolution (default 203); a PDF given one is drawn in its whole dots",
    )
    p.add_argument("--size", help="label size: 100x50mm, 4x6in, 50x25mm or WxH in mm")

    p = sub.add_parser("check", help="check labels against their GS1 rules (exit 1 if broken)")
    _data_args(p)
    p.add_argument("--dpi", type=int, default=203, choices=(203, 300, 600))
    p.add_argument("--size", help="label size: 100x50mm, 4x6in, 50x25mm or WxH in mm")

    p = sub.add_parser("print", help="queue labels for a printer and print them now if it answers")
    _data_args(p)
    p.add_argument("--printer", required=True, metavar="URL", help="printer URL (docs/devices)")
    p.add_argument("--copies", type=int, default=1)
    _db_arg(p)

    p = sub.add_parser("reprint", help="print an earlier label job again (same data and SSCCs)")
    p.add_argument("job", type=int, metavar="ID")
    p.add_argument("--printer", metavar="URL", help="another printer (default: the job's)")
    p.add_argument("--copies", type=int)
    _db_arg(p)

    p = sub.add_parser("queue", help="list label jobs; --run tries the queued ones now")
    p.add_argument("--run", action="store_true", help="try every queued job now")
    p.add_argument("--json", action="store_true", help="one JSON object per job")
    p.add_argument("--limit", type=int, default=20)
    _db_arg(p)

    p = sub.add_parser("verify", help="read printed labels back with a scanner or camera")
    p.add_argument("--reader", required=True, metavar="URL", help="scanner or camera:// URL")
    p.add_argument("--job", type=int, metavar="ID", help="only this job's labels")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds to wait (default 10)")
    p.add_argument("--px-per-mm", type=float, help="the camera image's scale, to measure X in mm")
    _db_arg(p)
    p = sub.add_parser("pallets", help="list printed pallet labels and whether each is ready")
    p.add_argument("--json", action="store_true", help="one JSON object per pallet")
    p.add_argument("--limit", type=int, default=50)
    _db_arg(p)
    p = sub.add_parser("printer", help="show or set a printer's label size, margins and offset")
    p.add_argument("url", metavar="URL")
    p.add_argument("--size", help="stock loaded: 100x50mm, 4x6in, 50x25mm or WxH in mm")
    p.add_argument("--margins", metavar="T,R,B,L", help="blank margins in mm")
    p.add_argument("--offset", metavar="X,Y", help="calibration shift in mm (+ = right, down)")
    _db_arg(p)

    p = sub.add_parser("prefix", help="set the GS1 company prefix used for new SSCCs")
    p.add_argument("prefix", metavar="PREFIX", help="GS1 company prefix, 6-12 digits")
    p.add_argument("--extension", type=int, default=0, help="SSCC extension digit 0-9")
    _db_arg(p)


def _render(args: argparse.Namespace) -> int:
    from labels import PrinterProfile, build_for_printer, parse_size, render_pdf, render_zpl
    from labels.data_json import data_from_json
    from labels.png import render_png

    profile = PrinterProfile(size=parse_size(args.size) if args.size else None)
    specs = []
    for obj in load_data(args.data):
        specs.extend(build_for_printer(args.template, data_from_json(args.template, obj), profile))
    out = Path(args.out)
    dpi = args.dpi or 203
    if args.format == "pdf":
        render_pdf(specs, out, dpi=args.dpi)  # exact mm unless a printer's dpi is given
        written = [out]
    elif args.format == "zpl":
        out.write_text(render_zpl(specs, dpi), encoding="ascii")
        written = [out]
    else:
        written = [out] if len(specs) == 1 else [
            out.with_name(f"{out.stem}-{i}{out.suffix or '.png'}") for i in range(1, len(specs) + 1)
        ]  # fmt: skip
        for spec, path in zip(specs, written, strict=True):
            render_png(spec, path, dpi=dpi)
    print(f"{len(specs)} label(s) written to {', '.join(str(p) for p in written)}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from labels import PrinterProfile, build_for_printer, parse_size
    from labels.data_json import data_from_json
    from labels.label_check import check_label

    profile = PrinterProfile(size=parse_size(args.size) if args.size else None)
    broken = 0
    for obj in load_data(args.data):
        for spec in build_for_printer(args.template, data_from_json(args.template, obj), profile):
            for result in check_label(spec, args.dpi):
                print(result)
                broken += not result.passed
    print(f"{broken} rule(s) broken" if broken else "every rule passed")
    return 1 if broken else 0


def _open_store(args: argparse.Namespace) -> Any:
    from ..core.paths import default_db_path
    from ..core.store.database import Store

    return Store.open(default_db_path(args.db))


def _try_now(store: Any, job: Any) -> int:
    from ..core.label_printing.queue import deliver

    after = deliver(store, job)
    if after.status == "printed":
        print(f"job {after.id}: printed {len(after.data)} label(s) x {after.copies} on "
              f"{after.printer_url}")  # fmt: skip
        for sscc in after.ssccs:
            print(f"  SSCC {sscc}")
        return 0
    print(f"job {after.id} queued, not printed yet: {after.last_error}")
    print("  the station retries it; `station label queue --run` tries again now")
    return 1


def _print(args: argparse.Namespace) -> int:
    from ..core.label_printing.queue import queue_labels

    data = load_data(args.data)
    store = _open_store(args)
    try:
        job = queue_labels(
            store, args.template, data, args.printer, copies=args.copies, source="cli"
        )
        return _try_now(store, job)
    finally:
        store.close()


def _reprint(args: argparse.Namespace) -> int:
    from ..core.label_printing.queue import reprint

    store = _open_store(args)
    try:
        job = reprint(store, args.job, printer_url=args.printer, copies=args.copies)
        print(f"job {job.id} is a reprint of job {args.job}")
        return _try_now(store, job)
    finally:
        store.close()


def _queue(args: argparse.Namespace) -> int:
    from ..core.label_printing.queue import deliver, list_jobs
    from ..core.label_printing.verification import checks_of_job

    store = _open_store(args)
    try:
        code = 0
        if args.run:
            for job in reversed(list_jobs(store, status="queued", limit=10_000)):
                after = deliver(store, job)
                code = code or (0 if after.status == "printed" else 1)
        for job in list_jobs(store, limit=args.limit):
            with store.reading() as conn:
                checks = checks_of_job(conn, job.id)
            if args.json:
                found = [c.to_json() for c in checks]
                print(json.dumps({**job.to_json(), "checks": found}, ensure_ascii=False))
            else:
                note = f"  ({job.last_error})" if job.last_error and job.status != "printed" else ""
                if checks:
                    states = Counter(c.status for c in checks)
                    note += "  read back: " + ", ".join(
                        f"{n} {s}" for s, n in sorted(states.items())
                    )
                print(f"{job.id:>6} {job.status:8} {job.template:13} x{len(job.data) * job.copies:<4}"
                      f" {job.printer_url}{note}")  # fmt: skip
        return code
    finally:
        store.close()


def _verify(args: argparse.Namespace) -> int:
    from drivers.base import DeviceError

    from ..label_readback import read_back

    store = _open_store(args)
    try:
        try:
            verdicts = read_back(
                store,
                args.reader,
                job_id=args.job,
                timeout_s=args.timeout,
                px_per_mm=args.px_per_mm,
            )
        except DeviceError as exc:
            _err(f"{args.reader}: {exc}")
            return 2
        for v in verdicts:
            if v.check is None:
                continue
            grade = (v.check.grade or {}).get("verdict", "")
            shown = f" (grade: {grade})" if grade else ""
            print(f"job {v.check.job_id} label {v.check.label_no}: {v.status}: read {v.read}, "
                  f"printed {v.check.expected}{shown}")  # fmt: skip
            for rule in (v.check.grade or {}).get("checks", []) if v.status != "pending" else []:
                print(f"  {rule['result']:12} {rule['rule']}: {rule['measured']} "
                      f"(required {rule['required']})")  # fmt: skip
        done = [v for v in verdicts if v.check is not None and v.status != "pending"]
        if not verdicts:
            print("no label was read back")
        return 0 if done and all(v.status == "verified" for v in done) else 1
    finally:
        store.close()


def _pallets(args: argparse.Namespace) -> int:
    from ..core.label_printing.verification import pallet_statuses

    store = _open_store(args)
    try:
        for sscc, status in pallet_statuses(store)[: args.limit]:
            if args.json:
                print(json.dumps({"sscc": sscc, "status": status}))
            else:
                print(f"{sscc}  {status}")
        return 0
    finally:
        store.close()


def _pair(text: str, count: int, what: str) -> tuple[float, ...]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != count:
        raise ValueError(f"{what} needs {count} comma-separated numbers (mm), got {text!r}")
    return values


def _printer(args: argparse.Namespace) -> int:
    import dataclasses

    from labels import parse_size

    from ..core.label_printing.queue import printer_profile, set_printer_profile

    store = _open_store(args)
    try:
        profile = printer_profile(store, args.url)
        changes: dict[str, Any] = {}
        if args.size:
            changes["size"] = parse_size(args.size)
        if args.margins:
            changes["margins"] = _pair(args.margins, 4, "--margins")
        if args.offset:
            changes["offset_x"], changes["offset_y"] = _pair(args.offset, 2, "--offset")
        if changes:
            profile = dataclasses.replace(profile, **changes)
            set_printer_profile(store, args.url, profile)
        print(json.dumps({"printer": args.url, **profile.to_json()}, ensure_ascii=False))
        return 0
    finally:
        store.close()


def _prefix(args: argparse.Namespace) -> int:
    from ..core.label_printing.queue import set_company_prefix

    store = _open_store(args)
    try:
        set_company_prefix(store, args.prefix, args.extension)
        print(f"new SSCCs: extension {args.extension}, company prefix {args.prefix}")
        return 0
    finally:
        store.close()


HANDLERS = {
    "render": _render,
    "print": _print,
    "reprint": _reprint,
    "queue": _queue,
    "printer": _printer,
    "check": _check,
    "verify": _verify,
    "pallets": _pallets,
    "prefix": _prefix,
}


def _run(args: argparse.Namespace) -> int:
    from labels import LabelError, PrinterError

    from ..core.label_printing.queue import LabelSetupError

    try:
        return HANDLERS[args.label_command](args)
    except (LabelError, PrinterError, LabelSetupError, ValueError) as exc:
        _err(str(exc))
        return 2


COMMANDS = {"label": Command("render, print and reprint labels", _configure, _run)}
