# SPDX-License-Identifier: Apache-2.0
"""More ``station`` subcommands, one module per area (``central``, ``report``, ``label`` ...).

Each module exposes ``COMMANDS``: a dict of name -> :class:`Command`. The CLI finds them all,
so adding a command never means editing ``station/cli.py``; docs/cli.md must document each
(a test checks).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Callable

from msgspec import Struct


class Command(Struct, frozen=True):
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def discover() -> dict[str, Command]:
    found: dict[str, Command] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, command in getattr(module, "COMMANDS", {}).items():
            if name in found:
                raise ValueError(f"station command {name!r} defined twice")
            found[name] = command
    return found
