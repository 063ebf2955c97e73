# SPDX-License-Identifier: Apache-2.0
"""The counting workflows' state, as mypy checks it: plain dicts at run time, saved as JSON
with every input (docs/workflows/counting.md documents them).

``CountState`` serves the count (``counting``) and the scanner batch (``count_batch``, which
shares the count's task stage and adds ``records``, ``device`` and ``preview``);
``ReviewState`` serves the supervisor's variance review.
"""

from __future__ import annotations

from typing import Any, Literal, Required, TypedDict


class CountLocation(TypedDict):
    """A location of the task, and whether it is counted."""

    id: int
    code: str
    counted: bool


class CountLast(TypedDict):
    """The last line counted (a typed quantity replaces its count, in ``pack``s)."""

    line_id: int
    sku: str
    name: str
    lot: str | None
    qty: str
    pack: str


class CountState(TypedDict, total=False):
    stage: Required[Literal["task", "location", "counting", "confirm_empty", "collect", "preview"]]
    #: task: the open tasks offered
    tasks: list[dict[str, Any]]
    #: the chosen task (``public_task``) and its locations
    task: dict[str, Any]
    locations: list[CountLocation]
    #: counting: the location's count session
    session_id: int
    location: str
    location_id: int
    counted: list[dict[str, Any]]
    last: CountLast | None
    rfid: dict[str, int] | None
    #: count_batch: the batch's raw lines, the scanner's URL, what the station understood
    records: list[str]
    device: str
    preview: dict[str, Any]


class ReviewState(TypedDict, total=False):
    """``stage`` is ``list`` when absent (the state the review starts from)."""

    stage: Literal["list", "decide", "reason", "accuracy"]
    filters: dict[str, str]
    rows: list[dict[str, Any]]
    selected: dict[str, Any] | None
    comment: str
    reasons: list[str]
    last_decision: dict[str, Any]
    accuracy: dict[str, Any]


class ShownTask(TypedDict):
    """The chosen task as outcomes show it: no ids."""

    reference: str
    scope: str
    reason: str
    item: str | None
    recount: bool


class ShownLocation(TypedDict):
    code: str
    counted: bool


class ShownLast(TypedDict):
    sku: str
    name: str
    lot: str | None
    qty: str
    pack: str


class CountPublic(TypedDict, total=False):
    """What outcomes show of a count (docs/workflows/counting.md), blind: no ids, never a
    book quantity; for the scanner batch, ``records`` is how many lines it holds and
    ``preview`` what the station understood, without item ids."""

    stage: Literal["task", "location", "counting", "confirm_empty", "collect", "preview"]
    tasks: list[dict[str, Any]]
    task: ShownTask
    locations: list[ShownLocation]
    location: str
    counted: list[dict[str, Any]]
    last: ShownLast | None
    rfid: dict[str, int] | None
    records: int
    device: str
    preview: dict[str, Any]


def count_public(state: CountState) -> CountPublic:
    """The count's state as outcomes show it (:class:`CountPublic`), in the order the state
    gains its keys; the batch's own keys are the batch workflow's to add."""
    stage = state.get("stage")
    if stage is None:
        return {}
    if stage == "task":
        return {"stage": stage, "tasks": state["tasks"]}
    task = state["task"]
    public: CountPublic = {
        "stage": stage,
        "task": {
            "reference": task["reference"],
            "scope": task["scope"],
            "reason": task["reason"],
            "item": task["item"],
            "recount": task["recount"],
        },
        "locations": [{"code": x["code"], "counted": x["counted"]} for x in state["locations"]],
    }
    if stage in ("counting", "confirm_empty"):
        last = state.get("last")
        public["location"] = state["location"]
        public["counted"] = state["counted"]
        public["last"] = (
            {
                "sku": last["sku"],
                "name": last["name"],
                "lot": last["lot"],
                "qty": last["qty"],
                "pack": last["pack"],
            }
            if last
            else last
        )
        public["rfid"] = state.get("rfid")
    return public
