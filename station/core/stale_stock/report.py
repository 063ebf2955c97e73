# SPDX-License-Identifier: Apache-2.0
"""Report kinds ``aging``, ``expiry``, ``slow`` and ``abc`` (docs/stale-stock.md, docs/cli/reports.md).

Each kind reads a snapshot as of ``--as-of`` (default today, station time), narrowed by
``--category``, ``--warehouse``, ``--zone``, ``--location`` and ``--owner``, and writes:

* CSV: one row per line, the documented field names as the header (the same in both
  languages, so files compare across stations);
* JSON: ``{"report", "as_of", "currency", "filters", "settings", "summary", "lines"}``, money
  and quantities as decimal strings;
* PDF: a summary with a bar chart, breakdowns and the lines (at most :data:`PDF_MAX_LINES`;
  the CSV and JSON always have them all), in English or Chinese (``--lang``).

``abc --write`` also stores the classes in ``items.abc_class``. Exit codes: 0 written, 2 bad
arguments (message on stderr); database errors propagate.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from ..paths import default_db_path
from ..reports import ReportKind, add_common_options, site_settings_of
from ..reports.rendering import write_csv, write_json, write_pdf
from ..store.database import Store
from .alerts import today_in
from .config import StaleSettings, load_stale_settings
from .cuts import Cut
from .report_builds import (
    Built,
    build_abc,
    build_aging,
    build_expiry,
    build_slow,
    settings_json,
    tr,
)


def _configure(days: bool, write: bool = False) -> Callable[[argparse.ArgumentParser], None]:
    def configure(parser: argparse.ArgumentParser) -> None:
        add_common_options(parser)
        if days:
            parser.add_argument("--days", type=int, metavar="N", help="threshold in days")
        for name in ("category", "warehouse", "zone", "location", "owner"):
            parser.add_argument(f"--{name}", metavar=name.upper(), help=f"only this {name}")
        if write:
            parser.add_argument(
                "--write", action="store_true", help="store the classes in the items"
            )

    return configure


def _cut(args: argparse.Namespace) -> Cut:
    return Cut(
        category=args.category,
        warehouse=args.warehouse,
        zone=args.zone,
        location=args.location,
        owner=args.owner,
    )


def _run(kind: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            as_of = date.fromisoformat(args.as_of) if args.as_of else None
        except ValueError:
            print(f"station report: --as-of {args.as_of!r} is not YYYY-MM-DD", file=sys.stderr)
            return 2
        if getattr(args, "days", None) is not None and args.days < 0:
            print("station report: --days must be 0 or more", file=sys.stderr)
            return 2
        site = site_settings_of(args)
        write = bool(getattr(args, "write", False))
        db = default_db_path(args.db)
        store = Store.open(db) if write else Store.open_reader(db)
        try:
            ctx = store.transaction() if write else store.reading()
            with ctx as conn:
                settings = load_stale_settings(conn, site)
                day = as_of or today_in(settings)
                built = BUILDERS[kind](conn, day, settings, _cut(args), args)
        finally:
            store.close()
        emit(kind, built, day, settings, _cut(args), args.format, args.lang, args.out)
        return 0

    return run


def emit(
    kind: str,
    built: Built,
    as_of: date,
    settings: StaleSettings,
    cut: Cut,
    fmt: str,
    lang: str,
    out: str,
) -> None:
    """Write ``built`` as ``fmt`` (pdf, csv or json) to ``out``."""
    if fmt == "csv":
        write_csv(out, built.fields, built.lines)
        return
    if fmt == "json":
        write_json(
            out,
            {
                "report": kind,
                "as_of": as_of,
                "currency": settings.currency,
                "filters": cut.describe(),
                "settings": settings_json(settings),
                "summary": built.summary,
                **built.extra,
                "lines": [dict(zip(built.fields, row, strict=True)) for row in built.lines],
            },
        )
        return
    filters = ", ".join(f"{k}={v}" for k, v in cut.describe().items()) or tr("all", lang)
    subtitle = (
        f"{tr('as_of', lang)} {as_of.isoformat()} · {tr('filters', lang)}: {filters} · "
        f"{settings.currency}"
    )
    write_pdf(out, built.title, built.sections, lang, subtitle=subtitle, wide=True)


Builder = Callable[[Any, date, StaleSettings, Cut, Any], Built]

BUILDERS: dict[str, Builder] = {
    "aging": build_aging,
    "expiry": build_expiry,
    "slow": build_slow,
    "abc": build_abc,
}

REPORTS = {
    "aging": ReportKind(
        "stock by age since receipt, in buckets, with value at cost (--days: stale after N "
        "idle days)",
        _configure(days=True),
        _run("aging"),
    ),
    "expiry": ReportKind(
        "expired and near-expiry lots (--days: the window)", _configure(days=True), _run("expiry")
    ),
    "slow": ReportKind(
        "slow-moving and dead stock (--days: no issue for N days)",
        _configure(days=True),
        _run("slow"),
    ),
    "abc": ReportKind(
        "ABC classes by annual consumption value (--write: store them in the items)",
        _configure(days=False, write=True),
        _run("abc"),
    ),
}
