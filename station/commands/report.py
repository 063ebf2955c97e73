# SPDX-License-Identifier: Apache-2.0
"""``station report KIND``: the report kinds of ``station.core.reports``."""

from __future__ import annotations

import argparse

from . import Command


def _configure(parser: argparse.ArgumentParser) -> None:
    from ..core.reports import discover

    kinds = parser.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    for name, kind in discover().items():
        kind.configure(kinds.add_parser(name, help=kind.help, description=kind.help))


def _run(args: argparse.Namespace) -> int:
    from ..core.reports import discover

    return discover()[args.report_kind].run(args)


COMMANDS = {"report": Command("write a report (PDF, CSV or JSON)", _configure, _run)}
