# SPDX-License-Identifier: Apache-2.0
"""Scanning a printed label back at the station (print and verify, :mod:`.verification`).

While a printed label waits to be read back, a scan at home that no other workflow claims
(not a receipt, order or count task reference) goes to it: the SSCC symbol of a pallet
label, or the GS1 symbol of a batch label. The read is compared with the symbol sent:

* the same symbol: ``label_verify.verified`` (success), home again or on to the next label;
* another symbol of its kind: ``label_verify.wrong`` (attention: the label that came out is
  not the one that was sent; the pallet is not ready);
* anything else: ``label_verify.not_it`` (waiting, "N scans left"), until the setting
  ``label_verify_scans`` is used up: ``label_verify.unverified`` (attention).

The menu offers it only while a label waits; cancel leaves the label waiting. Permission ``lookup``
(anyone logged in may scan a label back). State: ``{"check": id, "expected": "(00)..."}``.
"""

from __future__ import annotations

from typing import Any, TypedDict

from sqlalchemy import Connection

from ..engine.expects import SCAN, expects
from ..engine.feedback import register_attention
from ..engine.inputs import ACCEPTED, PENDING, REJECTED, InputEvent
from ..engine.messages import register_messages
from ..engine.workflow import BaseWorkflow, Ctx, Step
from ..scan_meaning import ScanMeaning
from .menu import LABEL_VERIFY
from .verification import (
    UNVERIFIED,
    VERIFIED,
    WRONG,
    LabelCheck,
    any_waiting,
    pending_check,
    record_read,
)

MESSAGES = {
    "label_verify.scan": "Scan the label just printed: {expected} ({left} scans left).",
    "label_verify.none": "No printed label is waiting to be scanned back.",
    "label_verify.verified": "Label verified: {expected} reads back as printed.",
    "label_verify.verified_next": (
        "Label verified: {expected}. Now scan the next label printed: {next} ({left} scans left)."
    ),
    "label_verify.wrong": (
        "Wrong label: {read} was read where {expected} was printed. Do not ship the pallet: "
        "reprint its label and scan it again."
    ),
    "label_verify.not_it": (
        "{read} is not the label just printed ({expected}): {left} scans left to read it."
    ),
    "label_verify.unverified": (
        "Label {expected} was not read back within {reads} scans: it is unverified and the "
        "pallet is not ready. Check the printer, then reprint the label."
    ),
}
register_messages(MESSAGES)
register_attention({"label_verify.wrong", "label_verify.unverified"})

_KINDS = LABEL_VERIFY.claims_kinds


class VerifyState(TypedDict, total=False):
    """The label waiting to be read back: its check's id and the symbol sent."""

    check: int
    expected: str


class LabelVerifyWorkflow(BaseWorkflow[VerifyState]):
    name, title, permission, command, order = LABEL_VERIFY.facts()

    def claims(self, ctx: Ctx, meaning: ScanMeaning) -> bool:
        return meaning.kind in _KINDS and any_waiting(ctx.conn)

    def offered(self, conn: Connection) -> bool:
        """In the menu only while a printed label waits to be scanned back."""
        return any_waiting(conn)

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        check = pending_check(ctx.conn)
        if check is None:
            return Step(ACCEPTED, "label_verify.none", {}, {}, switch_to="lookup")
        if meaning is not None:
            return self._read(ctx, meaning)
        return self._ask(ctx, "label_verify.scan", check, {})

    def _budget(self, ctx: Ctx) -> int:
        return int(ctx.settings.get("label_verify_scans", 3))

    def _ask(self, ctx: Ctx, key: str, check: LabelCheck, params: dict[str, Any]) -> Step:
        state: VerifyState = {"check": check.id, "expected": check.expected}
        left = self._budget(ctx) - check.reads
        return Step(PENDING, key, {"expected": check.expected, "left": left, **params}, state)

    def handle(
        self, ctx: Ctx, state: VerifyState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        if meaning is None or meaning.kind not in _KINDS:
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        return self._read(ctx, meaning)

    def _read(self, ctx: Ctx, meaning: ScanMeaning) -> Step:
        verdict = record_read(
            ctx.conn,
            (meaning.aim or "") + meaning.text,
            ctx.now,
            budget=self._budget(ctx),
            user_id=ctx.user.id,
        )
        check = verdict.check
        if check is None:
            return Step(ACCEPTED, "label_verify.none", {}, {}, switch_to="lookup")
        params = {"expected": check.expected, "read": verdict.read, "reads": check.reads}
        if verdict.status == VERIFIED:
            following = pending_check(ctx.conn)
            if following is not None:
                return self._ask(
                    ctx, "label_verify.verified_next", following, {"next": following.expected}
                )
            return Step(ACCEPTED, "label_verify.verified", params, {}, switch_to="lookup")
        if verdict.status in (WRONG, UNVERIFIED):
            key = "label_verify.wrong" if verdict.status == WRONG else "label_verify.unverified"
            return Step(ACCEPTED, key, params, {}, switch_to="lookup")
        return self._ask(ctx, "label_verify.not_it", check, {"read": verdict.read})

    def expects(self, state: VerifyState) -> dict[str, Any]:
        """A scan of the label just printed (the window's prompt says so)."""
        return expects(SCAN, scan="printed_label")

    def command_input(self, ctx: Ctx, state: VerifyState, command: str) -> Step:
        if command == "undo":
            return Step(REJECTED, "command.nothing_to_undo", {}, state)
        key = "command.done" if command == "done" else "command.cancelled"
        return Step(ACCEPTED, key, {}, {}, switch_to="lookup")


WORKFLOWS = [LabelVerifyWorkflow()]
