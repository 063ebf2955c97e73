# SPDX-License-Identifier: Apache-2.0
"""Workflow panels: what the scan screen shows below the message for each workflow.

Each module exposes ``PANELS``: a dict of workflow name -> a QWidget subclass, built with no
arguments, with ``show_outcome(outcome)``. A panel renders the outcome's documented state
and nothing else (it never reads the store). Found by :func:`discover`; a workflow without a
panel gets the default stock table.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def discover() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.update(getattr(module, "PANELS", {}))
    return found
