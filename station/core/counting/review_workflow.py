# SPDX-License-Identifier: Apache-2.0
"""Supervisor variance review: list, filter, approve / reject / send to recount.

``$CMD-REVIEW`` (permission ``approve_variance``) plans due counts, then lists the pending
variances by value impact. ``@text`` filters (``zone A``, ``class B``, ``counter N001``,
``all``), asks for the accuracy history (``accuracy``), or adds a count (``count zone B``,
``count item SKU``); scanning a location or an item adds a count of it. Choosing a row selects
it (refused at once when the supervisor counted it); ``@text`` then sets the decision's comment;
choosing approve (then a reason code), reject or recount asks for the supervisor's own PIN, and
only then is the decision recorded (an approval posts the adjustment). Nobody decides on a count
they did themselves, checked again when the PIN arrives.

State: ``stage`` (list | decide | reason | accuracy), ``filters``, ``rows`` (the review list,
see docs/workflows/counting.md), ``selected`` (a row), ``comment``, ``reasons``, ``accuracy``,
``last_decision``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..engine.expects import CHOICE, SCAN, TEXT, expects
from ..engine.inputs import ACCEPTED, PENDING, REJECTED, Choose, InputEvent, TextInput
from ..engine.messages import register_choices, register_messages
from ..engine.settings import Setting, declare
from ..engine.workflow import BaseWorkflow, Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.types import decimal_text
from .accuracy import accuracy_summary
from .menu import VARIANCE_REVIEW
from .planning import plan_counts, request_count
from .review import (
    DecisionRefused,
    ReviewRow,
    check_may_decide,
    decide,
    moves_by_row,
    review_rows,
)
from .state import ReviewState
from .variances import ExpectedMove

LIST_LIMIT = 50

register_messages(
    {
        "review.list": "{count} variances to review, largest value first. Choose one.",
        "review.none": "No variance waits for review.",
        "review.selected": "{location} {sku}: counted {counted}, expected {expected}, variance {variance} ({value}). Choose approve, reject or recount.",
        "review.moved": "{location} {sku}: stock moved during the count. Counted {counted}, expected {expected}, variance {variance} ({value}). Choose approve, reject or recount.",
        "review.own_count": "You counted this yourself: another supervisor must decide it.",
        "review.already_decided": "This variance was already decided ({status}): choose another from the list.",
        "review.gone": "This variance is no longer there: choose another from the list.",
        "review.comment": "Comment noted: {comment}",
        "review.choose_reason": "Choose the reason code for the adjustment.",
        "review.confirm": "Enter your PIN to confirm: {decision}.",
        "review.approved": "Approved: adjustment of {variance} posted ({value}).",
        "review.rejected": "Rejected: the book stands, nothing posted.",
        "review.recount": "Sent to recount: task {task}.",
        "review.filtered": "Filter: {filters}. {count} variances.",
        "review.bad_filter": "Unknown filter {text}: use zone Z, class A|B|C, counter BADGE, all.",
        "review.count_added": "Count task {task} added.",
        "review.accuracy": "Record accuracy: {pct}% of {lines} counted lines within tolerance.",
        "review.planned": "{count} count tasks planned.",
    }
)
REASON_CODES = [
    "count_correction",
    "damaged",
    "lost_or_stolen",
    "misplaced",
    "unit_of_measure_error",
    "receiving_error",
    "issue_error",
]
declare(
    Setting(
        "count_reason_codes",
        "list",
        REASON_CODES,
        "The reason codes a supervisor gives when approving a count variance.",
        "主管批准盘点差异时可选的原因代码。",
        group="counting",
    )
)
DECISIONS = ("approve", "reject", "recount")
DECISION_TITLES = ("Approve", "Reject", "Send to recount")
register_choices(DECISION_TITLES)
register_choices(REASON_CODES)


def _choices(state: ReviewState) -> list[str]:
    """The numbered choices that go with a state (so the keypad keeps working)."""
    stage = state.get("stage")
    if stage == "decide":
        return list(DECISION_TITLES)
    if stage == "reason":
        return list(state.get("reasons") or [])
    if stage == "list":
        return [_choice(r) for r in state.get("rows") or []]
    return []


def _money(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def row_json(row: ReviewRow, moves: list[ExpectedMove] | None = None) -> dict[str, Any]:
    """A review row as JSON (quantities and money as strings); ``movements`` are the
    movements that changed its expected quantity (``kind qty date time reference``), and
    ``moves`` the same as fields (``kind``, ``qty``, ``when``, ``reference``) for a screen to
    show the kind as a word."""
    data: dict[str, Any] = {
        "variance_id": row.variance_id,
        "task": row.task,
        "location": row.location,
        "zone": row.zone,
        "sku": row.sku,
        "name": row.name,
        "unit": row.unit,
        "lot": row.lot,
        "lots_counted": row.lots_counted,
        "class": row.abc_class,
        "book": decimal_text(row.book),
        "moved": decimal_text(row.moved),
        "expected": decimal_text(row.expected),
        "counted": decimal_text(row.counted),
        "variance": decimal_text(row.variance),
        "unit_cost": decimal_text(row.unit_cost),
        "value": _money(row.value),
        "within_tolerance": row.within_tolerance,
        "moved_during_count": row.moved_during_count,
        "movements": [move.text() for move in moves or []],
        "moves": [
            {
                "kind": move.kind,
                "qty": decimal_text(move.qty),
                "when": move.ts[:16].replace("T", " "),
                "reference": move.reference,
            }
            for move in moves or []
        ],
        "status": row.status,
        "counter": row.counter,
        "counted_at": row.counted_at,
        "first_count": None,
    }
    if row.first_count:
        data["first_count"] = {
            "counted": decimal_text(row.first_count["counted"]),
            "variance": decimal_text(row.first_count["variance"]),
            "counter": row.first_count["counter"],
        }
    if row.decision:
        data["decision"] = row.decision
    return data


def _choice(row: dict[str, Any]) -> str:
    return f"{row['location']} {row['sku']} {row['variance']} ({row['value']})"


class VarianceReviewWorkflow(BaseWorkflow[ReviewState]):
    name, title, permission, command, order = VARIANCE_REVIEW.facts()

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        ctx.require("approve_variance")
        created = plan_counts(ctx.conn, ctx.now, ctx.settings, ctx.user.id)
        step = self._list(ctx, {"filters": {}}, "review.list")
        if created:
            return Step(
                step.outcome,
                "review.planned",
                {"count": len(created)},
                step.state,
                choices=step.choices,
            )
        return step

    def _list(self, ctx: Ctx, state: ReviewState, key: str, **params: Any) -> Step:
        filters = state.get("filters") or {}
        listed = review_rows(
            ctx.conn,
            zone=filters.get("zone"),
            abc_class=filters.get("class"),
            counter=filters.get("counter"),
        )[:LIST_LIMIT]
        moves = moves_by_row(ctx.conn, listed)
        rows = [row_json(r, moves[r.variance_id]) for r in listed]
        new: ReviewState = {
            "stage": "list",
            "filters": filters,
            "rows": rows,
            "selected": None,
            "comment": "",
        }
        if "last_decision" in state:
            new["last_decision"] = state["last_decision"]
        if not rows and key == "review.list":
            key = "review.none"
        shown = ", ".join(f"{k} {v}" for k, v in filters.items()) or "all"
        return Step(
            ACCEPTED,
            key,
            {"count": len(rows), "filters": shown, **params},
            new,
            choices=[_choice(r) for r in rows],
        )

    def handle(
        self, ctx: Ctx, state: ReviewState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        ctx.require("approve_variance")
        stage = state.get("stage", "list")
        if isinstance(event, TextInput):
            return self._text(ctx, state, event.text.strip())
        if isinstance(event, Choose):
            if stage == "list":
                return self._select(ctx, state, event.n)
            if stage == "decide":
                return self._decision(ctx, state, event.n)
            if stage == "reason":
                return self._reason(ctx, state, event.n)
            return self._list(ctx, state, "review.list")
        if meaning is not None and stage == "list":
            return self._scan_adds_count(ctx, state, meaning)
        return Step(
            REJECTED,
            "input.unexpected",
            {"what": type(event).__name__},
            state,
            choices=_choices(state),
        )

    def _select(self, ctx: Ctx, state: ReviewState, n: int) -> Step:
        rows = state.get("rows") or []
        if not 1 <= n <= len(rows):
            return Step(REJECTED, "choose.out_of_range", {"count": len(rows)}, state)
        row = rows[n - 1]
        try:
            check_may_decide(ctx.conn, row["variance_id"], ctx.user.id)
        except DecisionRefused as refused:
            return Step(
                REJECTED, refused.key, refused.params, state, choices=[_choice(r) for r in rows]
            )
        new: ReviewState = {**state, "stage": "decide", "selected": row, "comment": ""}
        key = "review.moved" if row["moved_during_count"] else "review.selected"
        return Step(
            ACCEPTED,
            key,
            {k: row[k] for k in ("location", "sku", "counted", "expected", "variance", "value")},
            new,
            choices=list(DECISION_TITLES),
        )

    def _decision(self, ctx: Ctx, state: ReviewState, n: int) -> Step:
        if not 1 <= n <= len(DECISIONS):
            return Step(REJECTED, "choose.out_of_range", {"count": len(DECISIONS)}, state)
        decision = DECISIONS[n - 1]
        if decision == "approve":
            reasons = list(ctx.settings.get("count_reason_codes") or ["count_correction"])
            new: ReviewState = {**state, "stage": "reason", "reasons": reasons}
            return Step(PENDING, "review.choose_reason", {}, new, choices=reasons)
        return self._ask_pin(ctx, state, decision, "")

    def _reason(self, ctx: Ctx, state: ReviewState, n: int) -> Step:
        reasons = state.get("reasons") or []
        if not 1 <= n <= len(reasons):
            return Step(REJECTED, "choose.out_of_range", {"count": len(reasons)}, state)
        return self._ask_pin(ctx, state, "approve", reasons[n - 1])

    def _ask_pin(self, ctx: Ctx, state: ReviewState, decision: str, reason: str) -> Step:
        selected = state.get("selected")
        assert selected is not None  # decide and reason follow a selected row
        return Step(
            PENDING,
            "review.confirm",
            {"decision": decision},
            {**state, "stage": "decide"},
            confirm={
                "action": "approve_variance",
                "variance_id": selected["variance_id"],
                "decision": decision,
                "reason": reason,
                "comment": state.get("comment", ""),
            },
        )

    def confirmed(self, ctx: Ctx, state: ReviewState, confirm: dict[str, Any]) -> Step:
        ctx.require("approve_variance")
        try:
            done = decide(
                ctx.conn,
                ctx.now,
                ctx.post,
                variance_id=int(confirm["variance_id"]),
                user_id=ctx.user.id,
                decision=confirm["decision"],
                reason=confirm.get("reason", ""),
                comment=confirm.get("comment", ""),
            )
        except DecisionRefused as refused:
            back = self._list(ctx, state, "review.list")
            return Step(REJECTED, refused.key, refused.params, back.state, choices=back.choices)
        selected = state.get("selected") or {}
        ctx.audit(
            "count.variance_decided",
            {
                "variance_id": confirm["variance_id"],
                "decision": confirm["decision"],
                "reason": confirm.get("reason", ""),
                "comment": confirm.get("comment", ""),
                "movements": done["movements"],
                "recount_task": done["recount_task"],
            },
        )
        key = {"approve": "review.approved", "reject": "review.rejected"}.get(
            done["decision"], "review.recount"
        )
        last = {**done, "location": selected.get("location"), "sku": selected.get("sku")}
        step = self._list(ctx, {**state, "last_decision": last}, "review.list")
        params = {
            "variance": selected.get("variance"),
            "value": selected.get("value"),
            "task": done["recount_task"],
        }
        return Step(ACCEPTED, key, params, step.state, choices=step.choices)

    def _text(self, ctx: Ctx, state: ReviewState, text: str) -> Step:
        if state.get("stage") in ("decide", "reason"):
            new: ReviewState = {**state, "comment": text[:500]}
            return Step(
                ACCEPTED, "review.comment", {"comment": text[:500]}, new, choices=_choices(new)
            )
        words = text.split()
        head = words[0].lower() if words else ""
        if head == "all":
            return self._list(ctx, {**state, "filters": {}}, "review.filtered")
        if head in ("zone", "class", "counter") and len(words) == 2:
            filters = {**(state.get("filters") or {}), head: words[1]}
            return self._list(ctx, {**state, "filters": filters}, "review.filtered")
        if head == "accuracy":
            summary = accuracy_summary(ctx.conn, ctx.settings)
            new = {**state, "stage": "accuracy", "accuracy": summary}
            return Step(
                ACCEPTED,
                "review.accuracy",
                {"pct": summary["overall"]["accuracy_pct"], "lines": summary["overall"]["lines"]},
                new,
            )
        if head == "plan":
            created = plan_counts(ctx.conn, ctx.now, ctx.settings, ctx.user.id)
            return self._list(ctx, state, "review.planned", count=len(created))
        if head == "count" and len(words) == 3:
            return self._add_count(ctx, state, words[1].lower(), words[2])
        return Step(REJECTED, "review.bad_filter", {"text": text}, state)

    def _add_count(self, ctx: Ctx, state: ReviewState, scope: str, what: str) -> Step:
        reason = f"asked by {ctx.user.badge}"
        if scope == "zone":
            ref = request_count(ctx.conn, ctx.now, reason=reason, zone=what, priority=75)
        elif scope == "item":
            item = catalog.item_by_sku(ctx.conn, what)
            if item is None:
                return Step(REJECTED, "scan.unknown", {"text": what}, state)
            ref = request_count(ctx.conn, ctx.now, reason=reason, item_id=item.id, priority=75)
        elif scope == "location":
            loc = catalog.location_by_code(ctx.conn, what)
            if loc is None:
                return Step(REJECTED, "scan.unknown_location", {"code": what}, state)
            ref = request_count(ctx.conn, ctx.now, reason=reason, location_id=loc.id, priority=75)
        else:
            return Step(REJECTED, "review.bad_filter", {"text": f"count {scope} {what}"}, state)
        ctx.audit("count.task_added", {"task": ref, "scope": scope, "what": what})
        return Step(ACCEPTED, "review.count_added", {"task": ref}, state)

    def _scan_adds_count(self, ctx: Ctx, state: ReviewState, meaning: ScanMeaning) -> Step:
        if meaning.kind == "location" and meaning.internal is not None:
            return self._add_count(ctx, state, "location", meaning.internal.value)
        if meaning.kind in ("gtin", "gs1") and meaning.gtin:
            found = catalog.item_by_gtin(ctx.conn, meaning.gtin)
            if found is None:
                return Step(REJECTED, "scan.unknown_gtin", {"gtin": meaning.gtin}, state)
            return self._add_count(ctx, state, "item", found[0].sku)
        return Step(REJECTED, "input.unexpected", {"what": meaning.kind}, state)

    def command_input(self, ctx: Ctx, state: ReviewState, command: str) -> Step:
        if state.get("stage") in ("decide", "reason", "accuracy") and command == "cancel":
            return self._list(ctx, state, "review.list")
        if command == "undo":
            return Step(REJECTED, "command.nothing_to_undo", {}, state)
        return Step(ACCEPTED, "command.done", {}, {}, switch_to="lookup")

    def expects(self, state: ReviewState) -> dict[str, Any]:
        stage = state.get("stage", "list")
        if stage == "list":
            return expects(CHOICE, SCAN)
        if stage in ("decide", "reason"):
            return expects(CHOICE, TEXT)
        return expects(CHOICE)

    def public_state(self, state: ReviewState) -> ReviewState:
        return state


WORKFLOWS = [VarianceReviewWorkflow()]
