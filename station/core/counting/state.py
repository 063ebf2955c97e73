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
