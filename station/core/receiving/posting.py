# SPDX-License-Identifier: Apache-2.0
"""Posting a receipt session to the ledger, and what "done" hands back.

:func:`post_session` runs inside the engine's write transaction on "done": it groups the
session's scans by tally line, lot and expiry, posts one ``receipt`` movement per group into
the put-away location (known items from quarantine lines go to the quarantine location of
the settings; unknown GTINs cannot be posted and stay listed), records each posting (the
handle for a supervisor's reversal), closes the session and the expected receipt, and builds
the discrepancy summary and the effects: batch labels for every lot seen for the first time,
and the discrepancy PDF when anything differs. Raises nothing of its own; a store error aborts
the whole transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..engine.workflow import Ctx
from ..store import catalog
from ..store.ledger import Movement
from ..store.types import decimal_text
from .state import line_status
from .store import (
    ReceivingScan,
    Session,
    add_posting,
    finish_session,
    lot_exists,
    session_scans,
    set_receipt_status,
    tally_lines,
    unit_gtin,
)


@dataclass
class PostResult:
    discrepancies: dict[str, Any]
    has_discrepancies: bool
    effects: list[dict[str, Any]] = field(default_factory=list)


def _groups(
    scans: list[ReceivingScan],
) -> dict[tuple[int | None, int, str | None, str | None], list[ReceivingScan]]:
    groups: dict[tuple[int | None, int, str | None, str | None], list[ReceivingScan]] = {}
    for scan in scans:
        if scan.item_id is None:
            continue  # an unknown GTIN: nothing to post
        key = (
            scan.line_no if not scan.quarantine else None,
            scan.item_id,
            scan.lot_no,
            scan.expiry,
        )
        groups.setdefault(key, []).append(scan)
    return groups


def post_session(ctx: Ctx, session: Session, location_id: int, location_code: str) -> PostResult:
    """Post ``session`` into ``location_id``; see the module docstring."""
    scans = session_scans(ctx.conn, session.id)
    quarantine_code = str(ctx.settings.get("receiving_quarantine_location") or "")
    quarantine_loc = (
        catalog.location_by_code(ctx.conn, quarantine_code) if quarantine_code else None
    )
    today = ctx.now.date()
    labels: list[dict[str, Any]] = []
    labelled: set[tuple[int, str]] = set()
    posted = 0
    for (line_no, item_id, lot_no, expiry), group in _groups(scans).items():
        qty = sum((s.qty for s in group), Decimal(0))
        if qty == 0:
            continue
        quarantined = group[0].quarantine is not None
        if quarantined and quarantine_loc is None:
            continue
        target_id = quarantine_loc.id if quarantined and quarantine_loc else location_id
        target_code = quarantine_loc.code if quarantined and quarantine_loc else location_code
        lot_id = None
        if lot_no:
            new_lot = not lot_exists(ctx.conn, item_id, lot_no)
            lot_id = catalog.lot_id_for(
                ctx.conn,
                item_id,
                lot_no,
                expiry=date.fromisoformat(expiry) if expiry else None,
                received=today,
            )
            if new_lot and (item_id, lot_no) not in labelled:
                labelled.add((item_id, lot_no))
                labels.append(_label(ctx, item_id, lot_no, expiry, qty, today, target_code))
        approver = next((s.approved_by for s in group if s.approved_by), None)
        movement_id = ctx.post(
            Movement(
                kind="receipt",
                item_id=item_id,
                location_id=target_id,
                qty=qty,
                lot_id=lot_id,
                user_id=ctx.user.id,
                user2_id=approver,
                reason=f"quarantine: {group[0].quarantine}"
                if quarantined
                else f"receipt line {line_no}",
                reference=session.reference,
                extra={"receipt_session": session.id},
            )
        )
        add_posting(ctx.conn, session.id, line_no, movement_id, item_id, lot_id, target_id, qty)
        posted += 1
    discrepancies = discrepancy_summary(ctx, session, scans, location_code)
    has = bool(
        discrepancies["lines"]
        or discrepancies["quarantine"]
        or discrepancies["flagged"]
        or session.blind
    )
    finish_session(ctx.conn, session.id, "posted", location_id, ctx.now)
    if session.receipt_id is not None:
        set_receipt_status(
            ctx.conn, session.receipt_id, "discrepancy" if has else "received", ctx.now
        )
    ctx.audit(
        "receipt.posted",
        {"reference": session.reference, "movements": posted, **discrepancies["totals"]},
    )
    effects: list[dict[str, Any]] = []
    if labels:
        effects.append({"kind": "labels", "template": "batch", "data": labels})
    if has:
        effects.append(
            {
                "kind": "document",
                "name": "receipt-discrepancies",
                "filename": f"receipt-discrepancies-{session.reference}.pdf",
                "data": discrepancies,
            }
        )
    return PostResult(discrepancies, has, effects)


def _label(
    ctx: Ctx,
    item_id: int,
    lot_no: str,
    expiry: str | None,
    qty: Decimal,
    today: date,
    location: str,
) -> dict[str, Any]:
    item = catalog.item_by_id(ctx.conn, item_id)
    assert item is not None
    return {
        "gtin": unit_gtin(ctx.conn, item_id),
        "lot": lot_no,
        "expiry": expiry,
        "quantity": decimal_text(qty),
        "unit": item.unit,
        "item": item.name,
        "sku": item.sku,
        "received": today.isoformat(),
        "location": location,
    }


def discrepancy_summary(
    ctx: Ctx, session: Session, scans: list[ReceivingScan], location_code: str
) -> dict[str, Any]:
    """The discrepancy summary of a session (the data of the PDF and of the done screen)."""
    lines = tally_lines(ctx.conn, session.id)
    totals = {"lines": len(lines), "complete": 0, "short": 0, "over": 0, "blind": 0}
    differing: list[dict[str, Any]] = []
    for line in lines:
        status = line_status(line.expected, line.received)
        bucket = "short" if status == "open" else status
        totals[bucket] += 1
        if bucket in ("short", "over"):
            assert line.expected is not None
            differing.append(
                {
                    "line": line.line_no,
                    "sku": line.sku,
                    "name": line.name,
                    "unit": line.unit,
                    "expected": decimal_text(line.expected),
                    "received": decimal_text(line.received),
                    "difference": decimal_text(line.received - line.expected),
                    "status": bucket,
                }
            )
    by_line = {line.id: line for line in lines}
    quarantine: list[dict[str, Any]] = []
    flagged: list[dict[str, Any]] = []
    for scan in scans:
        if scan.quarantine:
            item = catalog.item_by_id(ctx.conn, scan.item_id) if scan.item_id else None
            quarantine.append(
                {
                    "n": len(quarantine) + 1,
                    "reason": scan.quarantine,
                    "gtin": scan.gtin,
                    "sku": item.sku if item else None,
                    "name": item.name if item else None,
                    "text": scan.scan_text,
                    "qty": decimal_text(scan.qty),
                    "lot": scan.lot_no,
                    "expiry": scan.expiry,
                    "snapshot": scan.snapshot_path,
                }
            )
        elif scan.flag and scan.tally_id in by_line:
            line = by_line[scan.tally_id]
            flagged.append(
                {
                    "line": line.line_no,
                    "sku": line.sku,
                    "lot": scan.lot_no,
                    "expiry": scan.expiry,
                    "flag": scan.flag,
                    "qty": decimal_text(scan.qty),
                }
            )
    totals["quarantined"] = len(quarantine)
    totals["flagged"] = len(flagged)
    return {
        "reference": session.reference,
        "supplier": session.supplier,
        "blind": session.blind,
        "needs_review": session.blind,
        "received_on": ctx.now.date().isoformat(),
        "received_by": ctx.user.name,
        "location": location_code,
        "lines": differing,
        "quarantine": quarantine,
        "flagged": flagged,
        "totals": totals,
    }
