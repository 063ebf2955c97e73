# SPDX-License-Identifier: Apache-2.0
"""A quantity above its unit's site ceiling, held for a supervisor: the engine's link between
the quantity rules (:mod:`.quantities`) and the input that carried the quantity.

The input is kept in the engine's state (so a restart keeps it too), a supervisor's badge and
then their PIN are asked for, and the input is replayed exactly as it came with that one
quantity approved (``Ctx.approved_qty``). Every change is to the engine's state and the store
within the input's transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from ..scan_meaning import ScanMeaning, interpret
from ..store import catalog
from ..store.events import append_audit
from . import quantities
from .inputs import ACCEPTED, PENDING, REJECTED, InputEvent, Qty, Scan
from .permissions import allowed, pin_enrolled
from .state import HOME, EngineState, Result
from .workflow import SessionUser


class QuantityApprovals:
    """The approval steps of :class:`~station.core.engine.session.Engine`, which sets these."""

    state: EngineState
    _approved_qty: Decimal | None

    #: the engine's dispatch of an input while somebody is logged in (replays call it)
    _user_input: Callable[
        [Connection, datetime, EngineState, InputEvent, ScanMeaning | None, str | None],
        Result,
    ]

    def _keep_workflow_state(self, state: EngineState) -> None:
        """After a refused quantity the workflow's state is the committed one, whatever the
        workflow had begun to change in its copy."""
        state["workflow"] = self.state.get("workflow") or HOME
        state["wf"] = copy.deepcopy(self.state.get("wf"))

    def _ask_approval(
        self,
        state: EngineState,
        user: SessionUser,
        event: InputEvent,
        above: quantities.NeedsApproval,
    ) -> Result:
        """Hold ``event`` until a supervisor approves its quantity; then it is replayed."""
        replay = _replayable(event)
        if replay is None:
            return Result(REJECTED, "qty.needs_supervisor", above.params())
        held = {**above.params(), "workflow": state.get("workflow") or HOME, "replay": replay}
        if allowed(user.role, "approve_quantity"):
            state["confirm"] = {**held, "action": "approve_quantity", "approver_id": user.id}
            return Result(PENDING, "qty.approver_pin", {**above.params(), "name": user.name})
        state["approval"] = held
        return Result(PENDING, "qty.needs_supervisor", above.params())

    def _approval_input(
        self,
        conn: Connection,
        state: EngineState,
        user: SessionUser,
        meaning: ScanMeaning | None,
        command: str | None,
    ) -> Result:
        held = state["approval"]
        params = {k: held[k] for k in ("qty", "unit", "ceiling")}
        if command == "cancel":
            state["approval"] = None
            return Result(ACCEPTED, "qty.approval_cancelled", params)
        if meaning is None or meaning.kind != "badge" or meaning.internal is None:
            return Result(REJECTED, "qty.approval_expected", params)
        approver = catalog.user_by_badge(conn, meaning.internal.value)
        if approver is None:
            return Result(REJECTED, "login.badge_unknown", {"badge": meaning.internal.value})
        if approver.locked or not approver.active:
            return Result(REJECTED, "login.user_locked", {"name": approver.name})
        if approver.id == user.id or not allowed(approver.role, "approve_quantity"):
            return Result(
                REJECTED, "qty.approver_refused", {"name": approver.name, "role": approver.role}
            )
        if not pin_enrolled(approver.role, approver.pin_origin):  # no approval on a lent PIN
            return Result(
                REJECTED,
                "login.needs_enrolment",
                {"name": approver.name, "role": approver.role, "badge": approver.badge},
            )
        state["approval"] = None
        state["confirm"] = {
            **held,
            "action": "approve_quantity",
            "pin_of": approver.id,
            "approver_id": approver.id,
        }
        return Result(PENDING, "qty.approver_pin", {**params, "name": approver.name})

    def _replay_approved(
        self,
        conn: Connection,
        now: datetime,
        state: EngineState,
        user: SessionUser,
        confirm: dict[str, Any],
    ) -> Result:
        """The held input again, its quantity approved; audited with both users."""
        event = _from_replay(confirm["replay"])
        meaning = (
            interpret(event.text, event.aim, event.symbology) if isinstance(event, Scan) else None
        )
        append_audit(
            conn,
            now,
            int(confirm["approver_id"]),
            "quantity.approved",
            {
                "qty": confirm["qty"],
                "unit": confirm["unit"],
                "ceiling": confirm["ceiling"],
                "for": user.id,
            },
        )
        self._approved_qty = Decimal(confirm["qty"])
        try:
            return self._user_input(conn, now, state, event, meaning, None)
        finally:
            self._approved_qty = None


def _replayable(event: InputEvent) -> dict[str, Any] | None:
    """An input held for approval, as JSON (it waits in the saved state)."""
    if isinstance(event, Qty):
        return {"kind": "qty", "qty": str(event.qty)}
    if isinstance(event, Scan):
        return {
            "kind": "scan",
            "text": event.text,
            "device_url": event.device_url,
            "symbology": event.symbology,
            "aim": event.aim,
        }
    return None


def _from_replay(held: dict[str, Any]) -> InputEvent:
    if held["kind"] == "qty":
        return Qty(Decimal(held["qty"]))
    return Scan(held["text"], held["device_url"], held["symbology"], held["aim"])
