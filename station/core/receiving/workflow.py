# SPDX-License-Identifier: Apache-2.0
"""Scan-to-receive: a delivery received against its expected receipt, by scanning alone.

Flow: a receipt reference scanned at home (or ``$CMD-RECEIVE`` and a choice from the open
list, or "blind receipt" with supplier and reference scanned or typed) opens a *receipt
session*; item scans count against the tally; a location scan sets the put-away location;
``$CMD-DONE`` posts the receipt movements, shows the discrepancy summary and queues batch
labels and the discrepancy PDF as effects.

Per scan: a GS1 scan gives GTIN (AI 01, or 02 on a logistic unit), lot (10), expiry (17, or
15) and quantity (30/37, times the GTIN's pack quantity); a plain EAN/ITF-14 adds its pack
quantity; a quantity typed first (``Qty``) replaces that for the next scan. A GTIN not on the
receipt, or not known at all, becomes a quarantine line with the scan kept. Expired or
short-dated lots are refused or flagged per settings. A line going over its expected quantity
beyond the tolerance waits for a supervisor's badge and PIN. ``$CMD-UNDO`` takes back the last
scan; ``$CMD-CANCEL`` leaves the receipt half done (kept in the store: scanning the reference
again carries on, after a restart too).

The tally lives in the store (``receipt_tally``, ``receipt_scans``), so a scan costs the same
on a 1,000-line receipt as on a 3-line one; the workflow state holds the session id, a view
of at most :data:`VIEW_LINES` lines and running counts (docs/workflows/receiving.md documents
the state object, messages and settings). Runs inside the engine's write transaction.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ..engine.inputs import ACCEPTED, PENDING, REJECTED, Choose, InputEvent, Qty, TextInput
from ..engine.messages import register_choices, register_messages
from ..engine.permissions import allowed
from ..engine.settings import register_settings
from ..engine.workflow import BaseWorkflow, Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.types import decimal_text
from .posting import post_session
from .store import (
    OPEN_RECEIPT_STATUSES,
    NewScan,
    Session,
    TallyLine,
    add_blind_line,
    count_scan,
    finish_session,
    open_blind_session,
    open_receipts,
    open_session_for,
    receipt_by_reference,
    session_by_id,
    session_scans,
    set_approved,
    set_receipt_status,
    start_blind_session,
    start_session,
    tally_for_item,
    tally_line,
    tally_lines,
    undo_last,
)

VIEW_LINES = 40
"""At most this many tally lines travel in the state (the rest stay in the store)."""

MESSAGES = {
    "receiving.choose": "Scan the receipt reference, or choose one of the {count} open receipts.",
    "receiving.none_open": "No receipts are expected. Choose 1 to receive blind.",
    "receiving.started": "{reference} from {supplier}: {lines} lines. Scan the items.",
    "receiving.resumed": "{reference} carried on: {done} of {lines} lines complete. Scan on.",
    "receiving.blind_supplier": "Blind receipt: scan or type the supplier.",
    "receiving.blind_reference": "Supplier {supplier}. Now scan or type the delivery reference.",
    "receiving.blind_started": (
        "Blind receipt {reference} from {supplier}: it will be marked for review. Scan the items."
    ),
    "receiving.blind_reference_expected": (
        "{reference} is an expected receipt: scan it at home to receive against it."
    ),
    "receiving.text_expected": "Scan or type the {what}.",
    "receiving.counted": "{sku} {name}: +{qty}, {received} of {expected} {unit} ({status}).",
    "receiving.counted_blind": "{sku} {name}: +{qty}, {received} {unit} received.",
    "receiving.expired_flagged": (
        "{sku} lot {lot} expired on {expiry}: counted (+{qty}) and FLAGGED for a supervisor."
    ),
    "receiving.short_life_flagged": (
        "{sku} lot {lot} has {days} days of shelf life left ({min} needed): counted (+{qty}) "
        "and FLAGGED."
    ),
    "receiving.expired_refused": (
        "{sku} lot {lot} expired on {expiry}: REFUSED. Put it aside, do not receive it."
    ),
    "receiving.short_life_refused": (
        "{sku} lot {lot} has only {days} days of shelf life left ({min} needed): REFUSED."
    ),
    "receiving.quarantined_unknown": (
        "GTIN {gtin} is not a known item: put it on the quarantine shelf (line Q{n}). "
        "The scan is kept."
    ),
    "receiving.quarantined_not_on_receipt": (
        "{sku} {name} is not on {reference}: put it on the quarantine shelf (line Q{n})."
    ),
    "receiving.over_needs_supervisor": (
        "{sku}: {would_be} would be over the {expected} ordered (limit {limit}). A supervisor "
        "must scan their badge to approve, or CANCEL."
    ),
    "receiving.over_confirm": (
        "{sku}: {would_be} of {expected} ordered. Enter your PIN to approve the over-receipt, "
        "or CANCEL."
    ),
    "receiving.over_approver_pin": (
        "{name}: enter your PIN to approve {would_be} of {expected} {sku}."
    ),
    "receiving.over_approved": "Over-receipt approved by {name}: {sku} {received} of {expected}.",
    "receiving.over_refused": "Not received: the extra {qty} {sku} go back to the supplier.",
    "receiving.over_waiting": (
        "Waiting for a supervisor's badge to approve the over-receipt, or CANCEL."
    ),
    "receiving.approver_not_allowed": (
        "{name} ({role}) may not approve an over-receipt: a supervisor must."
    ),
    "receiving.qty_set": "The next scan counts {qty}.",
    "receiving.qty_invalid": "A quantity must be more than 0.",
    "receiving.location_set": "Put-away location {code}. Scan DONE to post the receipt.",
    "receiving.location_needed": "Scan the put-away location first, then DONE.",
    "receiving.nothing_received": "Nothing scanned yet. Scan items, or CANCEL to leave.",
    "receiving.undone": "Undone: {sku} {qty}. Line {line} now {received}.",
    "receiving.undone_quarantine": "Undone: quarantine line for {text}.",
    "receiving.undone_qty": "Typed quantity cleared.",
    "receiving.left": "{reference} left half done: scan it again to carry on.",
    "receiving.discarded": "{reference} left; nothing was received.",
    "receiving.posted": (
        "{reference} posted into {location}: {complete} complete, {short} short, {over} over, "
        "{quarantined} quarantined."
    ),
    "receiving.posted_clean": "{reference} posted into {location}: everything as ordered.",
    "receiving.finished": "{reference} is posted. Scan DONE to go back, or the next receipt.",
    "receiving.not_an_item": "{text} is not an item. Scan the item's barcode.",
    "receiving.unknown_receipt": "{text} is not an open receipt.",
    "receiving.other_receipt": "{reference} is another receipt: finish or leave this one first.",
}
register_messages(MESSAGES)

SETTINGS: dict[str, Any] = {
    "receiving_over_tolerance_pct": "0",
    "receiving_expired_policy": "refuse",
    "receiving_short_shelf_life_policy": "flag",
    "receiving_staging_location": "RECV-01",
    "receiving_quarantine_location": "QUAR-01",
}
register_settings(SETTINGS)
register_choices(["Blind receipt (nothing expected)"])

STATUS_KEYS = ("open", "short", "complete", "over", "blind")


def line_status(expected: Decimal | None, received: Decimal) -> str:
    """``blind`` (nothing expected), ``open`` (nothing yet), ``short``, ``complete``, ``over``."""
    if expected is None:
        return "blind"
    if received == 0 and expected > 0:
        return "open"
    if received < expected:
        return "short"
    return "complete" if received == expected else "over"


def _view_line(line: TallyLine, received: Decimal | None = None) -> dict[str, Any]:
    got = line.received if received is None else received
    return {
        "line": line.line_no,
        "sku": line.sku,
        "name": line.name,
        "unit": line.unit,
        "expected": None if line.expected is None else decimal_text(line.expected),
        "received": decimal_text(got),
        "status": line_status(line.expected, got),
        "lot": line.lot_no,
    }


def _qty_text(value: Decimal) -> str:
    return decimal_text(value)


class ReceiveWorkflow(BaseWorkflow):
    name = "receive"
    permission = "receive"
    title = "Receive goods"
    command: str | None = "RECEIVE"
    order = 10

    # -- starting ----------------------------------------------------------------------------
    def claims(self, ctx: Ctx, meaning: ScanMeaning) -> bool:
        if meaning.kind != "text":
            return False
        receipt = receipt_by_reference(ctx.conn, meaning.text)
        if receipt is not None:
            return receipt.status in OPEN_RECEIPT_STATUSES
        return open_blind_session(ctx.conn, meaning.text) is not None

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        if meaning is not None and meaning.kind == "text":
            opened = self._open_reference(ctx, meaning.text)
            if opened is not None:
                return opened
        return self._choose_step(ctx)

    def _choose_step(self, ctx: Ctx) -> Step:
        receipts = open_receipts(ctx.conn)
        choices = [
            f"{r.reference} — {r.supplier}" + (" (in progress)" if r.status == "receiving" else "")
            for r in receipts
        ]
        choices.append("Blind receipt (nothing expected)")
        state = {"stage": "choose", "_choices": [r.reference for r in receipts]}
        key = "receiving.choose" if receipts else "receiving.none_open"
        return Step(PENDING, key, {"count": len(receipts)}, state, choices=choices)

    def _open_reference(self, ctx: Ctx, reference: str) -> Step | None:
        """Open or carry on the receipt ``reference``; None when it is not an open receipt."""
        receipt = receipt_by_reference(ctx.conn, reference)
        if receipt is not None and receipt.status in OPEN_RECEIPT_STATUSES:
            session = open_session_for(ctx.conn, receipt.id)
            if session is None:
                session = start_session(ctx.conn, receipt, ctx.user.id, ctx.now)
                ctx.audit("receipt.started", {"reference": receipt.reference})
                state = self._session_state(ctx, session)
                params = {
                    "reference": session.reference,
                    "supplier": session.supplier,
                    "lines": state["lines_total"],
                }
                return Step(ACCEPTED, "receiving.started", params, state)
            return self._resumed(ctx, session)
        if receipt is None:
            blind = open_blind_session(ctx.conn, reference)
            if blind is not None:
                return self._resumed(ctx, blind)
        return None

    def _resumed(self, ctx: Ctx, session: Session) -> Step:
        state = self._session_state(ctx, session)
        summary = state["summary"]
        params = {
            "reference": session.reference,
            "done": summary["complete"] + summary["over"] + summary["blind"],
            "lines": state["lines_total"],
        }
        return Step(ACCEPTED, "receiving.resumed", params, state)

    def _session_state(self, ctx: Ctx, session: Session) -> dict[str, Any]:
        """The whole state of a session, rebuilt from the store (start and carry-on only)."""
        lines = tally_lines(ctx.conn, session.id)
        summary = {key: 0 for key in STATUS_KEYS}
        for line in lines:
            summary[line_status(line.expected, line.received)] += 1
        quarantine: list[dict[str, Any]] = []
        flagged: list[dict[str, Any]] = []
        scans = session_scans(ctx.conn, session.id)
        by_id = {line.id: line for line in lines}
        for scan in scans:
            if scan.quarantine:
                quarantine.append(self._quarantine_entry(ctx, scan.id, scan.quarantine, scan))
            elif scan.flag and scan.tally_id in by_id:
                flagged.append(
                    self._flag_entry(by_id[scan.tally_id], scan.flag, scan.lot_no, scan.expiry)
                )
        summary.update(
            lines=len(lines), quarantined=len(quarantine), flagged=len(flagged), scans=len(scans)
        )
        return {
            "stage": "items",
            "_session": session.id,
            "reference": session.reference,
            "supplier": session.supplier,
            "blind": session.blind,
            "location": None,
            "_location_id": None,
            "next_qty": None,
            "lines": [_view_line(line) for line in lines[:VIEW_LINES]],
            "lines_total": len(lines),
            "summary": summary,
            "last": None,
            "quarantine": quarantine,
            "flagged": flagged,
        }

    @staticmethod
    def _quarantine_entry(ctx: Ctx, scan_id: int, reason: str, scan: Any) -> dict[str, Any]:
        item = catalog.item_by_id(ctx.conn, scan.item_id) if scan.item_id else None
        return {
            "id": scan_id,
            "reason": reason,
            "gtin": scan.gtin,
            "sku": item.sku if item else None,
            "text": scan.scan_text,
            "qty": decimal_text(scan.qty),
            "lot": scan.lot_no,
            "expiry": scan.expiry,
        }

    @staticmethod
    def _flag_entry(
        line: TallyLine, flag: str, lot: str | None, expiry: str | None
    ) -> dict[str, Any]:
        return {"line": line.line_no, "sku": line.sku, "lot": lot, "expiry": expiry, "flag": flag}

    # -- inputs ------------------------------------------------------------------------------
    def handle(
        self, ctx: Ctx, state: dict[str, Any], event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        stage = state.get("stage")
        if stage == "choose":
            return self._choose_input(ctx, state, event, meaning)
        if stage in ("blind_supplier", "blind_reference"):
            return self._blind_input(ctx, state, event, meaning)
        if stage == "over_approval":
            return self._approval_input(ctx, state, meaning)
        if stage == "done":
            if meaning is not None and meaning.kind == "text":
                opened = self._open_reference(ctx, meaning.text)
                if opened is not None:
                    return opened
            return Step(REJECTED, "receiving.finished", {"reference": state["reference"]}, state)
        if isinstance(event, Qty):
            return self._typed_qty(state, event.qty)
        if meaning is None:
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        if meaning.kind == "location" and meaning.internal is not None:
            return self._location(ctx, state, meaning.internal.value)
        if meaning.kind in ("gtin", "gs1"):
            return self._item_scan(ctx, state, meaning)
        if meaning.kind == "text":
            return self._text_scan(ctx, state, meaning)
        return Step(REJECTED, "input.unexpected", {"what": meaning.kind}, state)

    def _choose_input(
        self, ctx: Ctx, state: dict[str, Any], event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        refs: list[str] = state.get("_choices", [])
        if isinstance(event, Choose):
            if not 1 <= event.n <= len(refs) + 1:
                return Step(REJECTED, "choose.out_of_range", {"count": len(refs) + 1}, state)
            if event.n == len(refs) + 1:
                return Step(PENDING, "receiving.blind_supplier", {}, {"stage": "blind_supplier"})
            opened = self._open_reference(ctx, refs[event.n - 1])
            if opened is not None:
                return opened
            return Step(REJECTED, "receiving.unknown_receipt", {"text": refs[event.n - 1]}, state)
        if meaning is not None and meaning.kind == "text":
            opened = self._open_reference(ctx, meaning.text)
            if opened is not None:
                return opened
            return Step(REJECTED, "receiving.unknown_receipt", {"text": meaning.text}, state)
        return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)

    def _blind_input(
        self, ctx: Ctx, state: dict[str, Any], event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        text = ""
        if isinstance(event, TextInput):
            text = event.text.strip()
        elif meaning is not None and meaning.kind == "text":
            text = meaning.text.strip()
        what = "supplier" if state["stage"] == "blind_supplier" else "delivery reference"
        if not text:
            return Step(REJECTED, "receiving.text_expected", {"what": what}, state)
        if state["stage"] == "blind_supplier":
            new = {"stage": "blind_reference", "supplier": text}
            return Step(PENDING, "receiving.blind_reference", {"supplier": text}, new)
        expected = receipt_by_reference(ctx.conn, text)
        if expected is not None:
            return Step(REJECTED, "receiving.blind_reference_expected", {"reference": text}, state)
        existing = open_blind_session(ctx.conn, text)
        if existing is not None:
            return self._resumed(ctx, existing)
        session = start_blind_session(ctx.conn, text, state["supplier"], ctx.user.id, ctx.now)
        ctx.audit("receipt.blind_started", {"reference": text, "supplier": state["supplier"]})
        params = {"reference": text, "supplier": state["supplier"]}
        return Step(ACCEPTED, "receiving.blind_started", params, self._session_state(ctx, session))

    def _typed_qty(self, state: dict[str, Any], qty: Decimal) -> Step:
        if not qty.is_finite() or qty <= 0:
            return Step(REJECTED, "receiving.qty_invalid", {}, state)
        text = decimal_text(qty)
        return Step(ACCEPTED, "receiving.qty_set", {"qty": text}, {**state, "next_qty": text})

    def _location(self, ctx: Ctx, state: dict[str, Any], code: str) -> Step:
        loc = catalog.location_by_code(ctx.conn, code)
        if loc is None:
            return Step(REJECTED, "scan.unknown_location", {"code": code}, state)
        new = {**state, "location": loc.code, "_location_id": loc.id}
        return Step(ACCEPTED, "receiving.location_set", {"code": loc.code}, new)

    def _text_scan(self, ctx: Ctx, state: dict[str, Any], meaning: ScanMeaning) -> Step:
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
    def _item_scan(self, ctx: Ctx, state: dict[str, Any], meaning: ScanMeaning) -> Step:
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
        qty = self._scan_qty(state, count, pack)
        return self._count_item(ctx, state, item, qty, gtin, lot, expiry, meaning.text)

    @staticmethod
    def _scan_qty(state: dict[str, Any], count: str | None, pack: Decimal) -> Decimal:
        if state.get("next_qty"):
            return Decimal(state["next_qty"])
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
        state: dict[str, Any],
        item: catalog.Item,
        qty: Decimal,
        gtin: str | None,
        lot: str | None,
        expiry: str | None,
        text: str,
    ) -> Step:
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

    def _blind_line_added(self, state: dict[str, Any], line: TallyLine) -> dict[str, Any]:
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

    def _record(self, ctx: Ctx, state: dict[str, Any], line: TallyLine, scan: NewScan) -> Step:
        """Count ``scan`` on ``line`` and answer with the line's new standing."""
        received = line.received + scan.qty
        count_scan(ctx.conn, int(state["_session"]), scan, received, ctx.user.id, ctx.now)
        new = self._line_changed(ctx, state, line, line.received, received)
        summary = {**new["summary"], "scans": new["summary"]["scans"] + 1}
        new.update(summary=summary, next_qty=None)
        status = line_status(line.expected, received)
        last = {
            "line": line.line_no,
            "sku": line.sku,
            "name": line.name,
            "unit": line.unit,
            "qty": decimal_text(scan.qty),
            "lot": scan.lot_no,
            "expiry": scan.expiry,
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
        state: dict[str, Any],
        line: TallyLine,
        old: Decimal,
        received: Decimal,
    ) -> dict[str, Any]:
        """A new state with ``line`` at ``received``: counts and the view updated."""
        summary = dict(state["summary"])
        summary[line_status(line.expected, old)] -= 1
        summary[line_status(line.expected, received)] += 1
        lines: list[dict[str, Any]] = state["lines"]
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
        state: dict[str, Any],
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
        new = {**state, "quarantine": quarantine, "summary": summary, "last": last}
        new["next_qty"] = None
        key = (
            "receiving.quarantined_unknown"
            if reason == "unknown_gtin"
            else "receiving.quarantined_not_on_receipt"
        )
        return Step(ACCEPTED, key, {**params, "n": len(quarantine)}, new)

    # -- over-receipt approval ---------------------------------------------------------------
    def _ask_approval(
        self, ctx: Ctx, state: dict[str, Any], line: TallyLine, scan: NewScan, limit: Decimal
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
        new = {**state, "stage": "over_approval", "pending_over": pending, "_pending": raw}
        new["approver"] = None
        if allowed(ctx.user.role, "approve_over_receipt"):
            confirm = {"action": "approve_over_receipt", "approver_id": ctx.user.id}
            return Step(PENDING, "receiving.over_confirm", pending, new, confirm=confirm)
        return Step(PENDING, "receiving.over_needs_supervisor", pending, new)

    def _approval_input(self, ctx: Ctx, state: dict[str, Any], meaning: ScanMeaning | None) -> Step:
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
        new = {**state, "approver": approver}
        confirm = {"pin_of": user.id, "action": "approve_over_receipt", "approver_id": user.id}
        params = {**state["pending_over"], "name": user.name}
        return Step(PENDING, "receiving.over_approver_pin", params, new, confirm=confirm)

    def confirmed(self, ctx: Ctx, state: dict[str, Any], confirm: dict[str, Any]) -> Step:
        approver = catalog.user_by_id(ctx.conn, int(confirm["approver_id"]))
        if approver is None or not allowed(approver.role, "approve_over_receipt"):
            return Step(REJECTED, "perm.denied", {"role": "?", "action": "approve"}, state)
        raw = dict(state["_pending"])
        raw["qty"] = Decimal(raw["qty"])
        raw["approved_by"] = approver.id
        scan = NewScan(**raw)
        assert scan.tally_id is not None
        line = tally_line(ctx.conn, scan.tally_id)
        assert line is not None
        received = line.received + scan.qty
        set_approved(ctx.conn, line.id, received)
        ctx.audit(
            "receipt.over_approved",
            {
                "reference": state["reference"],
                "line": line.line_no,
                "expected": line.expected,
                "received": received,
                "approver": approver.badge,
            },
        )
        base = self._clear_pending(state)
        step = self._record(ctx, base, line, scan)
        params = {
            "name": approver.name,
            "sku": line.sku,
            "received": decimal_text(received),
            "expected": decimal_text(line.expected or Decimal(0)),
        }
        return Step(ACCEPTED, "receiving.over_approved", params, step.state)

    @staticmethod
    def _clear_pending(state: dict[str, Any]) -> dict[str, Any]:
        new = {k: v for k, v in state.items() if k not in ("pending_over", "_pending", "approver")}
        new["stage"] = "items"
        return new

    # -- commands ----------------------------------------------------------------------------
    def command_input(self, ctx: Ctx, state: dict[str, Any], command: str) -> Step:
        stage = state.get("stage")
        if stage == "over_approval" and command in ("cancel", "undo"):
            pending = state["pending_over"]
            new = {**self._clear_pending(state), "next_qty": None}
            params = {"qty": pending["qty"], "sku": pending["sku"]}
            return Step(ACCEPTED, "receiving.over_refused", params, new)
        if stage != "items" and stage != "over_approval":
            if command == "undo":
                return Step(REJECTED, "command.nothing_to_undo", {}, state)
            key = "command.done" if command == "done" else "command.cancelled"
            return Step(ACCEPTED, key, {}, {}, switch_to="lookup")
        if stage == "over_approval":
            return Step(REJECTED, "receiving.over_waiting", {}, state)
        if command == "undo":
            return self._undo(ctx, state)
        if command == "cancel":
            return self._leave(ctx, state)
        return self._done(ctx, state)

    def _undo(self, ctx: Ctx, state: dict[str, Any]) -> Step:
        if state.get("next_qty"):
            return Step(ACCEPTED, "receiving.undone_qty", {}, {**state, "next_qty": None})
        undone = undo_last(ctx.conn, int(state["_session"]))
        if undone is None:
            return Step(REJECTED, "command.nothing_to_undo", {}, state)
        scan, received = undone
        summary = {**state["summary"], "scans": state["summary"]["scans"] - 1}
        if scan.quarantine or scan.tally_id is None or received is None:
            quarantine = [q for q in state.get("quarantine", []) if q["id"] != scan.id]
            summary["quarantined"] -= 1
            new = {**state, "quarantine": quarantine, "summary": summary, "last": None}
            return Step(ACCEPTED, "receiving.undone_quarantine", {"text": scan.scan_text}, new)
        line = tally_line(ctx.conn, scan.tally_id)
        assert line is not None
        new = self._line_changed(
            ctx, {**state, "summary": summary}, line, received + scan.qty, received
        )
        if scan.flag:
            flagged = list(state.get("flagged", []))
            for i in range(len(flagged) - 1, -1, -1):
                if flagged[i]["line"] == line.line_no and flagged[i]["lot"] == scan.lot_no:
                    del flagged[i]
                    break
            new["flagged"] = flagged
            new["summary"] = {**new["summary"], "flagged": len(flagged)}
        new["last"] = None
        params = {
            "sku": line.sku,
            "qty": decimal_text(scan.qty),
            "line": line.line_no,
            "received": decimal_text(received),
        }
        return Step(ACCEPTED, "receiving.undone", params, new)

    def _leave(self, ctx: Ctx, state: dict[str, Any]) -> Step:
        session = session_by_id(ctx.conn, int(state["_session"]))
        assert session is not None
        if state["summary"]["scans"] == 0:
            finish_session(ctx.conn, session.id, "cancelled", None, ctx.now)
            if session.receipt_id is not None:
                set_receipt_status(ctx.conn, session.receipt_id, "open", ctx.now)
            ctx.audit("receipt.discarded", {"reference": session.reference})
            return Step(
                ACCEPTED,
                "receiving.discarded",
                {"reference": session.reference},
                {},
                switch_to="lookup",
            )
        ctx.audit("receipt.left", {"reference": session.reference})
        return Step(
            ACCEPTED, "receiving.left", {"reference": session.reference}, {}, switch_to="lookup"
        )

    def _done(self, ctx: Ctx, state: dict[str, Any]) -> Step:
        if state["summary"]["scans"] == 0:
            return Step(REJECTED, "receiving.nothing_received", {}, state)
        location_id = state.get("_location_id")
        location = state.get("location")
        if location_id is None:
            staging = str(ctx.settings.get("receiving_staging_location") or "")
            loc = catalog.location_by_code(ctx.conn, staging) if staging else None
            if loc is None:
                return Step(REJECTED, "receiving.location_needed", {}, state)
            location_id, location = loc.id, loc.code
        session = session_by_id(ctx.conn, int(state["_session"]))
        assert session is not None
        result = post_session(ctx, session, int(location_id), str(location))
        summary = state["summary"]
        new = {
            **state,
            "stage": "done",
            "location": location,
            "_location_id": location_id,
            "next_qty": None,
            "discrepancies": result.discrepancies,
        }
        params = {
            "reference": session.reference,
            "location": location,
            "complete": summary["complete"] + summary["blind"],
            "short": summary["short"] + summary["open"],
            "over": summary["over"],
            "quarantined": summary["quarantined"],
        }
        key = "receiving.posted" if result.has_discrepancies else "receiving.posted_clean"
        return Step(ACCEPTED, key, params, new, effects=result.effects)

    # -- views -------------------------------------------------------------------------------
    def public_state(self, state: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in state.items() if not k.startswith("_")}

    def participants(self, state: dict[str, Any]) -> list[dict[str, Any]]:
        approver = state.get("approver")
        return [approver] if approver else []


WORKFLOWS = [ReceiveWorkflow()]
