# SPDX-License-Identifier: Apache-2.0
"""The station's workflows beyond lookup, one module each (receiving, issue, counting, ...).

Each module exposes ``WORKFLOWS``: a list of workflow objects (see
``station.core.engine.workflow.BaseWorkflow``). :func:`discover` finds them all, so adding a
workflow never means editing the engine.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def discover() -> list[Any]:
    """Every workflow object of every module in this package, ordered by ``order``."""
    found: list[Any] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.extend(getattr(module, "WORKFLOWS", []))
    return sorted(found, key=lambda wf: (wf.order, wf.name))
