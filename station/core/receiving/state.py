# SPDX-License-Identifier: Apache-2.0
"""The receive workflow's state, as mypy checks it: a plain dict at run time, saved as JSON
with every input (docs/workflows/receiving.md documents it; keys starting with ``_`` are
kept, not shown)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Required, TypedDict

Stage = Literal["choose", "blind_supplier", "blind_reference", "items", "over_approval", "done"]


def line_status(expected: Decimal | None, received: Decimal) -> str:
    """``blind`` (nothing expected), ``open`` (nothing yet), ``short``, ``complete``, ``over``."""
    if expected is None:
        return "blind"
    if received == 0 and expected > 0:
        return "open"
    if received < expected:
        return "short"
    return "complete" if received == expected else "over"


class ViewLine(TypedDict):
    """A tally line on view."""

    line: int
    sku: str
    name: str
    unit: str
    expected: str | None
    received: str
    status: str
    lot: str | None


class ReceiveState(TypedDict, total=False):
    stage: Required[Stage]
    #: choose: the receipts offered, by reference
    _choices: list[str]
    #: the session (from items on)
    _session: int
    reference: str
    supplier: str
    blind: bool
    location: str | None
    _location_id: int | None
    #: a quantity typed before the next item scan
    next_qty: str | None
    lines: list[ViewLine]
    lines_total: int
    #: lines by status, and lines, quarantined, flagged, scans
    summary: dict[str, int]
    last: dict[str, Any] | None
    quarantine: list[dict[str, Any]]
    flagged: list[dict[str, Any]]
    #: how the scan being counted got its quantity (for ``last``; not kept)
    _qty_source: str
    #: over_approval: what waits for a supervisor, the scan held, the approver
    pending_over: dict[str, Any]
    _pending: dict[str, Any]
    approver: dict[str, Any] | None
    #: done: what was posted against what was expected
    discrepancies: dict[str, Any]
    #: as saved: where the view of lines starts (the lines are read again on restart)
    _view_from: int
