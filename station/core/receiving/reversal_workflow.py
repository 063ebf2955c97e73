# SPDX-License-Identifier: Apache-2.0
"""A supervisor's reversal of a posted receipt line: a counter-movement, never an edit.

Flow (``$CMD-REVERSE`` or the menu; permission ``reverse``): scan the receipt reference or
choose one of the latest posted receipts; choose the posted line to reverse; enter your own PIN
(the engine verifies it). The reversal posts a ``receipt`` movement of the opposite quantity
at the same item, lot and location, marks the posting reversed and writes an audit entry, all
in the PIN input's transaction. When the stock has since left that location (less than the
posted quantity is there), the reversal is refused: move it back first. The ledger keeps both
movements, so balances and the ledger still agree.

State (docs/workflows/receiving.md): ``{"stage": "receipt"|"line", "reference",
"postings": [{"n", "line", "sku", "lot", "location", "qty"}], "reversed": [...]}``.
"""

from __future__ import annotations

from typing import Any, Literal, Required, TypedDict

from ..engine.expects import CHOICE, SCAN, expects
from ..engine.inputs import ACCEPTED, PENDING, REJECTED, Choose, InputEvent
from ..engine.messages import register_messages
from ..engine.workflow import BaseWorkflow, Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store.ledger import Movement
from ..store.types import decimal_text
from .menu import REVERSAL
from .store import (
    Posting,
    Session,
    balance_qty,
    mark_reversed,
    open_postings,
    posted_session_by_reference,
    posted_sessions,
    posting_by_id,
)

MESSAGES = {
    "reversal.choose_receipt": "Reversal: scan the posted receipt's reference, or choose one.",
    "reversal.none": "There is no posted receipt to reverse.",
    "reversal.not_posted": "{text} is not a posted receipt with lines left to reverse.",
    "reversal.choose_line": "{reference}: choose the posted line to reverse.",
    "reversal.confirm": (
        "Reverse {qty} {sku} lot {lot} at {location} of {reference}? Enter your PIN to confirm."
    ),
    "reversal.already": "That line was reversed already.",
    "reversal.stock_moved": (
        "Only {available} of {qty} {sku} are still at {location}: move them back first."
    ),
    "reversal.done": "Reversed {qty} {sku} lot {lot} at {location} of {reference}.",
}
register_messages(MESSAGES)


class ReversalState(TypedDict, total=False):
    """``receipt`` (choose a posted receipt: ``_choices`` holds their session ids), then
    ``line`` (choose a posted line of it); ``reversed`` lists what was reversed so far."""

    stage: Required[Literal["receipt", "line"]]
    _choices: list[int]
    _session: int
    reference: str
    postings: list[dict[str, Any]]
    reversed: list[dict[str, Any]]


class ShownPosting(TypedDict):
    """A posted line offered for reversal, as outcomes show it (numbered from 1)."""

    n: int
    line: int | None
    sku: str
    lot: str | None
    location: str
    qty: str


class ReversalPublic(TypedDict, total=False):
    """What outcomes show of the state: ``postings`` always (``[]`` while choosing the
    receipt), ``reference`` once one is chosen."""

    stage: Literal["receipt", "line"]
    reference: str
    postings: list[ShownPosting]
    reversed: list[dict[str, Any]]


def _shown(posting: dict[str, Any]) -> ShownPosting:
    return {
        "n": posting["n"],
        "line": posting["line"],
        "sku": posting["sku"],
        "lot": posting["lot"],
        "location": posting["location"],
        "qty": posting["qty"],
    }


def public_view(state: ReversalState) -> ReversalPublic:
    """The state as outcomes show it (:class:`ReversalPublic`), in the order the state gains
    its keys."""
    postings = [_shown(p) for p in state.get("postings", [])]
    stage = state.get("stage")
    if stage is None:
        return {"postings": postings}
    if stage == "receipt":
        return {"stage": stage, "reversed": state["reversed"], "postings": postings}
    return {
        "stage": stage,
        "reference": state["reference"],
        "postings": postings,
        "reversed": state["reversed"],
    }


def _posting_json(n: int, posting: Posting) -> dict[str, Any]:
    return {
        "n": n,
        "id": posting.id,
        "line": posting.line_no,
        "sku": posting.sku,
        "lot": posting.lot_no,
        "location": posting.location_code,
        "qty": decimal_text(posting.qty),
    }


