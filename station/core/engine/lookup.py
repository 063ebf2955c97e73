# SPDX-License-Identifier: Apache-2.0
"""The lookup workflow: scan an item, a location or a badge and see what it is and the stock.

It is the home workflow: after login and after any other workflow ends, scans land here.
State (``state`` in outcomes): ``{"kind": null|"item"|"location"|"user", ...}`` with, for an
item, ``sku``, ``name``, ``unit``, ``total`` and ``stock`` lines (``location``, ``lot``,
``expiry``, ``qty``), earliest expiry first; for a location, ``code``, ``zone``,
``warehouse`` and ``stock`` lines (``sku``, ``name``, ``lot``, ``expiry``, ``qty``); for a
badge, ``badge``, ``name``, ``role``, ``locked``; for an RFID read round, ``tags``: one
per tag with ``epc``, ``scheme``, ``label`` (e.g. "GTIN ... serial ..."), ``rssi``,
``antenna`` and, for a tag of a known item, ``sku`` and ``name``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Required, TypedDict

from drivers.epc import describe_epc

from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.types import decimal_text
from .inputs import ACCEPTED, PENDING, REJECTED, Choose, InputEvent, RfidRound
from .workflow import BaseWorkflow, Ctx, Step, accepted


class LookupState(TypedDict, total=False):
    """What was looked up last (``kind``), and the keys of that kind (the module's docstring);
    ``user_id`` only for a badge (kept, not shown)."""

    kind: Required[Literal["item", "location", "user", "rfid"] | None]
    sku: str
    name: str
    unit: str
    total: str
    stock: list[dict[str, Any]]
    code: str
    zone: str | None
    warehouse: str | None
    user_id: int
    badge: str
    role: str
    locked: bool
    tags: list[dict[str, Any]]


class LookupWorkflow(BaseWorkflow[LookupState]):
    name = "lookup"
    permission = "lookup"
    title = "Look up"
    command: str | None = "LOOKUP"
    order = 0
    copy_on_write = True

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        return accepted("lookup.ready", {"kind": None})

    def handle(
        self, ctx: Ctx, state: LookupState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        if isinstance(event, Choose) and state.get("kind") == "user" and state.get("locked"):
            if event.n != 1:
                return Step(REJECTED, "choose.out_of_range", {"count": 1}, state)
            ctx.require("clear_lockout")
            return Step(
                PENDING,
                "perm.pin_required",
                {"name": ctx.user.name},
                state,
                confirm={"action": "clear_lockout", "user_id": state["user_id"]},
            )
        if isinstance(event, RfidRound):
            ctx.require("lookup")
            return self._tags(ctx, event)
        if meaning is None:
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        ctx.require("lookup")
        if meaning.kind in ("gtin", "gs1") and meaning.gtin:
            return self._item(ctx, meaning.gtin)
        if meaning.kind == "location" and meaning.internal is not None:
            return self._location(
                ctx,
                catalog.location_by_code(ctx.conn, meaning.internal.value),
                meaning.internal.value,
            )
        if meaning.kind == "badge" and meaning.internal is not None:
            return self._user(ctx, meaning.internal.value)
        if meaning.kind == "text":
            loc = catalog.location_by_barcode(ctx.conn, meaning.text) or catalog.location_by_code(
                ctx.conn, meaning.text
            )
            if loc is not None:
                return self._location(ctx, loc, meaning.text)
            item = catalog.item_by_sku(ctx.conn, meaning.text)
            if item is not None:
                return self._item_found(ctx, item)
            return Step(REJECTED, "scan.unknown", {"text": meaning.text}, {"kind": None})
        return Step(REJECTED, "input.unexpected", {"what": meaning.kind}, state)

    def _tags(self, ctx: Ctx, event: RfidRound) -> Step:
        """What each tag of a read round is: the decoded EPC, and the item for an SGTIN."""
        tags = []
        for read in event.reads:
            described = describe_epc(read.epc)
            tag = {
                "epc": read.epc,
                "scheme": described.get("scheme"),
                "label": described.get("label") or described.get("error") or read.epc,
                "rssi": read.rssi,
                "antenna": read.antenna,
                "sku": None,
                "name": None,
            }
            gtin = described.get("gtin")
            found = catalog.item_by_gtin(ctx.conn, gtin) if isinstance(gtin, str) else None
            if found is not None:
                tag["sku"], tag["name"] = found[0].sku, found[0].name
            tags.append(tag)
        known = sum(1 for tag in tags if tag["sku"])
        state: LookupState = {"kind": "rfid", "tags": tags}
        return Step(ACCEPTED, "lookup.tags", {"count": len(tags), "known": known}, state)

    def _item(self, ctx: Ctx, gtin: str) -> Step:
        found = catalog.item_by_gtin(ctx.conn, gtin)
        if found is None:
            return Step(REJECTED, "scan.unknown_gtin", {"gtin": gtin}, {"kind": None})
        return self._item_found(ctx, found[0])

    def _item_found(self, ctx: Ctx, item: catalog.Item) -> Step:
        lines = catalog.stock_of_item(ctx.conn, item)
        total = decimal_text(sum((line.qty for line in lines), Decimal(0)))
        state: LookupState = {
            "kind": "item",
            "sku": item.sku,
            "name": item.name,
            "unit": item.unit,
            "total": total,
            "stock": [
                {
                    "location": line.location_code,
                    "lot": line.lot_no,
                    "expiry": line.expiry,
                    "qty": decimal_text(line.qty),
                }
                for line in lines
            ],
        }
        key = "lookup.item" if lines else "lookup.item_none"
        return Step(
            ACCEPTED,
            key,
            {"sku": item.sku, "name": item.name, "qty": total, "unit": item.unit},
            state,
        )

    def _location(self, ctx: Ctx, loc: catalog.Location | None, code: str) -> Step:
        if loc is None:
            return Step(REJECTED, "scan.unknown_location", {"code": code}, {"kind": None})
        lines = catalog.stock_at_location(ctx.conn, loc.id)
        state: LookupState = {
            "kind": "location",
            "code": loc.code,
            "zone": loc.zone,
            "warehouse": loc.warehouse,
            "stock": [
                {
                    "sku": line.sku,
                    "name": line.item_name,
                    "lot": line.lot_no,
                    "expiry": line.expiry,
                    "qty": decimal_text(line.qty),
                }
                for line in lines
            ],
        }
        key = "lookup.location" if lines else "lookup.location_empty"
        return Step(ACCEPTED, key, {"code": loc.code, "zone": loc.zone, "lines": len(lines)}, state)

    def _user(self, ctx: Ctx, badge: str) -> Step:
        user = catalog.user_by_badge(ctx.conn, badge)
        if user is None:
            return Step(REJECTED, "login.badge_unknown", {"badge": badge}, {"kind": None})
        state: LookupState = {
            "kind": "user",
            "user_id": user.id,
            "badge": user.badge,
            "name": user.name,
            "role": user.role,
            "locked": user.locked,
        }
        params = {"name": user.name, "role": user.role}
        if user.locked:
            return Step(PENDING, "lookup.user_locked", params, state, choices=["clear lockout"])
        return Step(ACCEPTED, "lookup.user", params, state)

    def command_input(self, ctx: Ctx, state: LookupState, command: str) -> Step:
        if command == "undo":
            return Step(REJECTED, "command.nothing_to_undo", {}, state)
        if command == "cancel":
            return accepted("command.cancelled", {"kind": None})
        return accepted("command.done", {"kind": None})

    def confirmed(self, ctx: Ctx, state: LookupState, confirm: dict[str, Any]) -> Step:
        ctx.require("clear_lockout")
        user = catalog.user_by_id(ctx.conn, int(confirm["user_id"]))
        if user is None:
            return Step(REJECTED, "scan.unknown", {"text": confirm["user_id"]}, {"kind": None})
        catalog.update_user_pin_state(ctx.conn, user.id, failed_pins=0, locked=False)
        ctx.audit("user.lockout_cleared", {"user_id": user.id, "badge": user.badge})
        return accepted("lookup.lockout_cleared", {**state, "locked": False}, name=user.name)

    def persisted_state(self, state: LookupState) -> LookupState:
        """Only a badge being looked at is kept (a supervisor may clear its lockout next); an
        item's or location's stock is shown, not kept: a restart starts a fresh lookup."""
        return state if state.get("kind") == "user" else {"kind": None}

    def public_state(self, state: LookupState) -> dict[str, Any]:
        return {k: v for k, v in state.items() if k not in ("user_id", "menu")}
