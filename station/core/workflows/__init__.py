# SPDX-License-Identifier: Apache-2.0
"""The station's workflows beyond lookup, one module each (receiving, issue, counting, ...).

Each module exposes ``WORKFLOWS``: a list of workflow objects (see
``station.core.engine.workflow.BaseWorkflow``). :func:`discover` finds them all, so adding a
workflow never means editing the engine.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from typing import Any

log = logging.getLogger(__name__)


def discover() -> list[Any]:
    """Every workflow object of every module in this package, ordered by ``order``.

    A module that fails to import is logged as an error and left out, so one broken workflow
    never stops the station from scanning (tests import every module and fail loudly).
    """
    found: list[Any] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        try:
            module = importlib.import_module(f"{__name__}.{info.name}")
        except Exception:
            log.exception("workflow module %s cannot be loaded; it is left out", info.name)
            continue
        found.extend(getattr(module, "WORKFLOWS", []))
    return sorted(found, key=lambda wf: (wf.order, wf.name))
