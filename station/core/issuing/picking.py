# SPDX-License-Identifier: Apache-2.0
"""Issuing's picking: a new run's state, locations, items, lots (FEFO), quantities, short lines,
and locking the order for the hand-over; sending lines back to the picker.

The first link of :class:`station.core.issuing.workflow.IssuingWorkflow`; states are plain
JSON (docs/workflows/issuing.md).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..engine.inputs import ACCEPTED, PENDING, REJECTED, Choose, InputEvent, Qty, TextInput
from ..engine.workflow import BaseWorkflow, Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.events import iso
from ..store.types import decimal_text
from .fefo import LotStock, jumps_the_queue, lot_stock, rule_of, suggest
from .state import (
    NOT_CHECKED,
    NOT_PICKED,
    IssueLine,
    IssueState,
    IssueUser,
    Suggestion,
    clear_check,
    clear_pick,
)
from .store import (
    Order,
    add_version,
    available,
    lot_of,
    remaining_lines,
    set_order_status,
    update_run,
)

ZERO = Decimal(0)


ACTIVE_ORDER_STATUSES = ("picking", "locked", "checking")


def _dec(text: str | None) -> Decimal:
    return Decimal(text) if text else ZERO


def _user_json(user: catalog.User) -> IssueUser:
    return {"id": user.id, "badge": user.badge, "name": user.name, "role": user.role}


def _line(state: IssueState, line_no: int | None) -> IssueLine | None:
    return next((ln for ln in state["lines"] if ln["line"] == line_no), None)


def _version(
    ctx: Ctx, state: IssueState, line: IssueLine, role: str, user_id: int, **values: Any
) -> None:
    """One version of ``line`` in this round: what ``role`` (pick, check, post) saw."""
    add_version(
        ctx.conn,
        ctx.now,
        run_id=state["run_id"],
        line_no=line["line"],
        round=state["round"],
        role=role,
        user_id=user_id,
        item_id=line["item_id"],
        **values,
    )


def _picked_version(
    ctx: Ctx, state: IssueState, line: IssueLine, role: str, user_id: int, **values: Any
) -> None:
    """The version of ``line`` as picked (its lot, location, quantity and short reason)."""
    _version(
        ctx,
        state,
        line,
        role,
        user_id,
        lot_id=line["lot_id"],
        lot_no=line["lot"],
        location_id=line["location_id"],
        qty=_dec(line["qty"]),
        short_reason=line["short_reason"] or "",
        **values,
    )


def _lot_params(line: IssueLine) -> dict[str, Any]:
    return {"line": line["line"], "sku": line["sku"], "unit": line["unit"]}


class Picking(BaseWorkflow[IssueState]):
    def _new_state(self, ctx: Ctx, order: Order, run_id: int) -> IssueState:
        lines: list[IssueLine] = []
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
                    **NOT_PICKED,
                    **NOT_CHECKED,
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
            "picker": {
                "id": ctx.user.id,
                "badge": ctx.user.badge,
                "name": ctx.user.name,
                "role": ctx.user.role,
            },
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
    def _suggestion(best: LotStock | None) -> Suggestion | None:
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
        self, ctx: Ctx, state: IssueState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        if isinstance(event, Qty):
            return self._pick_qty(ctx, state, event.amount)
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
    def _same_item(ctx: Ctx, state: IssueState, meaning: ScanMeaning) -> bool:
        """True when ``meaning`` is a scan of the current line's item."""
        line = _line(state, state["current"])
        found = catalog.item_by_gtin(ctx.conn, meaning.gtin) if meaning.gtin else None
        return line is not None and found is not None and found[0].id == line["item_id"]

    @staticmethod
    def _lot_first(state: IssueState, key: str) -> Step:
        """Refuse leaving a line whose lot is still missing."""
        line = _line(state, state["current"])
        assert line is not None  # awaiting_lot is set only with a current line
        return Step(REJECTED, key, _lot_params(line), state)

    def _pick_location(self, ctx: Ctx, state: IssueState, code: str) -> Step:
        loc = catalog.location_by_code(ctx.conn, code) or catalog.location_by_barcode(
            ctx.conn, code
        )
        if loc is None:
            return Step(REJECTED, "scan.unknown_location", {"code": code}, state)
        state["location"] = {"id": loc.id, "code": loc.code}
        return Step(ACCEPTED, "issuing.location", {"location": loc.code}, state)

    def _pick_item(self, ctx: Ctx, state: IssueState, meaning: ScanMeaning) -> Step:
        found = catalog.item_by_gtin(ctx.conn, meaning.gtin or "")
        if found is None:
            return Step(REJECTED, "scan.unknown_gtin", {"gtin": meaning.gtin}, state)
        item, pack = found
        mine = [ln for ln in state["lines"] if ln["item_id"] == item.id]
        if not mine:
            params: dict[str, Any] = {
                "sku": item.sku,
                "name": item.name,
                "reference": state["reference"],
            }
            return Step(REJECTED, "issuing.wrong_item", params, state)
        open_lines = [ln for ln in mine if ln["status"] != "checked" and not self._full(ln)]
        current = _line(state, state["current"])
        line = current if current in open_lines else (open_lines[0] if open_lines else None)
        if line is None:
            return Step(REJECTED, "issuing.line_complete", _lot_params(mine[0]), state)
        where = state["location"]
        if where is None:
            hint = line["suggested"]
            wanted = line["order_location"] or (hint["location"] if hint else None) or "?"
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
        add = Decimal(meaning.fields["quantity"]) if meaning.fields.get("quantity") else pack
        ctx.check_qty(line["unit"], add)  # before the line or the lot changes
        note: Step | None = None
        lot_text = meaning.fields.get("lot")
        if lot_text and lot_text != line["lot"]:
            note = self._take_lot(ctx, state, line, lot_text)
            if note.outcome == REJECTED:
                return note
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
    def _full(line: IssueLine) -> bool:
        return _dec(line["qty"]) >= _dec(line["ordered"])

    def _ask_lot(self, state: IssueState, line: IssueLine) -> Step:
        hint = line["suggested"]
        suggested = (hint["lot"] if hint else None) or line["order_lot"]
        if suggested:
            return Step(PENDING, "issuing.scan_lot", {**_lot_params(line), "lot": suggested}, state)
        return Step(PENDING, "issuing.scan_lot_any", _lot_params(line), state)

    def _picked(self, state: IssueState, line: IssueLine) -> Step:
        params = {**_lot_params(line), "qty": line["qty"], "ordered": line["ordered"]}
        return Step(ACCEPTED, "issuing.picked", {**params, "lot": line["lot"] or "-"}, state)

    def _set_qty(self, ctx: Ctx, state: IssueState, line: IssueLine, qty: Decimal) -> Step | None:
        """Set the picked quantity of ``line`` at the current location; a refusal or None."""
        params = {**_lot_params(line), "qty": decimal_text(qty), "ordered": line["ordered"]}
        if qty > _dec(line["ordered"]):
            return Step(REJECTED, "issuing.over_pick", params, state)
        where = state["location"]
        assert where is not None  # quantities come after the location
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
            {
                "qty": decimal_text(qty),
                "location": where["code"],
                "location_id": where["id"],
                "picked_at": iso(ctx.now),
                "short_reason": None,
            }
        )
        state["current"] = line["line"]
        return None

    def _pick_qty(self, ctx: Ctx, state: IssueState, qty: Decimal) -> Step:
        line = _line(state, state["current"])
        if line is None or state["location"] is None:
            return Step(REJECTED, "issuing.qty_no_line", {}, state)
        if qty < 0:
            return Step(REJECTED, "issuing.qty_negative", {}, state)
        ctx.check_qty(line["unit"], qty, zero_ok=True)  # 0: none picked here
        refused = self._set_qty(ctx, state, line, qty)
        if refused is not None:
            return refused
        if qty == 0:
            state["awaiting_lot"] = False
        if line["lot_tracked"] and line["lot"] is None and qty > 0:
            state["awaiting_lot"] = True
            return self._ask_lot(state, line)
        return self._picked(state, line)

    def _pick_lot(self, ctx: Ctx, state: IssueState, lot_text: str) -> Step:
        line = _line(state, state["current"])
        assert line is not None  # awaiting_lot is set only with a current line
        step = self._take_lot(ctx, state, line, lot_text)
        if step.outcome == REJECTED:
            return step
        refused = self._set_qty(ctx, state, line, _dec(line["qty"]))
        if refused is not None:
            line.update({"lot": None, "lot_id": None})
            state["awaiting_lot"] = True
            return refused
        return step

    def _take_lot(self, ctx: Ctx, state: IssueState, line: IssueLine, lot_text: str) -> Step:
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
        assert where is not None  # lots come after the location
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
        line.update({"lot": lot.lot_no, "lot_id": lot.id})
        state["awaiting_lot"] = False
        state["current"] = line["line"]
        if key.endswith("_taken"):
            return Step(ACCEPTED, key, self._fefo_params(params, line), state)
        return self._picked(state, line)

    def _fefo_key(self, ctx: Ctx, line: IssueLine, taken: LotStock) -> str:
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
    def _fefo_params(params: dict[str, Any], line: IssueLine) -> dict[str, Any]:
        best = line["suggested"]
        return {
            **params,
            "suggested": best["lot"] if best else None,
            "expiry": best["expiry"] if best else None,
            "received": best["received"] if best else None,
        }

    def _finish_picking(self, ctx: Ctx, state: IssueState) -> Step:
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

    def _short_reason(self, ctx: Ctx, state: IssueState, event: InputEvent) -> Step:
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

    def _lock(self, ctx: Ctx, state: IssueState) -> Step:
        state["round"] += 1
        state["phase"], state["location"], state["current"] = "handover", None, None
        state["awaiting_lot"] = False
        state["times"]["locked"] = iso(ctx.now)
        picker_id = state["picker"]["id"]
        for line in state["lines"]:
            if line["status"] == "checked":
                continue
            _picked_version(ctx, state, line, "pick", picker_id)
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
    def _picks(state: IssueState) -> list[dict[str, Any]]:
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

    def _send_back(self, ctx: Ctx, state: IssueState, lines: list[IssueLine]) -> Step:
        checker = state["checker"]
        assert checker is not None  # lines go back after a check
        versions = []
        for line in lines:
            picked = {"qty": line["qty"], "lot": line["lot"], "location": line["location"]}
            checked = {"qty": line["check_qty"], "lot": line["check_lot"]}
            versions.append(
                {"line": line["line"], "sku": line["sku"], "picked": picked, "checked": checked}
            )
            line["returned"], line["status"] = {"picked": picked, "checked": checked}, "open"
            clear_pick(line)
            clear_check(line)
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

    # -- shared ------------------------------------------------------------------------------
    @staticmethod
    def _ref(state: IssueState) -> dict[str, Any]:
        return {"reference": state.get("reference")}

    @staticmethod
    def _saved(ctx: Ctx, step: Step) -> Step:
        """Keep the run's resumable state with the step (same transaction)."""
        run_id = step.state.get("run_id") if step.state else None
        if run_id and step.state.get("phase") != "choose":
            update_run(ctx.conn, run_id, ctx.now, state=step.state)
        return step
