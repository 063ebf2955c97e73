# SPDX-License-Identifier: Apache-2.0
"""Reports: ``station report KIND ...`` (aging, expiry, slow, abc, variances, ...).

Each feature's ``report`` module (``station/core/<feature>/report.py``, see
:mod:`station.core.features`) exposes ``REPORTS``: a dict of kind -> :class:`ReportKind`;
this package holds what they share (the options, :mod:`.rendering`). ``configure``
adds the kind's own options to its subparser (use :func:`add_common_options` for the shared
ones), ``run`` writes the file and returns an exit code. Kinds are found by :func:`discover`.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import features

FORMATS = ("pdf", "csv", "json")


@dataclass(frozen=True)
class ReportKind:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """--db, --settings, --as-of, --format, --lang and --out, the same for every report."""
    parser.add_argument("--db", metavar="PATH", help="station database")
    parser.add_argument(
        "--settings",
        metavar="FILE",
        help="the site settings (default: $STATION_SETTINGS or the user's settings.toml)",
    )
    parser.add_argument(
        "--as-of", metavar="DATE", help="the report's date (YYYY-MM-DD), default today"
    )
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--lang", choices=("zh", "en"), default="en")
    parser.add_argument("--out", metavar="FILE", required=True)


def site_settings_of(args: argparse.Namespace) -> dict[str, Any]:
    """The site file's values for a report (``--settings`` or the default file), as the
    window uses them; exits 2 with the reason when the file is invalid."""
    from pathlib import Path

    from ..settings_file import site_settings_or_exit

    path = getattr(args, "settings", None)
    return site_settings_or_exit(Path(path) if path else None)


def discover() -> dict[str, ReportKind]:
    found: dict[str, ReportKind] = {}
    for name in features.modules("report"):
        module = importlib.import_module(name)
        for name, kind in getattr(module, "REPORTS", {}).items():
            if name in found:
                raise ValueError(f"report {name!r} defined twice")
            found[name] = kind
    return found
