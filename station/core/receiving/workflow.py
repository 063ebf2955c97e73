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

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from ..engine.expects import CHOICE, SCAN, TEXT, expects, scan_or_quantity_first
from ..engine.inputs import ACCEPTED, REJECTED, InputEvent, Qty
from ..engine.messages import register_choices
from ..engine.permissions import allowed
from ..engine.workflow import Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.types import decimal_text
from .menu import RECEIVE
from .messages import MESSAGES, SETTINGS  # registered with the engine on import
from .opening import VIEW_LINES, _view_line
from .posting import post_session
from .scanning import Scanning
from .state import ReceivePublic, ReceiveState, public_view
from .store import (
    OPEN_RECEIPT_STATUSES,
    NewScan,
    finish_session,
    open_blind_session,
    receipt_by_reference,
    session_by_id,
    set_approved,
    set_receipt_status,
    tally_line,
    tally_lines,
    undo_last,
)

register_choices(["Blind receipt (nothing expected)"])


__all__ = ["MESSAGES", "SETTINGS", "WORKFLOWS", "ReceiveWorkflow"]


class ReceiveWorkflow(Scanning):
    name, title, permission, command, order = RECEIVE.facts()
    copy_on_write = True

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

    # -- inputs ------------------------------------------------------------------------------
    def handle(
        self, ctx: Ctx, state: ReceiveState, event: InputEvent, meaning: ScanMeaning | None
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
            return self._typed_qty(state, event.amount)
        if meaning is None:
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        if meaning.kind == "location" and meaning.internal is not None:
            return self._location(ctx, state, meaning.internal.value)
        if meaning.kind in ("gtin", "gs1"):
            return self._item_scan(ctx, state, meaning)
        if meaning.kind == "text":
            return self._text_scan(ctx, state, meaning)
        return Step(REJECTED, "input.unexpected", {"what": meaning.kind}, state)

    def confirmed(self, ctx: Ctx, state: ReceiveState, confirm: dict[str, Any]) -> Step:
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

    # -- commands ----------------------------------------------------------------------------
    def command_input(self, ctx: Ctx, state: ReceiveState, command: str) -> Step:
        stage = state.get("stage")
        if stage == "over_approval" and command in ("cancel", "undo"):
            pending = state["pending_over"]
            new: ReceiveState = {**self._clear_pending(state), "next_qty": None}
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

    def _undo(self, ctx: Ctx, state: ReceiveState) -> Step:
        if state.get("next_qty"):
            cleared: ReceiveState = {**state, "next_qty": None}
            return Step(ACCEPTED, "receiving.undone_qty", {}, cleared)
        undone = undo_last(ctx.conn, int(state["_session"]))
        if undone is None:
            return Step(REJECTED, "command.nothing_to_undo", {}, state)
        scan, received = undone
        summary = {**state["summary"], "scans": state["summary"]["scans"] - 1}
        if scan.quarantine or scan.tally_id is None or received is None:
            quarantine = [q for q in state.get("quarantine", []) if q["id"] != scan.id]
            summary["quarantined"] -= 1
            new: ReceiveState = {
                **state,
                "quarantine": quarantine,
                "summary": summary,
                "last": None,
            }
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

    def _leave(self, ctx: Ctx, state: ReceiveState) -> Step:
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

    def _done(self, ctx: Ctx, state: ReceiveState) -> Step:
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
    def persisted_state(self, state: ReceiveState) -> ReceiveState:
        """All but the lines on view, which the tally holds: only where the view starts is
        kept (saving 40 lines as JSON with every scan was a fifth of a scan's CPU)."""
        lines = state.get("lines")
        if lines is None:
            return state
        kept = state.copy()
        del kept["lines"]
        kept["_view_from"] = lines[0]["line"] if lines else 0
        return kept

    def restored(self, conn: Connection, state: ReceiveState) -> ReceiveState:
        """The lines on view read again from the tally, from where the view started."""
        if "_view_from" not in state or "_session" not in state:
            return state
        session_id, start = int(state["_session"]), int(state["_view_from"])
        view = tally_lines(conn, session_id, from_line=start, limit=VIEW_LINES)
        lines = [_view_line(line) for line in view]
        new = state.copy()
        del new["_view_from"]
        new["lines"] = lines
        return new

    def expects(self, state: ReceiveState) -> dict[str, Any]:
        stage = state.get("stage")
        if stage == "choose":
            return expects(CHOICE, SCAN)
        if stage in ("blind_supplier", "blind_reference"):
            return expects(TEXT, SCAN)
        if stage == "items":
            return scan_or_quantity_first()
        return expects(SCAN)  # over_approval: a supervisor's badge; done: another reference

    def public_state(self, state: ReceiveState) -> ReceivePublic:
        return public_view(state)

    def participants(self, state: ReceiveState) -> list[dict[str, Any]]:
        approver = state.get("approver")
        return [approver] if approver else []


WORKFLOWS = [ReceiveWorkflow()]
