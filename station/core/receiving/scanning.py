# SPDX-License-Identifier: Apache-2.0
"""Receiving's scans: locations, items and quantities counted against the tally, expiry
checks, quarantine lines, and the supervisor's approval of an over-delivery.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ..engine.inputs import ACCEPTED, PENDING, REJECTED
from ..engine.permissions import allowed
from ..engine.quantities import scanned_quantity
from ..engine.workflow import Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.types import decimal_text
from .opening import VIEW_LINES, Opening, _view_line
from .state import ReceiveState, ViewLine, line_status
from .store import (
    NewScan,
    TallyLine,
    add_blind_line,
    count_scan,
    receipt_by_reference,
    tally_for_item,
    tally_lines,
)


class Scanning(Opening):
    def _typed_qty(self, state: ReceiveState, qty: Decimal) -> Step:
        if not qty.is_finite() or qty <= 0:
            return Step(REJECTED, "receiving.qty_invalid", {}, state)
        text = decimal_text(qty)
        new: ReceiveState = {**state, "next_qty": text}
        return Step(ACCEPTED, "receiving.qty_set", {"qty": text}, new)

    def _location(self, ctx: Ctx, state: ReceiveState, code: str) -> Step:
        loc = catalog.location_by_code(ctx.conn, code)
        if loc is None:
            return Step(REJECTED, "scan.unknown_location", {"code": code}, state)
        new: ReceiveState = {**state, "location": loc.code, "_location_id": loc.id}
        return Step(ACCEPTED, "receiving.location_set", {"code": loc.code}, new)

    def _text_scan(self, ctx: Ctx, state: ReceiveState, meaning: ScanMeaning) -> Step:
        text = meaning.text
        loc = catalog.location_by_barcode(ctx.conn, text)
        if loc is not None:
            return self._location(ctx, state, loc.code)
        item = catalog.item_by_sku(ctx.conn, text)
        if item is not None:
            return self._count_item(ctx, state, item, Decimal(1), None, None, None, text)
        receipt = receipt_by_reference(ctx.conn, text)
        if receipt is not None and receipt.reference != state["reference"]:
            return Step(REJECTED, "receiving.other_receipt", {"reference": text}, state)
        return Step(REJECTED, "receiving.not_an_item", {"text": text}, state)

    # -- item scans --------------------------------------------------------------------------
    def _item_scan(self, ctx: Ctx, state: ReceiveState, meaning: ScanMeaning) -> Step:
        fields = meaning.fields
        gtin = meaning.gtin or fields.get("content_gtin")
        lot = fields.get("lot")
        expiry = fields.get("expiry") or fields.get("best_before")
        count = fields.get("quantity")
        if gtin is None:
            return Step(REJECTED, "receiving.not_an_item", {"text": meaning.text}, state)
        found = catalog.item_by_gtin(ctx.conn, gtin)
        if found is None:
            qty = self._scan_qty(state, count, Decimal(1))
            scan = NewScan(meaning.text, qty, gtin=gtin, lot_no=lot, expiry=expiry)
            return self._quarantine(ctx, state, scan, "unknown_gtin", {"gtin": gtin})
        item, pack = found
        carried = scanned_quantity(fields, item.unit, pack)
        typed = state.get("next_qty")
        if typed:
            qty, source = Decimal(typed), "keypad"
        else:
            qty, source = (carried, "barcode") if carried else (pack, "pack")
        state = {**state, "_qty_source": source}  # for the last-scan card; not kept
        return self._count_item(ctx, state, item, qty, gtin, lot, expiry, meaning.text)

    @staticmethod
    def _scan_qty(state: ReceiveState, count: str | None, pack: Decimal) -> Decimal:
        typed = state.get("next_qty")
        if typed:
            return Decimal(typed)
        if count:
            try:
                return Decimal(count) * pack
            except InvalidOperation:
                return pack
        return pack

    def _expiry_check(
        self, ctx: Ctx, item: catalog.Item, lot: str | None, expiry: str | None, qty: Decimal
    ) -> tuple[str, str, dict[str, Any]] | None:
        """(flag, policy, params) when the lot is expired or short-dated, else None."""
        if not expiry:
            return None
        try:
            ends = date.fromisoformat(expiry)
        except ValueError:
            return None
        today = ctx.now.date()
        params: dict[str, Any] = {"sku": item.sku, "lot": lot or "-", "expiry": expiry}
        params["qty"] = decimal_text(qty)
        if ends < today:
            return "expired", str(ctx.settings.get("receiving_expired_policy")), params
        days = (ends - today).days
        needed = item.min_shelf_life_days
        if needed and days < needed:
            policy = str(ctx.settings.get("receiving_short_shelf_life_policy"))
            return "short_shelf_life", policy, {**params, "days": days, "min": needed}
        return None

    def _count_item(
        self,
        ctx: Ctx,
        state: ReceiveState,
        item: catalog.Item,
        qty: Decimal,
        gtin: str | None,
        lot: str | None,
        expiry: str | None,
        text: str,
    ) -> Step:
        ctx.check_qty(item.unit, qty)  # the quantity rules, before anything is written
        check = self._expiry_check(ctx, item, lot, expiry, qty)
        flag = ""
        if check is not None:
            flag, policy, params = check
            base = "receiving.expired" if flag == "expired" else "receiving.short_life"
            if policy != "flag":
                return Step(REJECTED, f"{base}_refused", params, state)
        session_id = int(state["_session"])
        candidates = tally_for_item(ctx.conn, session_id, item.id)
        if not candidates:
            if not state.get("blind"):
                scan = NewScan(text, qty, item_id=item.id, gtin=gtin, lot_no=lot, expiry=expiry)
                params = {"sku": item.sku, "name": item.name, "reference": state["reference"]}
                return self._quarantine(ctx, state, scan, "not_on_receipt", params)
            candidates = [add_blind_line(ctx.conn, session_id, item.id)]
            state = self._blind_line_added(state, candidates[0])
        line = self._pick_line(candidates, lot)
        scan = NewScan(
            text,
            qty,
            tally_id=line.id,
            item_id=item.id,
            gtin=gtin,
            lot_no=lot,
            expiry=expiry,
            flag=flag,
        )
        limit = self._over_limit(ctx, line)
        if limit is not None and line.received + qty > limit:
            return self._ask_approval(ctx, state, line, scan, limit)
        return self._record(ctx, state, line, scan)

    @staticmethod
    def _pick_line(candidates: list[TallyLine], lot: str | None) -> TallyLine:
        if lot:
            for line in candidates:
                if line.lot_no == lot:
                    return line
        for line in candidates:
            if line.expected is None or line.received < line.expected:
                if not line.lot_no or not lot:
                    return line
        return candidates[0]

    @staticmethod
    def _over_limit(ctx: Ctx, line: TallyLine) -> Decimal | None:
        """The most the line may reach without approval; None: no limit (blind line)."""
        if line.expected is None:
            return None
        try:
            pct = Decimal(str(ctx.settings.get("receiving_over_tolerance_pct") or "0"))
        except InvalidOperation:
            pct = Decimal(0)
        limit = line.expected * (1 + pct / 100)
        if line.approved is not None and line.approved > limit:
            return line.approved
        return limit

    def _blind_line_added(self, state: ReceiveState, line: TallyLine) -> ReceiveState:
        summary = {**state["summary"], "lines": state["summary"]["lines"] + 1}
        summary["blind"] += 1
        lines = state["lines"]
        if len(lines) < VIEW_LINES:
            lines = [*lines, _view_line(line)]
        return {
            **state,
            "summary": summary,
            "lines": lines,
            "lines_total": state["lines_total"] + 1,
        }

    def _record(self, ctx: Ctx, state: ReceiveState, line: TallyLine, scan: NewScan) -> Step:
        """Count ``scan`` on ``line`` and answer with the line's new standing."""
        received = line.received + scan.qty
        count_scan(ctx.conn, int(state["_session"]), scan, received, ctx.user.id, ctx.now)
        new = self._line_changed(ctx, state, line, line.received, received)
        summary = {**new["summary"], "scans": new["summary"]["scans"] + 1}
        new["summary"] = summary
        new["next_qty"] = None
        source = new.pop("_qty_source", None)
        status = line_status(line.expected, received)
        last = {
            "line": line.line_no,
            "sku": line.sku,
            "name": line.name,
            "unit": line.unit,
            "qty": decimal_text(scan.qty),
            "lot": scan.lot_no,
            "expiry": scan.expiry,
            "days_left": (
                (date.fromisoformat(scan.expiry) - ctx.now.date()).days if scan.expiry else None
            ),
            "qty_source": source,
            "expected": None if line.expected is None else decimal_text(line.expected),
            "received": decimal_text(received),
            "status": status,
            "flag": scan.flag or None,
            "quarantine": None,
        }
        new["last"] = last
        params = {
            "sku": line.sku,
            "name": line.name,
            "unit": line.unit,
            "qty": decimal_text(scan.qty),
            "received": decimal_text(received),
            "expected": last["expected"],
            "status": status,
            "lot": scan.lot_no or "-",
            "expiry": scan.expiry,
        }
        if scan.flag:
            entry = self._flag_entry(line, scan.flag, scan.lot_no, scan.expiry)
            new["flagged"] = [*state.get("flagged", []), entry]
            new["summary"] = {**new["summary"], "flagged": new["summary"]["flagged"] + 1}
            if scan.flag == "expired":
                return Step(ACCEPTED, "receiving.expired_flagged", params, new)
            item = catalog.item_by_id(ctx.conn, line.item_id)
            needed = item.min_shelf_life_days if item else None
            days = (date.fromisoformat(scan.expiry) - ctx.now.date()).days if scan.expiry else 0
            return Step(
                ACCEPTED,
                "receiving.short_life_flagged",
                {**params, "days": days, "min": needed},
                new,
            )
        key = "receiving.counted_blind" if line.expected is None else "receiving.counted"
        return Step(ACCEPTED, key, params, new)

    def _line_changed(
        self,
        ctx: Ctx,
        state: ReceiveState,
        line: TallyLine,
        old: Decimal,
        received: Decimal,
    ) -> ReceiveState:
        """A new state with ``line`` at ``received``: counts and the view updated."""
        summary = dict(state["summary"])
        summary[line_status(line.expected, old)] -= 1
        summary[line_status(line.expected, received)] += 1
        lines: list[ViewLine] = state["lines"]
        index = next((i for i, v in enumerate(lines) if v["line"] == line.line_no), None)
        if index is not None:
            lines = [*lines]
            lines[index] = _view_line(line, received)
        else:
            start = max(1, line.line_no - 5)
            lines = [
                _view_line(each)
                for each in tally_lines(
                    ctx.conn, int(state["_session"]), from_line=start, limit=VIEW_LINES
                )
            ]
        return {**state, "summary": summary, "lines": lines}

    def _quarantine(
        self,
        ctx: Ctx,
        state: ReceiveState,
        scan: NewScan,
        reason: str,
        params: dict[str, Any],
    ) -> Step:
        scan = replace(scan, quarantine=reason)
        scan_id = count_scan(ctx.conn, int(state["_session"]), scan, None, ctx.user.id, ctx.now)
        entry = {
            "id": scan_id,
            "reason": reason,
            "gtin": scan.gtin,
            "sku": params.get("sku"),
            "text": scan.scan_text,
            "qty": decimal_text(scan.qty),
            "lot": scan.lot_no,
            "expiry": scan.expiry,
        }
        quarantine = [*state.get("quarantine", []), entry]
        summary = {
            **state["summary"],
            "quarantined": state["summary"]["quarantined"] + 1,
            "scans": state["summary"]["scans"] + 1,
        }
        last = {
            "line": None,
            "sku": params.get("sku"),
            "name": params.get("name"),
            "unit": None,
            "qty": decimal_text(scan.qty),
            "lot": scan.lot_no,
            "expiry": scan.expiry,
            "expected": None,
            "received": None,
            "status": "quarantine",
            "flag": None,
            "quarantine": reason,
        }
        new: ReceiveState = {**state, "quarantine": quarantine, "summary": summary, "last": last}
        new["next_qty"] = None
        key = (
            "receiving.quarantined_unknown"
            if reason == "unknown_gtin"
            else "receiving.quarantined_not_on_receipt"
        )
        return Step(ACCEPTED, key, {**params, "n": len(quarantine)}, new)

    # -- over-receipt approval ---------------------------------------------------------------
    def _ask_approval(
        self, ctx: Ctx, state: ReceiveState, line: TallyLine, scan: NewScan, limit: Decimal
    ) -> Step:
        would_be = line.received + scan.qty
        pending = {
            "line": line.line_no,
            "sku": line.sku,
            "expected": decimal_text(line.expected or Decimal(0)),
            "received": decimal_text(line.received),
            "qty": decimal_text(scan.qty),
            "would_be": decimal_text(would_be),
            "limit": decimal_text(limit),
        }
        raw = asdict(scan)
        raw["qty"] = decimal_text(scan.qty)
        new: ReceiveState = {
            **state,
            "stage": "over_approval",
            "pending_over": pending,
            "_pending": raw,
        }
        new["approver"] = None
        if allowed(ctx.user.role, "approve_over_receipt"):
            confirm = {"action": "approve_over_receipt", "approver_id": ctx.user.id}
            return Step(PENDING, "receiving.over_confirm", pending, new, confirm=confirm)
        return Step(PENDING, "receiving.over_needs_supervisor", pending, new)

    def _approval_input(self, ctx: Ctx, state: ReceiveState, meaning: ScanMeaning | None) -> Step:
        if meaning is None or meaning.kind != "badge" or meaning.internal is None:
            return Step(REJECTED, "receiving.over_waiting", {}, state)
        user = catalog.user_by_badge(ctx.conn, meaning.internal.value)
        if user is None:
            return Step(REJECTED, "login.badge_unknown", {"badge": meaning.internal.value}, state)
        if not user.active or not allowed(user.role, "approve_over_receipt"):
            return Step(
                REJECTED,
                "receiving.approver_not_allowed",
                {"name": user.name, "role": user.role},
                state,
            )
        approver = {"id": user.id, "badge": user.badge, "name": user.name, "role": user.role}
        new: ReceiveState = {**state, "approver": approver}
        confirm = {"pin_of": user.id, "action": "approve_over_receipt", "approver_id": user.id}
        params = {**state["pending_over"], "name": user.name}
        return Step(PENDING, "receiving.over_approver_pin", params, new, confirm=confirm)

    @staticmethod
    def _clear_pending(state: ReceiveState) -> ReceiveState:
        new = state.copy()
        new.pop("pending_over", None)
        new.pop("_pending", None)
        new.pop("approver", None)
        new["stage"] = "items"
        return new
