# SPDX-License-Identifier: Apache-2.0
"""Receiving's opening: choosing or scanning a receipt, a blind receipt's supplier and
reference, resuming a session, and the state a session is shown with.

The first link of :class:`station.core.receiving.workflow.ReceiveWorkflow`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..engine.inputs import ACCEPTED, PENDING, REJECTED, Choose, InputEvent, TextInput
from ..engine.workflow import BaseWorkflow, Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.types import decimal_text
from .state import ReceiveState, ViewLine, line_status
from .store import (
    OPEN_RECEIPT_STATUSES,
    Session,
    TallyLine,
    open_blind_session,
    open_receipts,
    open_session_for,
    receipt_by_reference,
    session_scans,
    start_blind_session,
    start_session,
    tally_lines,
)

VIEW_LINES = 40
"""At most this many tally lines travel in the state (the rest stay in the store)."""

STATUS_KEYS = ("open", "short", "complete", "over", "blind")


def _view_line(line: TallyLine, received: Decimal | None = None) -> ViewLine:
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


class Opening(BaseWorkflow[ReceiveState]):
    def _choose_step(self, ctx: Ctx) -> Step:
        receipts = open_receipts(ctx.conn)
        choices = [
            f"{r.reference} — {r.supplier}" + (" (in progress)" if r.status == "receiving" else "")
            for r in receipts
        ]
        choices.append("Blind receipt (nothing expected)")
        state: ReceiveState = {"stage": "choose", "_choices": [r.reference for r in receipts]}
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

    def _session_state(self, ctx: Ctx, session: Session) -> ReceiveState:
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

    def _choose_input(
        self, ctx: Ctx, state: ReceiveState, event: InputEvent, meaning: ScanMeaning | None
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
        self, ctx: Ctx, state: ReceiveState, event: InputEvent, meaning: ScanMeaning | None
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
            new: ReceiveState = {"stage": "blind_reference", "supplier": text}
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
