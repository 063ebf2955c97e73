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
from decimal import Decimal
from typing import Any

from ..engine.inputs import ACCEPTED, PENDING, REJECTED, Choose, InputEvent, Qty, TextInput
from ..engine.messages import register_choices, register_messages
from ..engine.permissions import allowed
from ..engine.settings import register_settings
from ..engine.workflow import BaseWorkflow, Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.events import append_audit, iso
from ..store.ledger import Movement
from ..store.types import decimal_text
from .documents import dispatch_note_effect
from .fefo import LotStock, jumps_the_queue, lot_stock, rule_of, suggest
from .store import (
    PICKABLE_ORDER_STATUSES,
    Order,
    active_run,
    add_version,
    available,
    create_run,
    issued_so_far,
    lot_of,
    order_by_reference,
    orders_to_pick,
    remaining_lines,
    set_order_status,
    update_run,
)

MESSAGES = {
    "issuing.choose_order": "Choose the issue order to pick, or scan its reference.",
    "issuing.no_orders": "There are no issue orders to pick.",
    "issuing.order_unknown": "{reference} is not an issue order.",
    "issuing.order_busy": "{reference} is being picked by {name}.",
    "issuing.order_closed": "{reference} is already issued.",
    "issuing.started": "{reference} for {destination}: {lines} lines. Scan the location.",
    "issuing.resumed": "{reference} resumed where it was left.",
    "issuing.resumed_handover": "{reference} resumed: locked, waiting for a checker's badge.",
    "issuing.location": "At {location}. Scan the item.",
    "issuing.scan_location_first": "Scan the location first ({sku}: {location}).",
    "issuing.wrong_item": "{sku} {name} is not on {reference}: wrong item.",
    "issuing.line_complete": "Line {line} ({sku}) is already complete.",
    "issuing.wrong_location": "Line {line} ({sku}) is picked from {wanted}, not {location}.",
    "issuing.scan_lot": "Line {line} {sku}: scan the lot. Take lot {lot} first.",
    "issuing.scan_lot_any": "Line {line} {sku}: scan the lot.",
    "issuing.scan_lot_first": "Line {line} {sku}: scan its lot before anything else.",
    "issuing.check_scan_lot_first": "Check line {line} {sku}: scan its lot before anything else.",
    "issuing.lot_unknown": "Lot {lot} of {sku} is not known.",
    "issuing.lot_not_here": "There is no {sku} of lot {lot} at {location}.",
    "issuing.lot_expired": "Lot {lot} of {sku} expired on {expiry}: it may not be issued.",
    "issuing.lot_not_fefo": "Lot {lot} refused: lot {suggested} expires first ({expiry}).",
    "issuing.lot_not_fifo": (
        "Lot {lot} refused: lot {suggested} was received first ({received}) and goes first."
    ),
    "issuing.lot_not_fefo_taken": (
        "Line {line} {sku}: lot {lot} taken, but lot {suggested} expires first ({expiry})."
    ),
    "issuing.lot_not_fifo_taken": (
        "Line {line} {sku}: lot {lot} taken, but lot {suggested} was received first ({received})."
    ),
    "issuing.lot_wrong_order": "Line {line} asks for lot {wanted}, not {lot}.",
    "issuing.lot_other": "Line {line} is picked from lot {current}; undo it to take lot {lot}.",
    "issuing.picked": "Line {line} {sku}: {qty} of {ordered} {unit} (lot {lot}).",
    "issuing.over_pick": "Line {line} {sku}: {qty} is more than the {ordered} ordered.",
    "issuing.not_enough_stock": "Only {available} {unit} of {sku} lot {lot} at {location}.",
    "issuing.qty_no_line": "Scan an item before typing a quantity.",
    "issuing.qty_negative": "A quantity cannot be negative.",
    "issuing.undone": "Line {line} cleared.",
    "issuing.nothing_to_undo": "Nothing to undo on this order.",
    "issuing.short_reason": "Line {line} {sku}: {qty} of {ordered} picked. Choose why it is short.",
    "issuing.reason_expected": "Choose a reason for the short line (a number), or type one.",
    "issuing.nothing_picked": "Nothing is picked yet: pick a line, or cancel the order.",
    "issuing.lot_missing": "Line {line} {sku}: scan the lot before finishing.",
    "issuing.locked": "{reference} is locked for checking. Checker: scan your badge.",
    "issuing.waiting_checker": "{reference} is locked: waiting for a checker's badge.",
    "issuing.unlocked": "{reference} unlocked: back to picking.",
    "issuing.finish_first": "Finish picking first (DONE); then the checker scans their badge.",
    "issuing.same_person": (
        "{name} picked {reference} and may not check it: another person must check."
    ),
    "issuing.checker_not_allowed": "{name} ({role}) may not check issues.",
    "issuing.checker_unknown": "Badge {badge} is not known: it cannot check.",
    "issuing.checker_unavailable": "{name} cannot check now: the badge is locked or disabled.",
    "issuing.checker_pin": "{name}: enter your PIN to check {reference}.",
    "issuing.checking": "{name} checks {reference}: scan every item again, then DONE.",
    "issuing.check_scanned": "Check line {line} {sku}: {qty} {unit} counted.",
    "issuing.check_scan_lot": "Check line {line} {sku}: scan the lot.",
    "issuing.check_lot": "Check line {line} {sku}: lot {lot}.",
    "issuing.check_lot_other": "Check line {line}: lot {current} already counted; undo to change.",
    "issuing.check_wrong_item": "{sku} {name} is not on {reference} (or already checked).",
    "issuing.check_in_progress": "{name} is checking {reference}: scan items, then DONE.",
    "issuing.mismatch": "{count} line(s) differ ({lines}): back to the picker to pick again.",
    "issuing.posted": "{reference} issued: {lines} lines, picked by {picker}, checked by {checker}.",
    "issuing.posted_partial": (
        "{reference} partly issued: {lines} lines, picked by {picker}, checked by {checker}. "
        "The rest stays open."
    ),
    "issuing.stock_changed": (
        "Only {available} of {sku} lot {lot} left at {location}: line {line} cannot be issued."
    ),
    "issuing.cancelled": "{reference} cancelled: nothing was issued.",
    "issuing.back_to_picking": "Back to picking {reference}.",
}
register_messages(MESSAGES)

