# SPDX-License-Identifier: Apache-2.0
"""Cycle counting: badge -> task -> location -> items -> close location. Blind.

The counter never sees the book: neither the state, the messages nor the choices carry a book
quantity. Tasks are offered by priority (``$CMD-COUNT``), or started by scanning a task
reference (``CC-0001``) at home. At a location, items are counted by barcode (a case GTIN
counts its pack quantity, GS1 (30)/(37) quantities and (10) lots are taken), by a quantity
typed after a scan (it replaces that scan's count, in packs of the scanned GTIN), or by an RFID
round (each new EPC counts once). ``$CMD-UNDO`` voids the last line, ``$CMD-DONE`` closes the
location (an empty location needs a second DONE: an explicit zero), ``$CMD-CANCEL`` abandons
the location's count. Closing computes the variances (station.core.counting.variances); the
counter is told only how many lines were counted.

State (``state`` in outcomes, see docs/workflows/counting.md): ``stage`` (task | location |
counting | confirm_empty), ``tasks`` (when choosing), ``task`` {reference, scope, reason, item,
recount}, ``locations`` [{code, counted}], ``location``, ``counted`` [{sku, name, lot, qty}],
``last`` {sku, qty}, ``rfid`` {new, repeated, not_items}.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from ..engine.expects import CHOICE, CONFIRM, SCAN, expects, quantity_after_scan
from ..engine.inputs import (
    ACCEPTED,
    PENDING,
    REJECTED,
    Choose,
    InputEvent,
    Qty,
    RfidRound,
)
from ..engine.messages import register_messages
from ..engine.quantities import scanned_quantity
from ..engine.settings import Setting, declare
from ..engine.workflow import BaseWorkflow, Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog, schema
from ..store.types import decimal_text, to_decimal
from .epc import gtin_of_epc
from .menu import COUNTING
from .sessions import (
    TaskInfo,
    add_line,
    cancel_abandoned,
    cancel_session,
    counted_locations,
    counted_so_far,
    epcs_seen,
    has_active_users_other_than,
    open_session,
    open_tasks,
    resumable_session,
    set_line_qty,
    set_task_status,
    task_by_id,
    task_by_reference,
    task_locations,
    void_line,
)
from .state import CountLocation, CountPublic, CountState, count_public
from .tables import count_lines
from .task_views import public_task, task_label, task_line
from .variances import close_session

TASK_RE = re.compile(r"^CC-\d{4,}$")

register_messages(
    {
        "counting.choose_task": "Choose a count task ({count} open), or scan its reference.",
        "counting.no_tasks": "There is no open count task.",
        "counting.task_unknown": "{reference} is not an open count task: choose one from the list.",
        "counting.recount_other": "{reference} is a recount: another counter must do it.",
        "counting.scan_location": "{reference}: scan a location to count ({left} left).",
        "counting.wrong_location": "{code} is not a location of {reference}: scan one of the locations listed.",
        "counting.location_done": "{code} is already counted for {reference}: scan a location still to count.",
        "counting.location_started": "Counting {code}: scan the items.",
        "counting.resumed": "Carrying on counting {code} ({lines} lines counted so far).",
        "counting.counted": "{sku} +{qty} counted at {code}.",
        "counting.qty_set": "{sku}: count set to {qty}.",
        "counting.qty_needs_scan": "Scan an item first, then type its quantity.",
        "counting.other_item": "This count is for {sku} only: set the other item aside, it is not counted.",
        "counting.rfid": "RFID: {new} new tags counted, {repeated} already counted, {not_items} not items.",
        "counting.undone": "Last line removed ({sku} {qty}).",
        "counting.nothing_counted": "Nothing counted here yet.",
        "counting.confirm_empty": "Nothing counted at {code}. Scan DONE again to confirm it is empty.",
        "counting.closed": "{code} closed: {lines} lines counted.",
        "counting.closed_empty": "{code} closed: confirmed empty.",
        "counting.task_done": "{reference} counted. Thank you.",
        "counting.location_cancelled": "Count of {code} cancelled.",
        "counting.close_first": "Close {code} first (DONE), then scan the next location.",
        "counting.not_item": "{text} is not an item: scan the item's barcode, or ask a supervisor.",
    }
)

declare(
    Setting(
        "count_recount_other_counter",
        "bool",
        True,
        "A recount goes to another counter than the one who counted first.",
        "复盘必须由首次盘点人以外的人执行。",
        group="counting",
    )
)


class CountingWorkflow(BaseWorkflow[CountState]):
    name, title, permission, command, order = COUNTING.facts()

    # -- starting ----------------------------------------------------------------------------
    def claims(self, ctx: Ctx, meaning: ScanMeaning) -> bool:
        if meaning.kind != "text" or not TASK_RE.match(meaning.text.strip()):
            return False
        task = task_by_reference(ctx.conn, meaning.text.strip())
        return task is not None and task.status == "open"

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        ctx.require("count")
        if meaning is not None and meaning.kind == "text":
            task = task_by_reference(ctx.conn, meaning.text.strip())
            if task is not None:
                return self._choose_task(ctx, task)
        return self._task_list(ctx, "counting.choose_task")

    def _task_list(self, ctx: Ctx, key: str, **params: Any) -> Step:
        tasks = [task_line(ctx, t) for t in open_tasks(ctx.conn)]
        state: CountState = {"stage": "task", "tasks": tasks}
        if not tasks:
            return Step(ACCEPTED, "counting.no_tasks", {}, state, switch_to="lookup")
        return Step(
            ACCEPTED if key == "counting.choose_task" else REJECTED,
            key,
            {"count": len(tasks), **params},
            state,
            choices=[task_label(t) for t in tasks],
        )

    def _choose_task(self, ctx: Ctx, task: TaskInfo, open_single: bool = True) -> Step:
        if task.status != "open":
            return self._task_list(ctx, "counting.task_unknown", reference=task.reference)
        if (
            task.first_counter_id == ctx.user.id
            and ctx.settings.get("count_recount_other_counter", True)
            and has_active_users_other_than(ctx.conn, ctx.user.id, "counter")
        ):
            return self._task_list(ctx, "counting.recount_other", reference=task.reference)
        state: CountState = {"stage": "location", "task": public_task(task, ctx)}
        state["locations"] = self._locations(ctx, task)
        left = [loc for loc in state["locations"] if not loc["counted"]]
        if open_single and len(state["locations"]) == 1 and left:
            return self._open_location(ctx, state, left[0]["id"], left[0]["code"])
        return Step(
            ACCEPTED,
            "counting.scan_location",
            {"reference": task.reference, "left": len(left)},
            state,
        )

    @staticmethod
    def _locations(ctx: Ctx, task: TaskInfo) -> list[CountLocation]:
        done = counted_locations(ctx.conn, task.id)
        return [
            {"id": lid, "code": code, "counted": lid in done}
            for lid, code in task_locations(ctx.conn, task)
        ]

    def _open_location(
        self, ctx: Ctx, state: CountState, location_id: int, code: str, device: str = ""
    ) -> Step:
        task_id = state["task"]["id"]
        resumed = resumable_session(ctx.conn, task_id, location_id, ctx.user.id)
        if resumed is not None:
            counted = counted_so_far(ctx.conn, resumed)
            new: CountState = {
                **state,
                "stage": "counting",
                "session_id": resumed,
                "location": code,
                "location_id": location_id,
                "counted": counted,
                "last": None,
                "rfid": None,
            }
            return Step(ACCEPTED, "counting.resumed", {"code": code, "lines": len(counted)}, new)
        cancel_abandoned(ctx.conn, ctx.now, task_id, location_id)
        session_id = open_session(
            ctx.conn,
            ctx.now,
            task_id=state["task"]["id"],
            location_id=location_id,
            counter_id=ctx.user.id,
            device_url=device,
        )
        ctx.audit(
            "count.location_started",
            {"task": state["task"]["reference"], "location": code, "session": session_id},
        )
        new = {
            **state,
            "stage": "counting",
            "session_id": session_id,
            "location": code,
            "location_id": location_id,
            "counted": [],
            "last": None,
            "rfid": None,
        }
        return Step(ACCEPTED, "counting.location_started", {"code": code}, new)

    # -- inputs ------------------------------------------------------------------------------
    def handle(
        self, ctx: Ctx, state: CountState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        ctx.require("count")
        stage = state.get("stage")
        if stage == "task":
            return self._in_task_stage(ctx, state, event, meaning)
        if stage == "location":
            return self._in_location_stage(ctx, state, event, meaning)
        if stage == "confirm_empty":
            state = {**state, "stage": "counting"}
        if isinstance(event, Qty):
            return self._qty(ctx, state, event.amount)
        if isinstance(event, RfidRound):
            return self._rfid(ctx, state, event)
        if meaning is None:
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        if meaning.kind in ("gtin", "gs1") and meaning.gtin:
            return self._item_scan(ctx, state, meaning, event)
        if meaning.kind == "text":
            item = catalog.item_by_sku(ctx.conn, meaning.text.strip())
            if item is not None:
                gtins = catalog.gtins_of(ctx.conn, item.id)
                unit_gtin = gtins[0][0] if gtins else None
                return self._count(ctx, state, item, Decimal(1), None, unit_gtin, "scan", event)
        if meaning.kind == "location" or meaning.kind == "text":
            return Step(REJECTED, "counting.close_first", {"code": state["location"]}, state)
        return Step(REJECTED, "input.unexpected", {"what": meaning.kind}, state)

    def _in_task_stage(
        self, ctx: Ctx, state: CountState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        tasks = state.get("tasks") or []
        if isinstance(event, Choose):
            if not 1 <= event.n <= len(tasks):
                return Step(REJECTED, "choose.out_of_range", {"count": len(tasks)}, state)
            reference = tasks[event.n - 1]["reference"]
        elif meaning is not None and meaning.kind == "text":
            reference = meaning.text.strip()
        else:
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        task = task_by_reference(ctx.conn, reference)
        if task is None:
            return self._task_list(ctx, "counting.task_unknown", reference=reference)
        return self._choose_task(ctx, task)

    def _in_location_stage(
        self, ctx: Ctx, state: CountState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        code = None
        if meaning is not None and meaning.kind == "location" and meaning.internal:
            code = meaning.internal.value
            loc = catalog.location_by_code(ctx.conn, code)
        elif meaning is not None and meaning.kind == "text":
            code = meaning.text.strip()
            loc = catalog.location_by_barcode(ctx.conn, code) or catalog.location_by_code(
                ctx.conn, code
            )
        else:
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        reference = state["task"]["reference"]
        entry = next((x for x in state["locations"] if loc and x["id"] == loc.id), None)
        if loc is None or entry is None:
            return Step(
                REJECTED, "counting.wrong_location", {"code": code, "reference": reference}, state
            )
        if entry["counted"]:
            return Step(
                REJECTED,
                "counting.location_done",
                {"code": loc.code, "reference": reference},
                state,
            )
        device = getattr(event, "device_url", "")
        return self._open_location(ctx, state, loc.id, loc.code, device)

    def _item_scan(
        self, ctx: Ctx, state: CountState, meaning: ScanMeaning, event: InputEvent
    ) -> Step:
        assert meaning.gtin is not None
        found = catalog.item_by_gtin(ctx.conn, meaning.gtin)
        if found is None:
            return Step(REJECTED, "scan.unknown_gtin", {"gtin": meaning.gtin}, state)
        item, pack = found
        qty = scanned_quantity(meaning.fields, item.unit, pack) or pack
        only = state["task"].get("item_id")
        if not only or only == item.id:
            ctx.check_qty(item.unit, qty)  # before a lot is made or a line added
        lot_id = None
        if meaning.fields.get("lot"):
            expiry = meaning.fields.get("expiry")
            lot_id = catalog.lot_id_for(
                ctx.conn,
                item.id,
                meaning.fields["lot"],
                expiry=date.fromisoformat(expiry) if expiry else None,
            )
        return self._count(ctx, state, item, qty, lot_id, meaning.gtin, "scan", event, pack)

    def _count(
        self,
        ctx: Ctx,
        state: CountState,
        item: catalog.Item,
        qty: Decimal,
        lot_id: int | None,
        gtin: str | None,
        source: str,
        event: InputEvent,
        pack: Decimal = Decimal(1),
    ) -> Step:
        only = state["task"].get("item_id")
        if only and only != item.id:
            return Step(REJECTED, "counting.other_item", {"sku": state["task"]["item"]}, state)
        line_id = add_line(
            ctx.conn,
            ctx.now,
            session_id=state["session_id"],
            item_id=item.id,
            lot_id=lot_id,
            qty=qty,
            source=source,
            user_id=ctx.user.id,
            device_url=getattr(event, "device_url", ""),
            gtin=gtin,
        )
        lot_no = _lot_no(ctx, lot_id)
        new: CountState = {
            **state,
            "counted": _add_counted(state["counted"], item, lot_no, qty),
            "last": {
                "line_id": line_id,
                "sku": item.sku,
                "name": item.name,
                "lot": lot_no,
                "qty": decimal_text(qty),
                "pack": decimal_text(pack),
            },
        }
        params = {"sku": item.sku, "qty": decimal_text(qty), "code": state["location"]}
        return Step(ACCEPTED, "counting.counted", params, new)

    def _qty(self, ctx: Ctx, state: CountState, qty: Decimal) -> Step:
        last = state.get("last")
        if not last or qty < 0:
            return Step(REJECTED, "counting.qty_needs_scan", {}, state)
        total = qty * to_decimal(last.get("pack", "1"))
        item = catalog.item_by_sku(ctx.conn, last["sku"])
        ctx.check_qty(item.unit if item else "", total, zero_ok=True)  # 0: none here after all
        set_line_qty(ctx.conn, last["line_id"], total)
        counted = _add_counted(
            state["counted"],
            None,
            last["lot"],
            total - to_decimal(last["qty"]),
            sku=last["sku"],
            name=last["name"],
        )
        new: CountState = {
            **state,
            "counted": counted,
            "last": {**last, "qty": decimal_text(total)},
        }
        return Step(
            ACCEPTED, "counting.qty_set", {"sku": last["sku"], "qty": decimal_text(total)}, new
        )

    def _rfid(self, ctx: Ctx, state: CountState, event: RfidRound) -> Step:
        seen = epcs_seen(ctx.conn, state["session_id"])
        new_tags = repeated = not_items = 0
        counted = state["counted"]
        only = state["task"].get("item_id")
        for read in event.reads:
            epc = read.epc.upper()
            if epc in seen:
                repeated += 1
                continue
            decoded = gtin_of_epc(epc)
            found = catalog.item_by_gtin(ctx.conn, decoded[0]) if decoded else None
            if found is None or (only and found[0].id != only):
                not_items += 1
                continue
            item, pack = found
            seen.add(epc)
            add_line(
                ctx.conn,
                ctx.now,
                session_id=state["session_id"],
                item_id=item.id,
                lot_id=None,
                qty=pack,
                source="rfid",
                user_id=ctx.user.id,
                device_url=event.device_url,
                gtin=decoded[0] if decoded else None,
                epc=epc,
            )
            counted = _add_counted(counted, item, None, pack)
            new_tags += 1
        rfid = {"new": new_tags, "repeated": repeated, "not_items": not_items}
        new: CountState = {**state, "counted": counted, "rfid": rfid, "last": None}
        ok = new_tags or repeated
        return Step(ACCEPTED if ok else REJECTED, "counting.rfid", rfid, new)

    # -- commands ----------------------------------------------------------------------------
    def command_input(self, ctx: Ctx, state: CountState, command: str) -> Step:
        stage = state.get("stage")
        if stage in (None, "task", "location"):
            if command == "undo":
                return Step(REJECTED, "command.nothing_to_undo", {}, state)
            return Step(ACCEPTED, "command.done", {}, {}, switch_to="lookup")
        if command == "undo":
            return self._undo(ctx, state)
        if command == "cancel":
            cancel_session(ctx.conn, ctx.now, state["session_id"])
            ctx.audit("count.location_cancelled", {"session": state["session_id"]})
            back = self._back_to_locations(ctx, state)
            return Step(ACCEPTED, "counting.location_cancelled", {"code": state["location"]}, back)
        if stage == "confirm_empty":
            add_line(
                ctx.conn,
                ctx.now,
                session_id=state["session_id"],
                item_id=None,
                lot_id=None,
                qty=Decimal(0),
                source="empty",
                user_id=ctx.user.id,
                device_url="",
            )
            return self._close(ctx, state, empty=True)
        if not state.get("counted"):
            new: CountState = {**state, "stage": "confirm_empty"}
            return Step(PENDING, "counting.confirm_empty", {"code": state["location"]}, new)
        return self._close(ctx, state, empty=False)

    def _undo(self, ctx: Ctx, state: CountState) -> Step:
        cl = count_lines.c
        row = ctx.conn.execute(
            count_lines.select()
            .where(cl.session_id == state["session_id"], cl.voided.is_(False))
            .order_by(cl.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return Step(REJECTED, "command.nothing_to_undo", {}, state)
        void_line(ctx.conn, row.id)
        item = catalog.item_by_id(ctx.conn, row.item_id) if row.item_id else None
        sku = item.sku if item else ""
        counted = state["counted"]
        if item is not None:
            counted = _add_counted(counted, item, _lot_no(ctx, row.lot_id), -to_decimal(row.qty))
        new: CountState = {**state, "stage": "counting", "counted": counted, "last": None}
        return Step(ACCEPTED, "counting.undone", {"sku": sku, "qty": decimal_text(row.qty)}, new)

    def _close(self, ctx: Ctx, state: CountState, *, empty: bool) -> Step:
        closed = close_session(
            ctx.conn,
            ctx.now,
            state["session_id"],
            ctx.settings,
            ctx.post,
            item_only=state["task"].get("item_id"),
        )
        ctx.audit(
            "count.location_closed",
            {
                "task": state["task"]["reference"],
                "location": state["location"],
                "session": closed.session_id,
                "variances": closed.variances,
                "pending": closed.pending,
                "auto_approved": closed.auto_approved,
            },
        )
        lines = len(state["counted"])
        key = "counting.closed_empty" if empty else "counting.closed"
        params = {"code": state["location"], "lines": lines}
        back = self._back_to_locations(ctx, state)
        if all(loc["counted"] for loc in back["locations"]):
            task = task_by_id(ctx.conn, state["task"]["id"])
            assert task is not None
            from .review import close_task_if_decided

            set_task_status(ctx.conn, task.id, "counted")
            close_task_if_decided(ctx.conn, task.id)
            return Step(
                ACCEPTED,
                "counting.task_done",
                {"reference": task.reference, **params},
                {},
                switch_to="lookup",
            )
        return Step(ACCEPTED, key, params, back)

    def _back_to_locations(self, ctx: Ctx, state: CountState) -> dict[str, Any]:
        task = task_by_id(ctx.conn, state["task"]["id"])
        assert task is not None
        return {"stage": "location", "task": state["task"], "locations": self._locations(ctx, task)}

    def expects(self, state: CountState) -> dict[str, Any]:
        stage = state.get("stage")
        if stage == "task":
            return expects(CHOICE, SCAN)
        if stage == "confirm_empty":
            return expects(CONFIRM, SCAN)
        if stage == "counting" and state.get("last"):
            return quantity_after_scan()
        return expects(SCAN)

    def public_state(self, state: CountState) -> CountPublic:
        """Blind: no ids, never a book quantity."""
        return count_public(state)


def _lot_no(ctx: Ctx, lot_id: int | None) -> str | None:
    if lot_id is None:
        return None
    lt = schema.lots
    lot_no: str = ctx.conn.execute(select(lt.c.lot_no).where(lt.c.id == lot_id)).scalar_one()
    return lot_no


def _add_counted(
    counted: list[dict[str, Any]],
    item: catalog.Item | None,
    lot: str | None,
    qty: Decimal,
    *,
    sku: str = "",
    name: str = "",
) -> list[dict[str, Any]]:
    sku = item.sku if item else sku
    name = item.name if item else name
    result = [dict(x) for x in counted]
    for entry in result:
        if entry["sku"] == sku and entry["lot"] == lot:
            entry["qty"] = decimal_text(to_decimal(entry["qty"]) + qty)
            break
    else:
        result.append({"sku": sku, "name": name, "lot": lot, "qty": decimal_text(qty)})
    return [x for x in result if to_decimal(x["qty"]) != 0]


WORKFLOWS = [CountingWorkflow()]
