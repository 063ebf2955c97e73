# SPDX-License-Identifier: Apache-2.0
"""Issuing's posting: one ``issue`` movement per matching line, with both users, the step
times and the station, and the dispatch note; lines whose stock has gone go back to picking.
"""

from __future__ import annotations

from typing import Any

from ..engine.inputs import ACCEPTED, REJECTED
from ..engine.workflow import Ctx, Step
from ..store.events import iso
from ..store.ledger import Movement
from ..store.types import decimal_text
from .documents import dispatch_note_effect
from .picking import Picking, _dec, _lot_params, _picked_version
from .state import IssueLine, IssueState, IssueUser
from .store import (
    available,
    issued_so_far,
    remaining_lines,
    set_order_status,
    update_run,
)


class Posting(Picking):
    # -- posting and cancelling --------------------------------------------------------------
    def _post(self, ctx: Ctx, state: IssueState) -> Step:
        to_issue = [ln for ln in state["lines"] if _dec(ln["qty"]) > 0]
        for line in to_issue:
            have = available(ctx.conn, line["item_id"], line["lot_id"], _picked_at(line))
            if have < _dec(line["qty"]):
                params = {
                    **_lot_params(line),
                    "available": decimal_text(have),
                    "lot": line["lot"] or "-",
                    "location": line["location"],
                }
                back = self._send_back(ctx, state, [line])
                return Step(REJECTED, "issuing.stock_changed", params, back.state)
        state["times"]["posted"] = iso(ctx.now)
        picker = state["picker"]
        for line in to_issue:
            checker = _checker_of(state, line)
            movement_id = ctx.post(
                Movement(
                    kind="issue",
                    item_id=line["item_id"],
                    location_id=_picked_at(line),
                    qty=-_dec(line["qty"]),
                    lot_id=line["lot_id"],
                    user_id=picker["id"],
                    user2_id=checker["id"],
                    reason=f"issue to {state['destination']}",
                    reference=state["reference"],
                    extra={"issue": self._movement_extra(state, line, checker)},
                )
            )
            _picked_version(
                ctx,
                state,
                line,
                "post",
                checker["id"],
                outcome="posted",
                movement_id=movement_id,
            )
        return self._finish_posting(ctx, state, to_issue)

    @staticmethod
    def _movement_extra(state: IssueState, line: IssueLine, checker: IssueUser) -> dict[str, Any]:
        return {
            "order": state["reference"],
            "line": line["line"],
            "run_id": state["run_id"],
            "round": state["round"],
            "picker": state["picker"]["badge"],
            "checker": checker["badge"],
            "short_reason": line["short_reason"],
            "picked_at": line["picked_at"],
            "checked_at": line["checked_at"],
            **{f"{step}_at": when for step, when in state["times"].items()},
        }

    def _finish_posting(self, ctx: Ctx, state: IssueState, issued: list[IssueLine]) -> Step:
        order_id = state["order_id"]
        update_run(
            ctx.conn, state["run_id"], ctx.now, status="posted", posted_at=iso(ctx.now), state=state
        )
        done = issued_so_far(ctx.conn, order_id)
        left = remaining_lines(ctx.conn, order_id)
        status = "partial" if left else "issued"
        set_order_status(ctx.conn, order_id, status, ctx.now)
        checkers = sorted({_checker_of(state, ln)["name"] for ln in issued})
        ctx.audit(
            "issue.posted",
            {
                "reference": state["reference"],
                "run_id": state["run_id"],
                "status": status,
                "lines": {str(k): decimal_text(v) for k, v in sorted(done.items())},
            },
        )
        params = {
            "reference": state["reference"],
            "lines": len(issued),
            "picker": state["picker"]["name"],
            "checker": ", ".join(checkers),
        }
        effects = []
        if ctx.settings.get("issuing_dispatch_note", True):
            effects.append(dispatch_note_effect(state, issued, ctx.who.station_id, status))
        key = "issuing.posted" if status == "issued" else "issuing.posted_partial"
        return Step(ACCEPTED, key, params, {}, switch_to="lookup", effects=effects)


def _checker_of(state: IssueState, line: IssueLine) -> IssueUser:
    """Who checked ``line``: the one who confirmed it, else the run's checker."""
    checker = line["checked_by"] or state["checker"]
    assert checker is not None  # posting follows a check
    return checker


def _picked_at(line: IssueLine) -> int:
    """Where ``line`` was picked (a line with a quantity always has a location)."""
    location_id = line["location_id"]
    assert location_id is not None
    return location_id
