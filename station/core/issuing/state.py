# SPDX-License-Identifier: Apache-2.0
"""The issuing workflow's state, as mypy checks it: a plain dict at run time, saved as JSON
with every input and in the order's run (``issue_runs.state``), so a picker logged out in the
middle resumes where they were. docs/workflows/issuing.md documents the public part.
"""

from __future__ import annotations

from typing import Any, Final, Literal, Required, TypedDict

Phase = Literal["choose", "picking", "short_reason", "handover", "checking"]


class IssueUser(TypedDict):
    """The picker, the checker or the checker being asked for their PIN."""

    id: int
    badge: str
    name: str
    role: str


class IssueLocation(TypedDict):
    """Where the picker is picking."""

    id: int
    code: str


class Suggestion(TypedDict):
    """The lot and location the station suggests for a line (FEFO, or FIFO without expiry)."""

    lot: str | None
    lot_id: int | None
    location: str
    location_id: int
    expiry: str | None
    received: str | None
    rule: str


class NotPicked(TypedDict):
    """A line's pick, cleared (a new line, an undone pick, a line sent back)."""

    qty: str
    lot: str | None
    lot_id: int | None
    location: str | None
    location_id: int | None
    short_reason: str | None
    picked_at: str | None


class NotChecked(TypedDict):
    """A line's check, cleared."""

    check_qty: str
    check_lot: str | None
    checked_at: str | None


NOT_PICKED: Final[NotPicked] = {
    "qty": "0",
    "lot": None,
    "lot_id": None,
    "location": None,
    "location_id": None,
    "short_reason": None,
    "picked_at": None,
}
NOT_CHECKED: Final[NotChecked] = {"check_qty": "0", "check_lot": None, "checked_at": None}


class IssueLine(NotPicked, NotChecked):
    """An order line: what was ordered, what the picker took (the keys of ``NotPicked``),
    what the checker found (``NotChecked``, and who confirmed it)."""

    line: int
    item_id: int
    sku: str
    name: str
    unit: str
    ordered: str
    order_lot: str | None
    order_location: str | None
    order_location_id: int | None
    lot_tracked: bool
    suggested: Suggestion | None
    status: str
    checked_by: IssueUser | None
    #: both versions of a line the check sent back to the picker
    returned: dict[str, Any] | None


class IssueState(TypedDict, total=False):
    """``choose`` holds only ``orders``; every other phase holds the run's keys."""

    phase: Required[Phase]
    #: choose: the orders offered, by reference
    orders: list[str]
    run_id: int
    order_id: int
    reference: str
    destination: str
    picker: IssueUser
    checker: IssueUser | None
    #: handover: the checker whose badge was scanned, until their PIN is confirmed
    candidate: IssueUser | None
    round: int
    location: IssueLocation | None
    #: the line being picked or checked
    current: int | None
    awaiting_lot: bool
    short_line: int | None
    #: started, locked, check_started, ... (ISO times)
    times: dict[str, str]
    lines: list[IssueLine]


class PublicUser(TypedDict):
    badge: str
    name: str
    role: str


class IssuePublic(TypedDict, total=False):
    """The documented state object in outcomes (docs/workflows/issuing.md): ``{}`` once the
    run ended, ``phase`` and ``orders`` while choosing, else the rest. Blind while checking:
    ``lines`` then show neither the picker's version nor the suggested lot."""

    phase: Phase
    orders: list[str]
    reference: str
    destination: str
    round: int
    picker: PublicUser
    checker: PublicUser | None
    location: str | None
    current_line: int | None
    awaiting: str
    blind: bool
    lines: list[dict[str, Any]]


def clear_pick(line: IssueLine) -> None:
    """Forget the line's pick (an undo, a line the check sent back)."""
    line["qty"], line["lot"], line["lot_id"] = NOT_PICKED["qty"], None, None
    line["location"], line["location_id"] = None, None
    line["short_reason"], line["picked_at"] = None, None


def clear_check(line: IssueLine) -> None:
    """Forget the line's check (an undo, a check started again)."""
    line["check_qty"], line["check_lot"], line["checked_at"] = NOT_CHECKED["check_qty"], None, None
