# SPDX-License-Identifier: Apache-2.0
"""Two-person issuing: a picker picks an issue order, a second person checks it blind, and only
lines both confirmed identically are posted to the ledger.

Phases (``state["phase"]``): ``choose`` (pick an order from the list), ``picking`` (scan a
location, then items; lots from GS1 data or a following scan; quantities by repeated scans, GS1
quantity or keypad), ``short_reason`` (a reason for each short line), ``handover`` (the order is
locked; a checker scans their badge and the engine asks for *their* PIN), ``checking`` (the
checker re-scans every line blind). ``$CMD-DONE`` by the checker compares: lines that differ
(lot or quantity) go back to the picker with both versions in the audit log; when every line
matches, one ``issue`` movement per line is posted with both users, the step times and the
station, and a dispatch note is handed out as a ``document`` effect.

The order's run (``issue_runs``) is the lock: the order's status is ``picking``, ``locked`` or
``checking`` while it lasts, and the run keeps the workflow state, so a picker logged out in
the middle resumes by scanning the order again. The documented state object, messages and
settings are in docs/workflows/issuing.md.

Threads and failure: runs on the engine's thread inside the step's write transaction; nothing
here commits on its own, so a refused write leaves orders, runs and the ledger untouched.
"""

from __future__ import annotations

import copy
from typing import Any

from ..engine.expects import CHOICE, SCAN, TEXT, expects, quantity_after_scan
from ..engine.inputs import ACCEPTED, PENDING, REJECTED, Choose, InputEvent
from ..engine.permissions import allowed
from ..engine.workflow import Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.events import append_audit, iso
from .checking import Checking
from .menu import ISSUING
from .messages import MESSAGES, SETTINGS  # registered with the engine on import
from .picking import ACTIVE_ORDER_STATUSES, _line, _user_json
from .state import (
    IssueLine,
    IssuePublic,
    IssueState,
    IssueUser,
    PublicUser,
    clear_check,
    clear_pick,
)
from .store import (
    PICKABLE_ORDER_STATUSES,
    Order,
    active_run,
    create_run,
    issued_so_far,
    order_by_reference,
    orders_to_pick,
    remaining_lines,
    set_order_status,
    update_run,
)

__all__ = ["MESSAGES", "SETTINGS", "WORKFLOWS", "IssuingWorkflow"]


