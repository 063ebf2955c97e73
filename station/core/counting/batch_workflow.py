# SPDX-License-Identifier: Apache-2.0
"""Counting from a memory scanner's batch: the ``count_batch`` workflow.

A docked scanner's timestamped lines (or pasted text) are read as the count of a count task's
locations (:mod:`station.core.counting.batches`), previewed, then submitted as that task's
counts; the raw batch is kept in ``count_batches`` either way. It builds on
:class:`station.core.counting.workflow.CountingWorkflow` (the task list and its locations).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..engine.expects import CHOICE, CONFIRM, SCAN, expects
from ..engine.inputs import (
    ACCEPTED,
    PENDING,
    REJECTED,
    InputEvent,
    Scan,
    TextInput,
)
from ..engine.messages import register_messages
from ..engine.workflow import Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.types import to_decimal
from .menu import COUNT_BATCH
from .sessions import (
    TaskInfo,
    add_line,
    cancel_abandoned,
    open_session,
    set_task_status,
    task_by_id,
)
from .state import CountPublic, CountState
from .variances import close_session
from .workflow import CountingWorkflow

register_messages(
    {
        "batch.choose_task": "Batch upload: choose the count task ({count} open).",
        "batch.collect": "{reference}: dock the scanner or paste the batch; DONE when all is in ({records} lines so far).",
        "batch.preview": "Batch understood: {locations} locations, {lines} lines, {errors} problems. DONE submits, CANCEL discards.",
        "batch.empty": "The batch holds no location with items yet.",
        "batch.submitted": "Batch submitted: {locations} locations counted for {reference}.",
        "batch.discarded": "Batch discarded (kept as received).",
    }
)


class CountBatchWorkflow(CountingWorkflow):
    """A memory scanner's batch as the count of a task's locations (see ``batches``).

    Stages: ``task`` (choose), ``collect`` (scans and pasted text are the batch's raw lines),
    ``preview`` (what the station understood: ``preview`` {locations [{code, lines [{sku,
    name, lot_no, qty, ts}]}], errors [{line_no, raw, reason}]}); DONE submits, CANCEL
    discards. Either way the raw batch is kept in ``count_batches``.
    """

    name, title, permission, command, order = COUNT_BATCH.facts()
    takes_raw_scans = True  # a docked memory scanner sends timestamped lines, not barcodes

    def claims(self, ctx: Ctx, meaning: ScanMeaning) -> bool:
        return False

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        ctx.require("count")
        step = self._task_list(ctx, "counting.choose_task")
        if step.switch_to:
            return step
        return Step(ACCEPTED, "batch.choose_task", step.params, step.state, choices=step.choices)

    def _choose_task(self, ctx: Ctx, task: TaskInfo, open_single: bool = False) -> Step:
        step = super()._choose_task(ctx, task, open_single=False)
        if step.outcome == REJECTED or "task" not in step.state:
            return step
        state: CountState = {
            "stage": "collect",
            "task": step.state["task"],
            "locations": self._locations(ctx, task),
            "records": [],
            "device": "",
        }
        return Step(ACCEPTED, "batch.collect", {"reference": task.reference, "records": 0}, state)

    def handle(
        self, ctx: Ctx, state: CountState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        ctx.require("count")
        if state.get("stage") == "task":
            return self._in_task_stage(ctx, state, event, meaning)
        if state.get("stage") != "collect":
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        if isinstance(event, TextInput):
            lines = event.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            device = "file://"
        elif isinstance(event, Scan):
            lines = [event.text]
            device = event.device_url
        else:
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        records = [*state["records"], *lines]
        new: CountState = {**state, "records": records, "device": state.get("device") or device}
        params = {"reference": state["task"]["reference"], "records": len(records)}
        return Step(ACCEPTED, "batch.collect", params, new)

    def command_input(self, ctx: Ctx, state: CountState, command: str) -> Step:
        stage = state.get("stage")
        if stage in (None, "task"):
            return Step(ACCEPTED, "command.done", {}, {}, switch_to="lookup")
        if command == "undo":
            if stage == "collect" and state["records"]:
                return Step(
                    ACCEPTED,
                    "batch.collect",
                    {"reference": state["task"]["reference"], "records": len(state["records"]) - 1},
                    {**state, "records": state["records"][:-1]},
                )
            return Step(REJECTED, "command.nothing_to_undo", {}, state)
        if command == "cancel":
            self._keep_raw(ctx, state, "discarded", {})
            return Step(ACCEPTED, "batch.discarded", {}, {}, switch_to="lookup")
        if stage == "collect":
            return self._preview(ctx, state)
        return self._submit(ctx, state)

    def _preview(self, ctx: Ctx, state: CountState) -> Step:
        from .batches import understand

        allowed = {x["id"]: x["code"] for x in state["locations"]}
        counted = {x["id"] for x in state["locations"] if x["counted"]}
        tz = ctx.now.tzinfo
        assert tz is not None
        preview = understand(
            ctx.conn, state["records"], tz, allowed, counted, state["task"].get("item_id")
        )
        lines = sum(len(x["lines"]) for x in preview["locations"])
        new: CountState = {**state, "stage": "preview", "preview": preview}
        params = {
            "locations": len(preview["locations"]),
            "lines": lines,
            "errors": len(preview["errors"]),
        }
        return Step(PENDING, "batch.preview", params, new)

    def _keep_raw(
        self, ctx: Ctx, state: CountState, status: str, understood: dict[str, Any]
    ) -> int:
        from ..store.events import canonical_json
        from .tables import count_batches

        raw = "\n".join(state.get("records") or []).encode("utf-8", "surrogateescape")
        result = ctx.conn.execute(
            count_batches.insert().values(
                task_id=state["task"]["id"],
                user_id=ctx.user.id,
                device_url=state.get("device") or "",
                raw=raw,
                understood=canonical_json(understood),
                status=status,
                received_at=ctx.now.isoformat(),
            )
        )
        key: Any = result.inserted_primary_key
        return int(key[0])

    def _submit(self, ctx: Ctx, state: CountState) -> Step:
        from ..store.events import utc_iso
        from .sessions import mark_at

        preview = state["preview"]
        if not preview["locations"]:
            return Step(REJECTED, "batch.empty", {}, {**state, "stage": "collect"})
        batch_id = self._keep_raw(ctx, state, "submitted", preview)

        def mark(ts: str | None) -> int | None:
            return mark_at(ctx.conn, utc_iso(datetime.fromisoformat(ts))) if ts else None

        for loc in preview["locations"]:
            cancel_abandoned(ctx.conn, ctx.now, state["task"]["id"], loc["location_id"])
            session_id = open_session(
                ctx.conn,
                ctx.now,
                task_id=state["task"]["id"],
                location_id=loc["location_id"],
                counter_id=ctx.user.id,
                device_url=state.get("device") or "",
                source="batch",
                batch_id=batch_id,
                mark=mark(loc["first_ts"]),
            )
            if not loc["lines"]:
                add_line(
                    ctx.conn,
                    ctx.now,
                    session_id=session_id,
                    item_id=None,
                    lot_id=None,
                    qty=Decimal(0),
                    source="empty",
                    user_id=ctx.user.id,
                    device_url=state.get("device") or "",
                )
            for line in loc["lines"]:
                lot_id = (
                    catalog.lot_id_for(
                        ctx.conn,
                        line["item_id"],
                        line["lot_no"],
                        expiry=date.fromisoformat(line["expiry"]) if line["expiry"] else None,
                    )
                    if line["lot_no"]
                    else None
                )
                add_line(
                    ctx.conn,
                    ctx.now,
                    session_id=session_id,
                    item_id=line["item_id"],
                    lot_id=lot_id,
                    qty=to_decimal(line["qty"]),
                    source="batch",
                    user_id=ctx.user.id,
                    device_url=state.get("device") or "",
                    gtin=line["gtin"],
                    mark=mark(line["ts"]),
                    at=datetime.fromisoformat(line["ts"]) if line["ts"] else None,
                )
            close_session(
                ctx.conn,
                ctx.now,
                session_id,
                ctx.settings,
                ctx.post,
                item_only=state["task"].get("item_id"),
                close_mark=mark(loc["last_ts"]),
            )
        ctx.audit(
            "count.batch_submitted",
            {"task": state["task"]["reference"], "batch": batch_id, "records": preview["records"]},
        )
        task = task_by_id(ctx.conn, state["task"]["id"])
        assert task is not None
        if all(x["counted"] for x in self._locations(ctx, task)):
            from .review import close_task_if_decided

            set_task_status(ctx.conn, task.id, "counted")
            close_task_if_decided(ctx.conn, task.id)
        params = {"locations": len(preview["locations"]), "reference": task.reference}
        return Step(ACCEPTED, "batch.submitted", params, {}, switch_to="lookup")

    def expects(self, state: CountState) -> dict[str, Any]:
        stage = state.get("stage")
        if stage == "task":
            return expects(CHOICE, SCAN)
        if stage == "preview":
            return expects(CONFIRM)
        return expects(SCAN)

    def public_state(self, state: CountState) -> CountPublic:
        public = super().public_state(state)
        if "records" in state:
            public["records"] = len(state["records"])
            public["device"] = state["device"]
        if "preview" in state:
            preview = state["preview"]
            public["preview"] = {
                "records": preview["records"],
                "errors": preview["errors"],
                "locations": [
                    {
                        "code": x["code"],
                        "lines": [
                            {k: v for k, v in line.items() if k != "item_id"} for line in x["lines"]
                        ],
                    }
                    for x in preview["locations"]
                ],
            }
        return public


WORKFLOWS = [CountBatchWorkflow()]
