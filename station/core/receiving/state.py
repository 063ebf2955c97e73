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


class ReceivePublic(TypedDict, total=False):
    """The documented state object in outcomes (docs/workflows/receiving.md): the state
    without its ``_`` keys, in the order the state gains them. ``{}`` once the run ended;
    ``stage`` alone while choosing or asking the blind supplier, then ``supplier``; from
    ``items`` on every key up to ``flagged``; ``pending_over`` and ``approver`` while an
    over-receipt waits; ``discrepancies`` once done."""

    stage: Stage
    reference: str
    supplier: str
    blind: bool
    location: str | None
    next_qty: str | None
    lines: list[ViewLine]
    lines_total: int
    summary: dict[str, int]
    last: dict[str, Any] | None
    quarantine: list[dict[str, Any]]
    flagged: list[dict[str, Any]]
    pending_over: dict[str, Any]
    approver: dict[str, Any] | None
    discrepancies: dict[str, Any]


def public_view(state: ReceiveState) -> ReceivePublic:
    """What outcomes show of the state (:class:`ReceivePublic`)."""
    stage = state.get("stage")
    if stage is None:
        return {}
    if stage in ("choose", "blind_supplier"):
        return {"stage": stage}
    if stage == "blind_reference":
        return {"stage": stage, "supplier": state["supplier"]}
    public: ReceivePublic = {
        "stage": stage,
        "reference": state["reference"],
        "supplier": state["supplier"],
        "blind": state["blind"],
        "location": state["location"],
        "next_qty": state["next_qty"],
        "lines": state["lines"],
        "lines_total": state["lines_total"],
        "summary": state["summary"],
        "last": state.get("last"),
        "quarantine": state["quarantine"],
        "flagged": state["flagged"],
    }
    if stage == "over_approval":
        public["pending_over"] = state["pending_over"]
        public["approver"] = state.get("approver")
    if stage == "done":
        public["discrepancies"] = state["discrepancies"]
    return public