class IssuingWorkflow(Checking):
    name, title, permission, command, order = ISSUING.facts()

    # -- entry -------------------------------------------------------------------------------
    def claims(self, ctx: Ctx, meaning: ScanMeaning) -> bool:
        if meaning.kind != "text":
            return False
        order = order_by_reference(ctx.conn, meaning.text.strip())
        if order is None:
            return False
        if order.status in PICKABLE_ORDER_STATUSES:
            return True
        run = active_run(ctx.conn, order.id) if order.status in ACTIVE_ORDER_STATUSES else None
        return run is not None and run.picker_id == ctx.user.id

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        if meaning is not None and meaning.kind == "text":
            return self._saved(ctx, self._open(ctx, meaning.text.strip()))
        orders = orders_to_pick(ctx.conn, ctx.user.id)
        state = {"phase": "choose", "orders": [o.reference for o in orders]}
        if not orders:
            return Step(ACCEPTED, "issuing.no_orders", {}, state, switch_to="lookup")
        choices = [f"{o.reference} {o.destination}" for o in orders]
        return Step(PENDING, "issuing.choose_order", {}, state, choices=choices)

    def handle(
        self, ctx: Ctx, state: IssueState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        ctx.require(self.permission)
        phase = state.get("phase")
        if phase == "choose" or not state.get("run_id"):
            return self._saved(ctx, self._choose(ctx, state, event, meaning))
        new = copy.deepcopy(state)
        if phase == "picking":
            step = self._picking(ctx, new, event, meaning)
        elif phase == "short_reason":
            step = self._short_reason(ctx, new, event)
        elif phase == "handover":
            step = self._handover(ctx, new, event, meaning)
        else:
            step = self._checking(ctx, new, event, meaning)
        return self._saved(ctx, step)

    def command_input(self, ctx: Ctx, state: IssueState, command: str) -> Step:
        if not state.get("run_id"):
            key = "command.cancelled" if command == "cancel" else "home.back"
            return Step(ACCEPTED, key, {}, {}, switch_to="lookup")
        new = copy.deepcopy(state)
        if command == "cancel":
            if new["phase"] == "short_reason":
                new["phase"], new["short_line"] = "picking", None
                return self._saved(
                    ctx, Step(ACCEPTED, "issuing.back_to_picking", self._ref(new), new)
                )
            return self._cancel(ctx, new)
        if command == "undo":
            return self._saved(ctx, self._undo(ctx, new))
        return self._saved(ctx, self._done(ctx, new))

    def _choose(
        self, ctx: Ctx, state: IssueState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        refs = list(state.get("orders") or [])
        if isinstance(event, Choose):
            if not 1 <= event.n <= len(refs):
                return Step(REJECTED, "choose.out_of_range", {"count": len(refs)}, state)
            return self._open(ctx, refs[event.n - 1])
        if meaning is not None and meaning.kind == "text":
            return self._open(ctx, meaning.text.strip())
        what = meaning.kind if meaning else type(event).__name__
        return Step(REJECTED, "input.unexpected", {"what": what}, state)

    def _open(self, ctx: Ctx, reference: str) -> Step:
        order = order_by_reference(ctx.conn, reference)
        if order is None:
            return Step(REJECTED, "issuing.order_unknown", {"reference": reference}, {})
        if order.status in ACTIVE_ORDER_STATUSES:
            return self._resume(ctx, order)
        if order.status not in PICKABLE_ORDER_STATUSES or not remaining_lines(ctx.conn, order.id):
            return Step(REJECTED, "issuing.order_closed", {"reference": reference}, {})
        run_id = create_run(ctx.conn, order.id, ctx.who.station_id, ctx.user.id, ctx.now)
        set_order_status(ctx.conn, order.id, "picking", ctx.now)
        state = self._new_state(ctx, order, run_id)
        ctx.audit("issue.started", {"reference": order.reference, "run_id": run_id})
        params = {
            "reference": order.reference,
            "destination": order.destination,
            "lines": len(state["lines"]),
        }
        return Step(ACCEPTED, "issuing.started", params, state)

    def _resume(self, ctx: Ctx, order: Order) -> Step:
        run = active_run(ctx.conn, order.id)
        if run is None or run.picker_id != ctx.user.id or not run.state:
            picker = catalog.user_by_id(ctx.conn, run.picker_id) if run else None
            name = picker.name if picker else "?"
            return Step(
                REJECTED, "issuing.order_busy", {"reference": order.reference, "name": name}, {}
            )
        state = copy.deepcopy(run.state)
        state["candidate"] = None
        ctx.audit("issue.resumed", {"reference": order.reference, "run_id": run.id})
        if state["phase"] in ("handover", "checking"):
            # a check interrupted by a logout starts again with a checker's badge and PIN
            state["phase"], state["checker"] = "handover", None
            for line in state["lines"]:
                if line["status"] != "checked":
                    clear_check(line)
            update_run(ctx.conn, run.id, ctx.now, status="locked")
            set_order_status(ctx.conn, order.id, "locked", ctx.now)
            return Step(PENDING, "issuing.resumed_handover", self._ref(state), state)
        return Step(ACCEPTED, "issuing.resumed", self._ref(state), state)

    # -- finishing the pick, short reasons, hand-over -----------------------------------------
    def _done(self, ctx: Ctx, state: IssueState) -> Step:
        phase = state["phase"]
        if phase == "picking":
            return self._finish_picking(ctx, state)
        if phase == "short_reason":
            reasons = list(ctx.settings.get("issuing_short_reasons") or [])
            return Step(REJECTED, "issuing.reason_expected", {}, state, choices=reasons)
        if phase == "handover":
            return Step(PENDING, "issuing.waiting_checker", self._ref(state), state)
        return self._finish_check(ctx, state)

    def confirmed(self, ctx: Ctx, state: IssueState, confirm: dict[str, Any]) -> Step:
        new = copy.deepcopy(state)
        user = catalog.user_by_id(ctx.conn, int(confirm.get("checker_id") or 0))
        if (
            user is None
            or new.get("phase") != "handover"
            or user.id == new["picker"]["id"]
            or not allowed(user.role, "check_issue")
        ):
            new["candidate"] = None
            return self._saved(ctx, Step(REJECTED, "issuing.waiting_checker", self._ref(new), new))
        new["checker"], new["candidate"], new["phase"] = _user_json(user), None, "checking"
        new["current"], new["awaiting_lot"] = None, False
        new["times"]["check_started"] = iso(ctx.now)
        update_run(
            ctx.conn,
            new["run_id"],
            ctx.now,
            status="checking",
            checker_id=user.id,
            check_started_at=iso(ctx.now),
        )
        set_order_status(ctx.conn, new["order_id"], "checking", ctx.now)
        append_audit(
            ctx.conn,
            ctx.now,
            user.id,
            "issue.check_started",
            {
                "reference": new["reference"],
                "round": new["round"],
                "picker_id": new["picker"]["id"],
            },
        )
        params = {"name": user.name, "reference": new["reference"]}
        return self._saved(ctx, Step(ACCEPTED, "issuing.checking", params, new))

    def _cancel(self, ctx: Ctx, state: IssueState) -> Step:
        order_id = state["order_id"]
        status = "partial" if issued_so_far(ctx.conn, order_id) else "open"
        set_order_status(ctx.conn, order_id, status, ctx.now)
        update_run(
            ctx.conn,
            state["run_id"],
            ctx.now,
            status="cancelled",
            cancelled_at=iso(ctx.now),
            state=state,
        )
        ctx.audit(
            "issue.cancelled",
            {"reference": state["reference"], "run_id": state["run_id"], "phase": state["phase"]},
        )
        return Step(ACCEPTED, "issuing.cancelled", self._ref(state), {}, switch_to="lookup")

    def _undo(self, ctx: Ctx, state: IssueState) -> Step:
        phase = state["phase"]
        if phase == "handover":
            state["phase"], state["candidate"] = "picking", None
            update_run(ctx.conn, state["run_id"], ctx.now, status="picking")
            set_order_status(ctx.conn, state["order_id"], "picking", ctx.now)
            ctx.audit("issue.unlocked", {"reference": state["reference"], "round": state["round"]})
            return Step(ACCEPTED, "issuing.unlocked", self._ref(state), state)
        line = _line(state, state["current"])
        if line is None or phase not in ("picking", "checking"):
            return Step(REJECTED, "issuing.nothing_to_undo", {}, state)
        if phase == "picking":
            clear_pick(line)
        else:
            clear_check(line)
        state["awaiting_lot"], state["current"] = False, None
        return Step(ACCEPTED, "issuing.undone", {"line": line["line"]}, state)

    # -- what outcomes show ------------------------------------------------------------------
    def expects(self, state: IssueState) -> dict[str, Any]:
        if state.get("phase") is None:  # no run open (e.g. just posted): an order's scan
            return expects(SCAN)
        awaiting = self._awaiting(state)
        if awaiting == "short_reason":
            return expects(CHOICE, TEXT)
        if awaiting == "lot":
            return expects(SCAN, TEXT)
        if awaiting in ("item", "check_item") and state.get("current") is not None:
            return quantity_after_scan()
        return expects(SCAN)

    def public_state(self, state: IssueState) -> IssuePublic:
        phase = state.get("phase")
        if phase is None:
            return {}
        if phase == "choose":
            return {"phase": "choose", "orders": list(state.get("orders") or [])}
        blind = phase in ("handover", "checking")
        checker = state.get("checker") or state.get("candidate")
        return {
            "phase": phase,
            "reference": state["reference"],
            "destination": state["destination"],
            "round": state["round"],
            "picker": _public_user(state["picker"]),
            "checker": _public_user(checker) if checker else None,
            "location": where["code"] if (where := state.get("location")) else None,
            "current_line": state.get("current"),
            "awaiting": self._awaiting(state),
            "blind": blind,
            "lines": [self._public_line(ln, phase) for ln in state["lines"]],
        }

    @staticmethod
    def _awaiting(state: IssueState) -> str:
        phase = state["phase"]
        if phase == "short_reason":
            return "short_reason"
        if phase == "handover":
            return "checker_pin" if state.get("candidate") else "checker_badge"
        if state.get("awaiting_lot"):
            return "lot"
        if phase == "checking":
            return "check_item"
        return "location" if state.get("location") is None else "item"

    @staticmethod
    def _public_line(line: IssueLine, phase: str) -> dict[str, Any]:
        suggested = line.get("suggested")
        shown: dict[str, Any] = {
            "line": line["line"],
            "sku": line["sku"],
            "name": line["name"],
            "unit": line["unit"],
            "ordered": line["ordered"],
            "order_lot": line["order_lot"],
            "order_location": line["order_location"],
            "status": line["status"],
        }
        if line["status"] == "checked" or phase not in ("handover", "checking"):
            # blind check: neither the picker's version nor the lot the station suggested
            shown.update(
                suggested=None
                if suggested is None
                else {
                    "lot": suggested["lot"],
                    "location": suggested["location"],
                    "expiry": suggested["expiry"],
                    "received": suggested["received"],
                    "rule": suggested["rule"],
                },
                picked=line["qty"],
                lot=line["lot"],
                location=line["location"],
                short_reason=line["short_reason"],
                returned=line["returned"],
            )
        if phase == "checking":
            shown.update(checked=line["check_qty"], check_lot=line["check_lot"])
        if line["checked_by"]:
            shown["checked_by"] = _public_user(line["checked_by"])
        return shown

    def wants_badge(self, state: IssueState) -> bool:
        """True while a checker's badge is expected: then even the logged-in picker's own badge
        is an answer (refused, ``issuing.same_person``), not a logout. For the engine; see
        docs/workflows/issuing.md, *Limits*."""
        return state.get("phase") == "handover"

    def participants(self, state: IssueState) -> list[dict[str, Any]]:
        checker = state.get("checker") or state.get("candidate")
        return [dict(checker)] if checker else []


def _public_user(user: IssueUser) -> PublicUser:
    return {"badge": user["badge"], "name": user["name"], "role": user["role"]}


WORKFLOWS = [IssuingWorkflow()]