class ReverseWorkflow(BaseWorkflow[ReversalState]):
    name, title, permission, command, order = REVERSAL.facts()

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        sessions = posted_sessions(ctx.conn)
        state: ReversalState = {
            "stage": "receipt",
            "_choices": [s.id for s in sessions],
            "reversed": [],
        }
        if not sessions:
            return Step(PENDING, "reversal.none", {}, state)
        choices = [f"{s.reference} — {s.supplier}" for s in sessions]
        return Step(PENDING, "reversal.choose_receipt", {}, state, choices=choices)

    def handle(
        self, ctx: Ctx, state: ReversalState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        if state.get("stage") == "receipt":
            return self._receipt_input(ctx, state, event, meaning)
        if isinstance(event, Choose):
            postings = state.get("postings", [])
            if not 1 <= event.n <= len(postings):
                return Step(REJECTED, "choose.out_of_range", {"count": len(postings)}, state)
            ctx.require("reverse")
            chosen = postings[event.n - 1]
            params = {**chosen, "lot": chosen["lot"] or "-", "reference": state["reference"]}
            confirm = {"action": "reverse", "posting_id": chosen["id"]}
            return Step(PENDING, "reversal.confirm", params, state, confirm=confirm)
        if meaning is not None and meaning.kind == "text":
            return self._receipt_input(ctx, state, event, meaning)
        return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)

    def _receipt_input(
        self, ctx: Ctx, state: ReversalState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        session: Session | None = None
        text = ""
        if isinstance(event, Choose) and state.get("stage") == "receipt":
            ids = state.get("_choices", [])
            if not 1 <= event.n <= len(ids):
                return Step(REJECTED, "choose.out_of_range", {"count": len(ids)}, state)
            session = next((s for s in posted_sessions(ctx.conn) if s.id == ids[event.n - 1]), None)
        elif meaning is not None and meaning.kind == "text":
            text = meaning.text
            session = posted_session_by_reference(ctx.conn, text)
        if session is None:
            return Step(REJECTED, "reversal.not_posted", {"text": text}, state)
        return self._lines(ctx, state, session)

    def _lines(self, ctx: Ctx, state: ReversalState, session: Session) -> Step:
        postings = open_postings(ctx.conn, session.id)
        if not postings:
            return Step(REJECTED, "reversal.not_posted", {"text": session.reference}, state)
        listed = [_posting_json(n, p) for n, p in enumerate(postings, start=1)]
        new: ReversalState = {
            "stage": "line",
            "_session": session.id,
            "reference": session.reference,
            "postings": listed,
            "reversed": state.get("reversed", []),
        }
        choices = [
            f"line {p['line'] or 'Q'} {p['sku']} lot {p['lot'] or '-'} {p['qty']} @ {p['location']}"
            for p in listed
        ]
        return Step(
            PENDING,
            "reversal.choose_line",
            {"reference": session.reference},
            new,
            choices=choices,
        )

    def confirmed(self, ctx: Ctx, state: ReversalState, confirm: dict[str, Any]) -> Step:
        ctx.require("reverse")
        posting = posting_by_id(ctx.conn, int(confirm["posting_id"]))
        if posting is None or posting.reversal_movement_id is not None:
            return Step(REJECTED, "reversal.already", {}, state)
        params = {
            "qty": decimal_text(posting.qty),
            "sku": posting.sku,
            "lot": posting.lot_no or "-",
            "location": posting.location_code,
            "reference": state["reference"],
        }
        available = balance_qty(ctx.conn, posting.item_id, posting.lot_id, posting.location_id)
        if available < posting.qty:
            return Step(
                REJECTED,
                "reversal.stock_moved",
                {**params, "available": decimal_text(available)},
                state,
            )
        movement_id = ctx.post(
            Movement(
                kind="receipt",
                item_id=posting.item_id,
                location_id=posting.location_id,
                qty=-posting.qty,
                lot_id=posting.lot_id,
                user_id=ctx.user.id,
                reason=f"reversal of movement {posting.movement_id}",
                reference=state["reference"],
                extra={"reverses": posting.movement_id},
            )
        )
        mark_reversed(ctx.conn, posting.id, movement_id)
        ctx.audit(
            "receipt.line_reversed",
            {
                "reference": state["reference"],
                "movement_id": posting.movement_id,
                "reversal_movement_id": movement_id,
                "qty": posting.qty,
            },
        )
        postings = open_postings(ctx.conn, int(state["_session"]))
        reversed_entry = {k: v for k, v in params.items() if k != "reference"}
        new: ReversalState = {
            **state,
            "postings": [_posting_json(n, p) for n, p in enumerate(postings, start=1)],
            "reversed": [*state.get("reversed", []), reversed_entry],
        }
        return Step(ACCEPTED, "reversal.done", params, new)

    def command_input(self, ctx: Ctx, state: ReversalState, command: str) -> Step:
        if command == "undo":
            return Step(REJECTED, "command.nothing_to_undo", {}, state)
        key = "command.done" if command == "done" else "command.cancelled"
        return Step(ACCEPTED, key, {}, {}, switch_to="lookup")

    def expects(self, state: ReversalState) -> dict[str, Any]:
        return expects(CHOICE, SCAN)

    def public_state(self, state: ReversalState) -> ReversalPublic:
        return public_view(state)


WORKFLOWS = [ReverseWorkflow()]
