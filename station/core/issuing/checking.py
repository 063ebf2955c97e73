# SPDX-License-Identifier: Apache-2.0
"""Issuing's hand-over and checking: the checker's badge and PIN, the blind re-scan of every
line, and the comparison that posts matching lines or sends the rest back to the picker.
"""

from __future__ import annotations

from decimal import Decimal

from ..engine.inputs import ACCEPTED, PENDING, REJECTED, InputEvent, Qty, TextInput
from ..engine.permissions import allowed
from ..engine.workflow import Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.events import iso
from ..store.types import decimal_text
from .picking import _dec, _line, _lot_params, _user_json, _version
from .posting import Posting
from .state import IssueLine, IssueState
from .store import (
    lot_of,
    update_run,
)


class Checking(Posting):
    def _handover(
        self, ctx: Ctx, state: IssueState, event: InputEvent, meaning: ScanMeaning | None
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

    # -- checking ----------------------------------------------------------------------------
    def _checking(
        self, ctx: Ctx, state: IssueState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        line = _line(state, state["current"])
        if isinstance(event, Qty):
            if line is None:
                return Step(REJECTED, "issuing.qty_no_line", {}, state)
            if event.amount < 0:
                return Step(REJECTED, "issuing.qty_negative", {}, state)
            ctx.check_qty(line["unit"], event.amount, zero_ok=True)  # 0: none found
            line["check_qty"], line["checked_at"] = decimal_text(event.amount), iso(ctx.now)
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
        checker = state["checker"]
        params = {"name": checker["name"] if checker else None, "reference": state["reference"]}
        return Step(REJECTED, "issuing.check_in_progress", params, state)

    def _check_item(self, ctx: Ctx, state: IssueState, meaning: ScanMeaning) -> Step:
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
        add = Decimal(meaning.fields["quantity"]) if meaning.fields.get("quantity") else pack
        ctx.check_qty(line["unit"], add)
        lot_text = meaning.fields.get("lot")
        if lot_text and line["check_lot"] and lot_text != line["check_lot"]:
            params = {**_lot_params(line), "current": line["check_lot"]}
            return Step(REJECTED, "issuing.check_lot_other", params, state)
        if lot_text:
            line["check_lot"] = lot_text
        line["check_qty"] = decimal_text(_dec(line["check_qty"]) + add)
        line["checked_at"] = iso(ctx.now)
        state["current"] = line["line"]
        if line["lot_tracked"] and not line["check_lot"]:
            state["awaiting_lot"] = True
            return Step(PENDING, "issuing.check_scan_lot", _lot_params(line), state)
        return self._check_scanned(state, line)

    def _check_lot(self, state: IssueState, line: IssueLine, lot_text: str) -> Step:
        line["check_lot"] = lot_text
        state["awaiting_lot"] = False
        return Step(ACCEPTED, "issuing.check_lot", {**_lot_params(line), "lot": lot_text}, state)

    @staticmethod
    def _check_scanned(state: IssueState, line: IssueLine) -> Step:
        params = {**_lot_params(line), "qty": line["check_qty"]}
        return Step(ACCEPTED, "issuing.check_scanned", params, state)

    @staticmethod
    def _matches(line: IssueLine) -> bool:
        picked, checked = _dec(line["qty"]), _dec(line["check_qty"])
        if picked != checked:
            return False
        return picked == 0 or (line["lot"] or None) == (line["check_lot"] or None)

    def _finish_check(self, ctx: Ctx, state: IssueState) -> Step:
        checker = state["checker"]
        assert checker is not None  # the check phase has its checker
        todo = [ln for ln in state["lines"] if ln["status"] != "checked"]
        state["times"]["checked"] = iso(ctx.now)
        mismatched: list[IssueLine] = []
        for line in todo:
            ok = self._matches(line)
            lot = (
                lot_of(ctx.conn, line["item_id"], line["check_lot"]) if line["check_lot"] else None
            )
            _version(
                ctx,
                state,
                line,
                "check",
                checker["id"],
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