SETTINGS = {
    "issuing_non_fefo_lot": "refuse",
    "issuing_short_reasons": [
        "not found at the location",
        "not enough stock",
        "damaged",
        "expired",
        "other",
    ],
    "issuing_dispatch_note": True,
}
register_settings(SETTINGS)
register_choices(SETTINGS["issuing_short_reasons"])

ZERO = Decimal(0)
PICKER_FIELDS = ("qty", "lot", "location", "short_reason")
ACTIVE_ORDER_STATUSES = ("picking", "locked", "checking")


def _dec(text: str | None) -> Decimal:
    return Decimal(text) if text else ZERO


def _user_json(user: catalog.User) -> dict[str, Any]:
    return {"id": user.id, "badge": user.badge, "name": user.name, "role": user.role}


def _line(state: dict[str, Any], line_no: int | None) -> dict[str, Any] | None:
    return next((ln for ln in state["lines"] if ln["line"] == line_no), None)


def _lot_params(line: dict[str, Any]) -> dict[str, Any]:
    return {"line": line["line"], "sku": line["sku"], "unit": line["unit"]}


class IssuingWorkflow(BaseWorkflow):
    name = "issuing"
    permission = "pick"
    title = "Pick an issue order"
    command: str | None = "PICK"
    order = 30

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
        self, ctx: Ctx, state: dict[str, Any], event: InputEvent, meaning: ScanMeaning | None
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

    def command_input(self, ctx: Ctx, state: dict[str, Any], command: str) -> Step:
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
        self, ctx: Ctx, state: dict[str, Any], event: InputEvent, meaning: ScanMeaning | None
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
                    line.update(check_qty="0", check_lot=None, checked_at=None)
            update_run(ctx.conn, run.id, ctx.now, status="locked")
            set_order_status(ctx.conn, order.id, "locked", ctx.now)
            return Step(PENDING, "issuing.resumed_handover", self._ref(state), state)
        return Step(ACCEPTED, "issuing.resumed", self._ref(state), state)

    def _new_state(self, ctx: Ctx, order: Order, run_id: int) -> dict[str, Any]:
        lines = []
        today = ctx.now.date()
        for ol in remaining_lines(ctx.conn, order.id):
            item = catalog.item_by_id(ctx.conn, ol.item_id)
            assert item is not None  # issue_lines.item_id is a foreign key
            stock = self._candidates(lot_stock(ctx.conn, item.id), ol.location_id, ol.lot_no)
            best = suggest(stock, today)
            lines.append(
                {
                    "line": ol.line_no,
                    "item_id": item.id,
                    "sku": item.sku,
                    "name": item.name,
                    "unit": item.unit,
                    "ordered": decimal_text(ol.remaining),
                    "order_lot": ol.lot_no,
                    "order_location": ol.location_code,
                    "order_location_id": ol.location_id,
                    "lot_tracked": bool(ol.lot_no) or any(s.lot_id is not None for s in stock),
                    "suggested": self._suggestion(best),
                    "status": "open",
                    "qty": "0",
                    "lot": None,
                    "lot_id": None,
                    "location": None,
                    "location_id": None,
                    "short_reason": None,
                    "picked_at": None,
                    "check_qty": "0",
                    "check_lot": None,
                    "checked_at": None,
                    "checked_by": None,
                    "returned": None,
                }
            )
        return {
            "phase": "picking",
            "run_id": run_id,
            "order_id": order.id,
            "reference": order.reference,
            "destination": order.destination,
            "picker": ctx.user.to_json(),
            "checker": None,
            "candidate": None,
            "round": 0,
            "location": None,
            "current": None,
            "awaiting_lot": False,
            "short_line": None,
            "times": {"started": iso(ctx.now)},
            "lines": lines,
        }

    @staticmethod
    def _candidates(
        stock: list[LotStock], location_id: int | None, lot_no: str | None
    ) -> list[LotStock]:
        return [
            s
            for s in stock
            if (location_id is None or s.location_id == location_id)
            and (lot_no is None or s.lot_no == lot_no)
        ]

    @staticmethod
    def _suggestion(best: LotStock | None) -> dict[str, Any] | None:
        if best is None:
            return None
        return {
            "lot": best.lot_no,
            "lot_id": best.lot_id,
            "location": best.location_code,
            "location_id": best.location_id,
            "expiry": best.expiry,
            "received": best.received,
            "rule": rule_of(best),
        }

    # -- picking -----------------------------------------------------------------------------
    def _picking(
        self, ctx: Ctx, state: dict[str, Any], event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        if isinstance(event, Qty):
            return self._pick_qty(ctx, state, event.qty)
        if isinstance(event, TextInput) and state["awaiting_lot"]:
            return self._pick_lot(ctx, state, event.text.strip())
        if meaning is None:
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        if meaning.kind == "badge":
            return Step(REJECTED, "issuing.finish_first", {}, state)
        if (
            state["awaiting_lot"]
            and meaning.kind != "text"
            and not self._same_item(ctx, state, meaning)
        ):
            return self._lot_first(state, "issuing.scan_lot_first")
        if meaning.kind == "location" and meaning.internal is not None:
            return self._pick_location(ctx, state, meaning.internal.value)
        if meaning.kind in ("gtin", "gs1") and meaning.gtin:
            return self._pick_item(ctx, state, meaning)
        if meaning.kind == "text":
            text = meaning.text.strip()
            if state["awaiting_lot"]:
                return self._pick_lot(ctx, state, text)
            if catalog.location_by_barcode(ctx.conn, text) or catalog.location_by_code(
                ctx.conn, text
            ):
                return self._pick_location(ctx, state, text)
            return Step(REJECTED, "scan.unknown", {"text": text}, state)
        return Step(REJECTED, "input.unexpected", {"what": meaning.kind}, state)

    @staticmethod
    def _same_item(ctx: Ctx, state: dict[str, Any], meaning: ScanMeaning) -> bool:
        """True when ``meaning`` is a scan of the current line's item."""
        line = _line(state, state["current"])
        found = catalog.item_by_gtin(ctx.conn, meaning.gtin) if meaning.gtin else None
        return line is not None and found is not None and found[0].id == line["item_id"]

    @staticmethod
    def _lot_first(state: dict[str, Any], key: str) -> Step:
        """Refuse leaving a line whose lot is still missing."""
        line = _line(state, state["current"])
        assert line is not None  # awaiting_lot is set only with a current line
        return Step(REJECTED, key, _lot_params(line), state)

    def _pick_location(self, ctx: Ctx, state: dict[str, Any], code: str) -> Step:
        loc = catalog.location_by_code(ctx.conn, code) or catalog.location_by_barcode(
            ctx.conn, code
        )
        if loc is None:
            return Step(REJECTED, "scan.unknown_location", {"code": code}, state)
        state["location"] = {"id": loc.id, "code": loc.code}
        return Step(ACCEPTED, "issuing.location", {"location": loc.code}, state)

    def _pick_item(self, ctx: Ctx, state: dict[str, Any], meaning: ScanMeaning) -> Step:
        found = catalog.item_by_gtin(ctx.conn, meaning.gtin or "")
        if found is None:
            return Step(REJECTED, "scan.unknown_gtin", {"gtin": meaning.gtin}, state)
        item, pack = found
        mine = [ln for ln in state["lines"] if ln["item_id"] == item.id]
        if not mine:
            params = {"sku": item.sku, "name": item.name, "reference": state["reference"]}
            return Step(REJECTED, "issuing.wrong_item", params, state)
        open_lines = [ln for ln in mine if ln["status"] != "checked" and not self._full(ln)]
        current = _line(state, state["current"])
        line = current if current in open_lines else (open_lines[0] if open_lines else None)
        if line is None:
            return Step(REJECTED, "issuing.line_complete", _lot_params(mine[0]), state)
        where = state["location"]
        if where is None:
            wanted = line["order_location"] or (line["suggested"] or {}).get("location") or "?"
            params = {"sku": line["sku"], "location": wanted}
            return Step(REJECTED, "issuing.scan_location_first", params, state)
        if line["order_location_id"] and line["order_location_id"] != where["id"]:
            params = {**_lot_params(line), "wanted": line["order_location"]}
            return Step(
                REJECTED, "issuing.wrong_location", {**params, "location": where["code"]}, state
            )
        if (
            line["location_id"] is not None
            and line["location_id"] != where["id"]
            and _dec(line["qty"])
        ):
            params = {**_lot_params(line), "wanted": line["location"], "location": where["code"]}
            return Step(REJECTED, "issuing.wrong_location", params, state)
        note: Step | None = None
        lot_text = meaning.fields.get("lot")
        if lot_text and lot_text != line["lot"]:
            note = self._take_lot(ctx, state, line, lot_text)
            if note.outcome == REJECTED:
                return note
        add = Decimal(meaning.fields["quantity"]) if meaning.fields.get("quantity") else pack
        refused = self._set_qty(ctx, state, line, _dec(line["qty"]) + add)
        if refused is not None:
            return refused
        if line["lot_tracked"] and line["lot"] is None:
            state["awaiting_lot"] = True
            return self._ask_lot(state, line)
        return (
            note if note is not None and note.key != "issuing.picked" else self._picked(state, line)
        )

    @staticmethod
    def _full(line: dict[str, Any]) -> bool:
        return _dec(line["qty"]) >= _dec(line["ordered"])

    def _ask_lot(self, state: dict[str, Any], line: dict[str, Any]) -> Step:
        suggested = (line["suggested"] or {}).get("lot") or line["order_lot"]
        if suggested:
            return Step(PENDING, "issuing.scan_lot", {**_lot_params(line), "lot": suggested}, state)
        return Step(PENDING, "issuing.scan_lot_any", _lot_params(line), state)

    def _picked(self, state: dict[str, Any], line: dict[str, Any]) -> Step:
        params = {**_lot_params(line), "qty": line["qty"], "ordered": line["ordered"]}
        return Step(ACCEPTED, "issuing.picked", {**params, "lot": line["lot"] or "-"}, state)

    def _set_qty(
        self, ctx: Ctx, state: dict[str, Any], line: dict[str, Any], qty: Decimal
    ) -> Step | None:
        """Set the picked quantity of ``line`` at the current location; a refusal or None."""
        params = {**_lot_params(line), "qty": decimal_text(qty), "ordered": line["ordered"]}
        if qty > _dec(line["ordered"]):
            return Step(REJECTED, "issuing.over_pick", params, state)
        where = state["location"]
        if line["lot"] is not None or not line["lot_tracked"]:
            have = available(ctx.conn, line["item_id"], line["lot_id"], where["id"])
            if qty > have:
                extra = {"available": decimal_text(have), "lot": line["lot"] or "-"}
                return Step(
                    REJECTED,
                    "issuing.not_enough_stock",
                    {**params, **extra, "location": where["code"]},
                    state,
                )
        line.update(
            qty=decimal_text(qty),
            location=where["code"],
            location_id=where["id"],
            picked_at=iso(ctx.now),
            short_reason=None,
        )
        state["current"] = line["line"]
        return None

    def _pick_qty(self, ctx: Ctx, state: dict[str, Any], qty: Decimal) -> Step:
        line = _line(state, state["current"])
        if line is None or state["location"] is None:
            return Step(REJECTED, "issuing.qty_no_line", {}, state)
        if qty < 0:
            return Step(REJECTED, "issuing.qty_negative", {}, state)
        refused = self._set_qty(ctx, state, line, qty)
        if refused is not None:
            return refused
        if qty == 0:
            state["awaiting_lot"] = False
        if line["lot_tracked"] and line["lot"] is None and qty > 0:
            state["awaiting_lot"] = True
            return self._ask_lot(state, line)
        return self._picked(state, line)

    def _pick_lot(self, ctx: Ctx, state: dict[str, Any], lot_text: str) -> Step:
        line = _line(state, state["current"])
        assert line is not None  # awaiting_lot is set only with a current line
        step = self._take_lot(ctx, state, line, lot_text)
        if step.outcome == REJECTED:
            return step
        refused = self._set_qty(ctx, state, line, _dec(line["qty"]))
        if refused is not None:
            line.update(lot=None, lot_id=None)
            state["awaiting_lot"] = True
            return refused
        return step

    def _take_lot(
        self, ctx: Ctx, state: dict[str, Any], line: dict[str, Any], lot_text: str
    ) -> Step:
        """Check ``lot_text`` for ``line`` at the current location and take it, or refuse."""
        params = {**_lot_params(line), "lot": lot_text}
        if line["lot"] is not None and line["lot"] != lot_text and _dec(line["qty"]) > 0:
            return Step(REJECTED, "issuing.lot_other", {**params, "current": line["lot"]}, state)
        if line["order_lot"] and line["order_lot"] != lot_text:
            return Step(
                REJECTED, "issuing.lot_wrong_order", {**params, "wanted": line["order_lot"]}, state
            )
        lot = lot_of(ctx.conn, line["item_id"], lot_text)
        if lot is None:
            return Step(REJECTED, "issuing.lot_unknown", params, state)
        if lot.expiry is not None and lot.expiry < ctx.now.date().isoformat():
            return Step(REJECTED, "issuing.lot_expired", {**params, "expiry": lot.expiry}, state)
        where = state["location"]
        if available(ctx.conn, line["item_id"], lot.id, where["id"]) <= 0:
            return Step(
                REJECTED, "issuing.lot_not_here", {**params, "location": where["code"]}, state
            )
        taken = LotStock(
            lot.id, lot.lot_no, lot.expiry, lot.received, where["id"], where["code"], ZERO
        )
        key = "issuing.picked"
        if not line["order_lot"]:
            key = self._fefo_key(ctx, line, taken)
            if key.startswith("issuing.lot_not_f") and not key.endswith("_taken"):
                return Step(REJECTED, key, self._fefo_params(params, line), state)
        line.update(lot=lot.lot_no, lot_id=lot.id)
        state["awaiting_lot"] = False
        state["current"] = line["line"]
        if key.endswith("_taken"):
            return Step(ACCEPTED, key, self._fefo_params(params, line), state)
        return self._picked(state, line)

    def _fefo_key(self, ctx: Ctx, line: dict[str, Any], taken: LotStock) -> str:
        """``issuing.picked`` when ``taken`` may go now, else the FEFO/FIFO refusal or note."""
        stock = self._candidates(
            lot_stock(ctx.conn, line["item_id"]), line["order_location_id"], None
        )
        best = suggest(stock, ctx.now.date())
        line["suggested"] = self._suggestion(best)
        if best is None or not jumps_the_queue(taken, best):
            return "issuing.picked"
        key = "issuing.lot_not_fefo" if rule_of(best) == "fefo" else "issuing.lot_not_fifo"
        if ctx.settings.get("issuing_non_fefo_lot", "refuse") == "allow":
            key += "_taken"
        return key

    @staticmethod
    def _fefo_params(params: dict[str, Any], line: dict[str, Any]) -> dict[str, Any]:
        best = line["suggested"] or {}
        return {
            **params,
            "suggested": best.get("lot"),
            "expiry": best.get("expiry"),
            "received": best.get("received"),
        }

    # -- finishing the pick, short reasons, hand-over -----------------------------------------
    def _done(self, ctx: Ctx, state: dict[str, Any]) -> Step:
        phase = state["phase"]
        if phase == "picking":
            return self._finish_picking(ctx, state)
        if phase == "short_reason":
            reasons = list(ctx.settings.get("issuing_short_reasons") or [])
            return Step(REJECTED, "issuing.reason_expected", {}, state, choices=reasons)
        if phase == "handover":
            return Step(PENDING, "issuing.waiting_checker", self._ref(state), state)
        return self._finish_check(ctx, state)

    def _finish_picking(self, ctx: Ctx, state: dict[str, Any]) -> Step:
        todo = [ln for ln in state["lines"] if ln["status"] != "checked"]
        for line in todo:
            if line["lot_tracked"] and line["lot"] is None and _dec(line["qty"]) > 0:
                return Step(REJECTED, "issuing.lot_missing", _lot_params(line), state)
        picked = [ln for ln in state["lines"] if _dec(ln["qty"]) > 0]
        if not picked:
            return Step(REJECTED, "issuing.nothing_picked", {}, state)
        short = next((ln for ln in todo if not self._full(ln) and not ln["short_reason"]), None)
        if short is not None:
            state["phase"], state["short_line"] = "short_reason", short["line"]
            params = {**_lot_params(short), "qty": short["qty"], "ordered": short["ordered"]}
            reasons = list(ctx.settings.get("issuing_short_reasons") or [])
            return Step(PENDING, "issuing.short_reason", params, state, choices=reasons)
        return self._lock(ctx, state)

    def _short_reason(self, ctx: Ctx, state: dict[str, Any], event: InputEvent) -> Step:
        reasons = list(ctx.settings.get("issuing_short_reasons") or [])
        reason: str | None = None
        if isinstance(event, Choose) and 1 <= event.n <= len(reasons):
            reason = reasons[event.n - 1]
        elif isinstance(event, TextInput) and event.text.strip():
            reason = event.text.strip()
        if reason is None:
            return Step(REJECTED, "issuing.reason_expected", {}, state, choices=reasons)
        line = _line(state, state["short_line"])
        assert line is not None
        line["short_reason"] = reason
        state["phase"], state["short_line"] = "picking", None
        return self._finish_picking(ctx, state)

    def _lock(self, ctx: Ctx, state: dict[str, Any]) -> Step:
        state["round"] += 1
        state["phase"], state["location"], state["current"] = "handover", None, None
        state["awaiting_lot"] = False
        state["times"]["locked"] = iso(ctx.now)
        picker_id = state["picker"]["id"]
        for line in state["lines"]:
            if line["status"] == "checked":
                continue
            add_version(
                ctx.conn,
                ctx.now,
                run_id=state["run_id"],
                line_no=line["line"],
                round=state["round"],
                role="pick",
                user_id=picker_id,
                item_id=line["item_id"],
                lot_id=line["lot_id"],
                lot_no=line["lot"],
                location_id=line["location_id"],
                qty=_dec(line["qty"]),
                short_reason=line["short_reason"] or "",
            )
        update_run(
            ctx.conn,
            state["run_id"],
            ctx.now,
            status="locked",
            locked_at=iso(ctx.now),
            rounds=state["round"],
        )
        set_order_status(ctx.conn, state["order_id"], "locked", ctx.now)
        ctx.audit(
            "issue.locked",
            {"reference": state["reference"], "round": state["round"], "lines": self._picks(state)},
        )
        return Step(PENDING, "issuing.locked", self._ref(state), state)

    @staticmethod
    def _picks(state: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "line": ln["line"],
                "qty": ln["qty"],
                "lot": ln["lot"],
                "location": ln["location"],
                "short_reason": ln["short_reason"],
            }
            for ln in state["lines"]
            if ln["status"] != "checked"
        ]

    def _handover(
        self, ctx: Ctx, state: dict[str, Any], event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        state["candidate"] = None  # a PIN prompt the engine dropped (CANCEL) is over
        if meaning is None or meaning.kind != "badge" or meaning.internal is None:
            return Step(PENDING, "issuing.waiting_checker", self._ref(state), state)
        badge = meaning.internal.value
        user = catalog.user_by_badge(ctx.conn, badge)
        if user is None:
            return Step(REJECTED, "issuing.checker_unknown", {"badge": badge}, state)
        params = {"name": user.name, "role": user.role, "reference": state["reference"]}
        if user.id == state["picker"]["id"]:
            ctx.audit(
                "issue.checker_refused",
                {"reference": state["reference"], "user_id": user.id, "why": "picker"},
            )
            return Step(REJECTED, "issuing.same_person", params, state)
        if not allowed(user.role, "check_issue"):
            ctx.audit(
                "issue.checker_refused",
                {"reference": state["reference"], "user_id": user.id, "why": "role"},
            )
            return Step(REJECTED, "issuing.checker_not_allowed", params, state)
        if user.locked or not user.active:
            return Step(REJECTED, "issuing.checker_unavailable", params, state)
        state["candidate"] = _user_json(user)
        confirm = {
            "pin_of": user.id,
            "action": "check_issue",
            "checker_id": user.id,
            "reference": state["reference"],
        }
        return Step(PENDING, "issuing.checker_pin", params, state, confirm=confirm)

    def confirmed(self, ctx: Ctx, state: dict[str, Any], confirm: dict[str, Any]) -> Step:
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

    # -- checking ----------------------------------------------------------------------------
    def _checking(
        self, ctx: Ctx, state: dict[str, Any], event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        line = _line(state, state["current"])
        if isinstance(event, Qty):
            if line is None:
                return Step(REJECTED, "issuing.qty_no_line", {}, state)
            if event.qty < 0:
                return Step(REJECTED, "issuing.qty_negative", {}, state)
            line["check_qty"], line["checked_at"] = decimal_text(event.qty), iso(ctx.now)
            return self._check_scanned(state, line)
        lot_text = None
        if isinstance(event, TextInput):
            lot_text = event.text.strip()
        elif meaning is not None and meaning.kind == "text":
            lot_text = meaning.text.strip()
        if lot_text is not None and state["awaiting_lot"] and line is not None:
            return self._check_lot(state, line, lot_text)
        if meaning is not None and meaning.kind in ("gtin", "gs1") and meaning.gtin:
            if state["awaiting_lot"] and not self._same_item(ctx, state, meaning):
                return self._lot_first(state, "issuing.check_scan_lot_first")
            return self._check_item(ctx, state, meaning)
        checker = state["checker"] or {}
        params = {"name": checker.get("name"), "reference": state["reference"]}
        return Step(REJECTED, "issuing.check_in_progress", params, state)

    def _check_item(self, ctx: Ctx, state: dict[str, Any], meaning: ScanMeaning) -> Step:
        found = catalog.item_by_gtin(ctx.conn, meaning.gtin or "")
        if found is None:
            return Step(REJECTED, "scan.unknown_gtin", {"gtin": meaning.gtin}, state)
        item, pack = found
        mine = [
            ln for ln in state["lines"] if ln["item_id"] == item.id and ln["status"] != "checked"
        ]
        if not mine:
            params = {"sku": item.sku, "name": item.name, "reference": state["reference"]}
            return Step(REJECTED, "issuing.check_wrong_item", params, state)
        current = _line(state, state["current"])
        line = current if current is not None and current in mine else mine[0]
        lot_text = meaning.fields.get("lot")
        if lot_text and line["check_lot"] and lot_text != line["check_lot"]:
            params = {**_lot_params(line), "current": line["check_lot"]}
            return Step(REJECTED, "issuing.check_lot_other", params, state)
        if lot_text:
            line["check_lot"] = lot_text
        add = Decimal(meaning.fields["quantity"]) if meaning.fields.get("quantity") else pack
        line["check_qty"] = decimal_text(_dec(line["check_qty"]) + add)
        line["checked_at"] = iso(ctx.now)
        state["current"] = line["line"]
        if line["lot_tracked"] and not line["check_lot"]:
            state["awaiting_lot"] = True
            return Step(PENDING, "issuing.check_scan_lot", _lot_params(line), state)
        return self._check_scanned(state, line)

    def _check_lot(self, state: dict[str, Any], line: dict[str, Any], lot_text: str) -> Step:
        line["check_lot"] = lot_text
        state["awaiting_lot"] = False
        return Step(ACCEPTED, "issuing.check_lot", {**_lot_params(line), "lot": lot_text}, state)

    @staticmethod
    def _check_scanned(state: dict[str, Any], line: dict[str, Any]) -> Step:
        params = {**_lot_params(line), "qty": line["check_qty"]}
        return Step(ACCEPTED, "issuing.check_scanned", params, state)

    @staticmethod
    def _matches(line: dict[str, Any]) -> bool:
        picked, checked = _dec(line["qty"]), _dec(line["check_qty"])
        if picked != checked:
            return False
        return picked == 0 or (line["lot"] or None) == (line["check_lot"] or None)

    def _finish_check(self, ctx: Ctx, state: dict[str, Any]) -> Step:
        checker = state["checker"]
        todo = [ln for ln in state["lines"] if ln["status"] != "checked"]
        state["times"]["checked"] = iso(ctx.now)
        mismatched = []
        for line in todo:
            ok = self._matches(line)
            lot = (
                lot_of(ctx.conn, line["item_id"], line["check_lot"]) if line["check_lot"] else None
            )
            add_version(
                ctx.conn,
                ctx.now,
                run_id=state["run_id"],
                line_no=line["line"],
                round=state["round"],
                role="check",
                user_id=checker["id"],
                item_id=line["item_id"],
                lot_id=lot.id if lot else None,
                lot_no=line["check_lot"],
                location_id=None,
                qty=_dec(line["check_qty"]),
                outcome="match" if ok else "mismatch",
            )
            if ok:
                line["status"], line["checked_by"] = "checked", checker
            else:
                mismatched.append(line)
        update_run(ctx.conn, state["run_id"], ctx.now, checked_at=iso(ctx.now))
        if mismatched:
            return self._send_back(ctx, state, mismatched)
        return self._post(ctx, state)

    def _send_back(self, ctx: Ctx, state: dict[str, Any], lines: list[dict[str, Any]]) -> Step:
        checker = state["checker"]
        versions = []
        for line in lines:
            picked = {"qty": line["qty"], "lot": line["lot"], "location": line["location"]}
            checked = {"qty": line["check_qty"], "lot": line["check_lot"]}
            versions.append(
                {"line": line["line"], "sku": line["sku"], "picked": picked, "checked": checked}
            )
            line.update(
                returned={"picked": picked, "checked": checked},
                status="open",
                qty="0",
                lot=None,
                lot_id=None,
                location=None,
                location_id=None,
                short_reason=None,
                picked_at=None,
                check_qty="0",
                check_lot=None,
                checked_at=None,
            )
        detail = {
            "reference": state["reference"],
            "round": state["round"],
            "picker_id": state["picker"]["id"],
            "checker_id": checker["id"],
            "lines": versions,
        }
        ctx.audit("issue.mismatch", detail)
        state["phase"], state["checker"], state["current"] = "picking", None, None
        update_run(ctx.conn, state["run_id"], ctx.now, status="picking")
        set_order_status(ctx.conn, state["order_id"], "picking", ctx.now)
        numbers = ", ".join(str(line["line"]) for line in lines)
        return Step(REJECTED, "issuing.mismatch", {"count": len(lines), "lines": numbers}, state)

    # -- posting and cancelling --------------------------------------------------------------
    def _post(self, ctx: Ctx, state: dict[str, Any]) -> Step:
        to_issue = [ln for ln in state["lines"] if _dec(ln["qty"]) > 0]
        for line in to_issue:
            have = available(ctx.conn, line["item_id"], line["lot_id"], line["location_id"])
            if have < _dec(line["qty"]):
                params = {
                    **_lot_params(line),
                    "available": decimal_text(have),
                    "lot": line["lot"] or "-",
                    "location": line["location"],
                }
                back = self._send_back(ctx, state, [line])
                return Step(REJECTED, "issuing.stock_changed", params, back.state)
        state["times"]["posted"] = iso(ctx.now)
        picker = state["picker"]
        for line in to_issue:
            checker = line["checked_by"] or state["checker"]
            movement_id = ctx.post(
                Movement(
                    kind="issue",
                    item_id=line["item_id"],
                    location_id=line["location_id"],
                    qty=-_dec(line["qty"]),
                    lot_id=line["lot_id"],
                    user_id=picker["id"],
                    user2_id=checker["id"],
                    reason=f"issue to {state['destination']}",
                    reference=state["reference"],
                    extra={"issue": self._movement_extra(state, line, checker)},
                )
            )
            add_version(
                ctx.conn,
                ctx.now,
                run_id=state["run_id"],
                line_no=line["line"],
                round=state["round"],
                role="post",
                user_id=checker["id"],
                item_id=line["item_id"],
                lot_id=line["lot_id"],
                lot_no=line["lot"],
                location_id=line["location_id"],
                qty=_dec(line["qty"]),
                short_reason=line["short_reason"] or "",
                outcome="posted",
                movement_id=movement_id,
            )
        return self._finish_posting(ctx, state, to_issue)

    @staticmethod
    def _movement_extra(
        state: dict[str, Any], line: dict[str, Any], checker: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "order": state["reference"],
            "line": line["line"],
            "run_id": state["run_id"],
            "round": state["round"],
            "picker": state["picker"]["badge"],
            "checker": checker["badge"],
            "short_reason": line["short_reason"],
            "picked_at": line["picked_at"],
            "checked_at": line["checked_at"],
            **{f"{step}_at": when for step, when in state["times"].items()},
        }

    def _finish_posting(
        self, ctx: Ctx, state: dict[str, Any], issued: list[dict[str, Any]]
    ) -> Step:
        order_id = state["order_id"]
        update_run(
            ctx.conn, state["run_id"], ctx.now, status="posted", posted_at=iso(ctx.now), state=state
        )
        done = issued_so_far(ctx.conn, order_id)
        left = remaining_lines(ctx.conn, order_id)
        status = "partial" if left else "issued"
        set_order_status(ctx.conn, order_id, status, ctx.now)
        checkers = sorted({(ln["checked_by"] or state["checker"])["name"] for ln in issued})
        ctx.audit(
            "issue.posted",
            {
                "reference": state["reference"],
                "run_id": state["run_id"],
                "status": status,
                "lines": {str(k): decimal_text(v) for k, v in sorted(done.items())},
            },
        )
        params = {
            "reference": state["reference"],
            "lines": len(issued),
            "picker": state["picker"]["name"],
            "checker": ", ".join(checkers),
        }
        effects = []
        if ctx.settings.get("issuing_dispatch_note", True):
            effects.append(dispatch_note_effect(state, issued, ctx.who.station_id, status))
        key = "issuing.posted" if status == "issued" else "issuing.posted_partial"
        return Step(ACCEPTED, key, params, {}, switch_to="lookup", effects=effects)

    def _cancel(self, ctx: Ctx, state: dict[str, Any]) -> Step:
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

    def _undo(self, ctx: Ctx, state: dict[str, Any]) -> Step:
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
            line.update(
                qty="0",
                lot=None,
                lot_id=None,
                location=None,
                location_id=None,
                short_reason=None,
                picked_at=None,
            )
        else:
            line.update(check_qty="0", check_lot=None, checked_at=None)
        state["awaiting_lot"], state["current"] = False, None
        return Step(ACCEPTED, "issuing.undone", {"line": line["line"]}, state)

    # -- shared ------------------------------------------------------------------------------
    @staticmethod
    def _ref(state: dict[str, Any]) -> dict[str, Any]:
        return {"reference": state.get("reference")}

    @staticmethod
    def _saved(ctx: Ctx, step: Step) -> Step:
        """Keep the run's resumable state with the step (same transaction)."""
        run_id = step.state.get("run_id") if step.state else None
        if run_id and step.state.get("phase") != "choose":
            update_run(ctx.conn, run_id, ctx.now, state=step.state)
        return step

    # -- what outcomes show ------------------------------------------------------------------
    def public_state(self, state: dict[str, Any]) -> dict[str, Any]:
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
            "location": (state.get("location") or {}).get("code"),
            "current_line": state.get("current"),
            "awaiting": self._awaiting(state),
            "blind": blind,
            "lines": [self._public_line(ln, phase) for ln in state["lines"]],
        }

    @staticmethod
    def _awaiting(state: dict[str, Any]) -> str:
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
    def _public_line(line: dict[str, Any], phase: str) -> dict[str, Any]:
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
            keep = ("lot", "location", "expiry", "received", "rule")
            shown.update(
                suggested=None if suggested is None else {k: suggested[k] for k in keep},
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

    def wants_badge(self, state: dict[str, Any]) -> bool:
        """True while a checker's badge is expected: then even the logged-in picker's own badge
        is an answer (refused, ``issuing.same_person``), not a logout. For the engine; see
        docs/workflows/issuing.md, *Limits*."""
        return state.get("phase") == "handover"

    def participants(self, state: dict[str, Any]) -> list[dict[str, Any]]:
        checker = state.get("checker") or state.get("candidate")
        return [dict(checker)] if checker else []


def _public_user(user: dict[str, Any]) -> dict[str, Any]:
    return {"badge": user["badge"], "name": user["name"], "role": user["role"]}


WORKFLOWS = [IssuingWorkflow()]
