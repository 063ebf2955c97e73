# SPDX-License-Identifier: Apache-2.0
"""Moving stock: from a location (or the staging area), an item and lot, a quantity, to a
location. Serves put-away after receiving and transfers between locations.

Flow (``$CMD-MOVE`` or the menu; permission ``move``): scan the from-location; scan the item
(a GS1 scan with a lot picks that lot; a plain GTIN picks the only lot there, or offers the
lots as choices); the first item scan counts its pack quantity, each further scan of it adds
one pack, a typed quantity (``Qty``) sets it; scan the to-location: two ``transfer``
movements are posted (out of the from-location, into the to-location) in the input's
transaction, and the next item can be scanned from the same location. ``$CMD-UNDO`` steps
back (before posting), ``$CMD-DONE`` / ``$CMD-CANCEL`` go home. More than the book quantity
at the from-location is refused.

State (docs/workflows/receiving.md): ``{"stage": "from"|"item"|"lot"|"qty", "from", "item":
{"sku", "name", "unit"}|null, "lot", "expiry", "available", "qty", "moved": [{"sku", "lot",
"qty", "from", "to"}]}`` (the last ten moves, newest last).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Required, TypedDict

from ..engine.expects import CHOICE, KEYPAD_MAX, QUANTITY, SCAN, expects
from ..engine.inputs import ACCEPTED, PENDING, REJECTED, Choose, InputEvent, Qty
from ..engine.messages import register_messages
from ..engine.workflow import BaseWorkflow, Ctx, Step
from ..receiving.store import LotStock, stock_lots_at
from ..scan_meaning import ScanMeaning
from ..store import catalog
from ..store.ledger import Movement
from ..store.types import decimal_text
from .menu import MOVE

MESSAGES = {
    "move.scan_from": "Move: scan the location to take stock from.",
    "move.from_set": "From {code}: scan the item to move.",
    "move.from_empty": "Location {code} holds no stock: scan the location the stock is in.",
    "move.not_here": "{sku} is not at {code}: scan an item that is there, or CANCEL to start from another location.",
    "move.lot_not_here": "{sku} lot {lot} is not at {code}: scan a lot that is there, or CANCEL.",
    "move.choose_lot": "{sku} has {count} lots at {code}: choose one.",
    "move.item_set": (
        "{sku} {name} lot {lot}: {qty} of {available} {unit}. Type or scan the quantity, "
        "then scan the target location."
    ),
    "move.qty_set": "{qty} of {available} {unit} {sku}. Scan the target location.",
    "move.qty_invalid": "Move between 0 and {available} {unit}.",
    "move.too_much": "Only {available} {unit} of {sku} are at {code}: type at most {available}.",
    "move.same_location": "The target is the same location {code}: scan the location to move it to.",
    "move.other_item": "{sku} is another item: move {current} first, or UNDO.",
    "move.moved": "Moved {qty} {unit} {sku} from {source} to {target}. Scan the next item.",
    "move.back": "Stepped back.",
}
register_messages(MESSAGES)


class MoveItem(TypedDict):
    sku: str
    name: str
    unit: str


class MoveLot(TypedDict):
    """A lot of the item at the from-location, as offered and chosen."""

    lot_id: int | None
    lot: str | None
    expiry: str | None
    qty: str


#: one move done, as listed (``from`` is a keyword, hence this form)
Moved = TypedDict("Moved", {"sku": str, "lot": str | None, "qty": str, "from": str, "to": str})

#: the state (module docstring); keys starting with ``_`` are kept, not shown
MoveState = TypedDict(
    "MoveState",
    {
        "stage": Required[Literal["from", "item", "lot", "qty"]],
        "moved": list[Moved],
        "from": str,
        "_from_id": int,
        "item": MoveItem,
        "_item_id": int,
        "_pack": str,
        "qty": str,
        "lot": str | None,
        "_lot_id": int | None,
        "expiry": str | None,
        "available": str,
        "_lots": list[MoveLot],
    },
    total=False,
)


#: what outcomes show of the state: its keys but the ``_`` ones, ``from`` and ``item`` always
#: (``None`` before they are scanned)
MovePublic = TypedDict(
    "MovePublic",
    {
        "stage": Literal["from", "item", "lot", "qty"],
        "from": str | None,
        "moved": list[Moved],
        "item": MoveItem | None,
        "qty": str,
        "lot": str | None,
        "expiry": str | None,
        "available": str,
    },
    total=False,
)


def public_view(state: MoveState) -> MovePublic:
    """The state as outcomes show it (:data:`MovePublic`), in the order the state gains its
    keys: the from-location comes after the moves until it is scanned."""
    stage = state.get("stage")
    if stage is None:
        return {"from": None, "item": None}
    if stage == "from":
        return {"stage": stage, "moved": state["moved"], "from": None, "item": None}
    public: MovePublic = {"stage": stage, "from": state["from"], "moved": state["moved"]}
    public["item"] = state.get("item")
    if stage in ("lot", "qty"):
        public["qty"] = state["qty"]
    if stage == "qty":
        public["lot"] = state["lot"]
        public["expiry"] = state["expiry"]
        public["available"] = state["available"]
    return public


def _params(state: MoveState) -> dict[str, Any]:
    item = state.get("item")
    return {
        "sku": item["sku"] if item else None,
        "name": item["name"] if item else None,
        "unit": item["unit"] if item else None,
        "lot": state.get("lot") or "-",
        "qty": state.get("qty"),
        "available": state.get("available"),
        "code": state.get("from"),
    }


class MoveWorkflow(BaseWorkflow[MoveState]):
    name, title, permission, command, order = MOVE.facts()

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        return Step(PENDING, "move.scan_from", {}, {"stage": "from", "moved": []})

    def handle(
        self, ctx: Ctx, state: MoveState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        stage = state.get("stage")
        if stage == "lot" and isinstance(event, Choose):
            return self._lot_chosen(state, event.n)
        if isinstance(event, Qty):
            return self._typed_qty(ctx, state, event.amount)
        if meaning is None:
            return Step(REJECTED, "input.unexpected", {"what": type(event).__name__}, state)
        if meaning.kind == "location" and meaning.internal is not None:
            loc = catalog.location_by_code(ctx.conn, meaning.internal.value)
            if loc is None:
                return Step(
                    REJECTED, "scan.unknown_location", {"code": meaning.internal.value}, state
                )
            if stage == "qty":
                return self._to(ctx, state, loc)
            return self._from(ctx, state, loc)
        if stage == "from":
            return Step(PENDING, "move.scan_from", {}, state)
        item, pack, lot, count = self._item_of(ctx, meaning)
        if item is None:
            if meaning.kind in ("gtin", "gs1") and meaning.gtin:
                return Step(REJECTED, "scan.unknown_gtin", {"gtin": meaning.gtin}, state)
            return Step(REJECTED, "scan.unknown", {"text": meaning.text}, state)
        if stage == "qty":
            return self._more(ctx, state, item, pack, lot)
        return self._item(ctx, state, item, pack, lot, count)

    @staticmethod
    def _item_of(
        ctx: Ctx, meaning: ScanMeaning
    ) -> tuple[catalog.Item | None, Decimal, str | None, str | None]:
        if meaning.kind in ("gtin", "gs1"):
            gtin = meaning.gtin or meaning.fields.get("content_gtin")
            found = catalog.item_by_gtin(ctx.conn, gtin) if gtin else None
            if found is None:
                return None, Decimal(1), None, None
            return found[0], found[1], meaning.fields.get("lot"), meaning.fields.get("quantity")
        if meaning.kind == "text":
            return catalog.item_by_sku(ctx.conn, meaning.text), Decimal(1), None, None
        return None, Decimal(1), None, None

    def _from(self, ctx: Ctx, state: MoveState, loc: catalog.Location) -> Step:
        if not catalog.stock_at_location(ctx.conn, loc.id):
            return Step(REJECTED, "move.from_empty", {"code": loc.code}, state)
        new: MoveState = {
            "stage": "item",
            "from": loc.code,
            "_from_id": loc.id,
            "moved": state["moved"],
        }
        return Step(ACCEPTED, "move.from_set", {"code": loc.code}, new)

    def _item(
        self,
        ctx: Ctx,
        state: MoveState,
        item: catalog.Item,
        pack: Decimal,
        lot: str | None,
        count: str | None,
    ) -> Step:
        lots = stock_lots_at(ctx.conn, item.id, int(state["_from_id"]))
        params = {"sku": item.sku, "code": state["from"], "lot": lot}
        if not lots:
            return Step(REJECTED, "move.not_here", params, state)
        if lot:
            lots = [s for s in lots if s.lot_no == lot]
            if not lots:
                return Step(REJECTED, "move.lot_not_here", params, state)
        try:
            qty = Decimal(count) * pack if count else pack
        except InvalidOperation:
            qty = pack
        base: MoveState = {
            **state,
            "item": {"sku": item.sku, "name": item.name, "unit": item.unit},
            "_item_id": item.id,
            "_pack": decimal_text(pack),
            "qty": decimal_text(qty),
        }
        if len(lots) > 1:
            options = [self._lot_json(s) for s in lots]
            new: MoveState = {**base, "stage": "lot", "_lots": options}
            choices = [
                f"lot {o['lot'] or '-'} exp {o['expiry'] or '-'}: {o['qty']}" for o in options
            ]
            return Step(
                PENDING, "move.choose_lot", {**params, "count": len(lots)}, new, choices=choices
            )
        return self._with_lot(base, self._lot_json(lots[0]))

    @staticmethod
    def _lot_json(stock: LotStock) -> MoveLot:
        return {
            "lot_id": stock.lot_id,
            "lot": stock.lot_no,
            "expiry": stock.expiry,
            "qty": decimal_text(stock.qty),
        }

    def _with_lot(self, state: MoveState, lot: MoveLot) -> Step:
        new = state.copy()
        new.pop("_lots", None)
        new["stage"] = "qty"
        new["lot"] = lot["lot"]
        new["_lot_id"] = lot["lot_id"]
        new["expiry"] = lot["expiry"]
        new["available"] = lot["qty"]
        if Decimal(new["qty"]) > Decimal(lot["qty"]):
            new["qty"] = lot["qty"]
        return Step(ACCEPTED, "move.item_set", _params(new), new)

    def _lot_chosen(self, state: MoveState, n: int) -> Step:
        options = state.get("_lots", [])
        if not 1 <= n <= len(options):
            return Step(REJECTED, "choose.out_of_range", {"count": len(options)}, state)
        return self._with_lot(state, options[n - 1])

    def _more(
        self, ctx: Ctx, state: MoveState, item: catalog.Item, pack: Decimal, lot: str | None
    ) -> Step:
        current = state["item"]
        if item.sku != current["sku"] or (lot and lot != state.get("lot")):
            return Step(
                REJECTED, "move.other_item", {"sku": item.sku, "current": current["sku"]}, state
            )
        return self._typed_qty(ctx, state, Decimal(state["qty"]) + pack)

    def _typed_qty(self, ctx: Ctx, state: MoveState, qty: Decimal) -> Step:
        if state.get("stage") != "qty":
            return Step(REJECTED, "input.unexpected", {"what": "Qty"}, state)
        ctx.check_qty(state["item"]["unit"], qty)
        params = _params(state)
        if not qty.is_finite() or qty <= 0 or qty > Decimal(state["available"]):
            return Step(REJECTED, "move.qty_invalid", params, state)
        new: MoveState = {**state, "qty": decimal_text(qty)}
        return Step(ACCEPTED, "move.qty_set", _params(new), new)

    def _to(self, ctx: Ctx, state: MoveState, loc: catalog.Location) -> Step:
        if loc.id == state["_from_id"]:
            return Step(REJECTED, "move.same_location", {"code": loc.code}, state)
        ctx.require("move")
        qty = Decimal(state["qty"])
        item_id = int(state["_item_id"])
        lot_id = state.get("_lot_id")
        lots = stock_lots_at(ctx.conn, item_id, int(state["_from_id"]))
        available = next((s.qty for s in lots if s.lot_id == lot_id), Decimal(0))
        if qty > available:
            params = {**_params(state), "available": decimal_text(available)}
            return Step(REJECTED, "move.too_much", params, state)
        reference = f"MOVE {state['from']}>{loc.code}"
        for location_id, signed in ((int(state["_from_id"]), -qty), (loc.id, qty)):
            ctx.post(
                Movement(
                    kind="transfer",
                    item_id=item_id,
                    location_id=location_id,
                    qty=signed,
                    lot_id=lot_id,
                    user_id=ctx.user.id,
                    reason="move",
                    reference=reference,
                )
            )
        item = state["item"]
        moved: Moved = {
            "sku": item["sku"],
            "lot": state.get("lot"),
            "qty": state["qty"],
            "from": state["from"],
            "to": loc.code,
        }
        new: MoveState = {
            "stage": "item",
            "from": state["from"],
            "_from_id": state["_from_id"],
            "moved": [*state.get("moved", []), moved][-10:],
        }
        params = {
            "qty": state["qty"],
            "unit": item["unit"],
            "sku": item["sku"],
            "source": state["from"],
            "target": loc.code,
        }
        return Step(ACCEPTED, "move.moved", params, new)

    def command_input(self, ctx: Ctx, state: MoveState, command: str) -> Step:
        if command != "undo":
            key = "command.done" if command == "done" else "command.cancelled"
            return Step(ACCEPTED, key, {}, {}, switch_to="lookup")
        stage = state.get("stage")
        moved = state.get("moved", [])
        if stage in ("qty", "lot"):
            new: MoveState = {
                "stage": "item",
                "from": state["from"],
                "_from_id": state["_from_id"],
                "moved": moved,
            }
            return Step(ACCEPTED, "move.back", {}, new)
        if stage == "item":
            return Step(ACCEPTED, "move.back", {}, {"stage": "from", "moved": moved})
        return Step(REJECTED, "command.nothing_to_undo", {}, state)

    def expects(self, state: MoveState) -> dict[str, Any]:
        stage = state.get("stage")
        if stage == "lot":
            return expects(CHOICE)
        if stage == "qty":
            most = str(state.get("available") or KEYPAD_MAX)
            return expects(QUANTITY, SCAN, quantity="after_scan", min="0", max=most)
        return expects(SCAN)

    def public_state(self, state: MoveState) -> MovePublic:
        return public_view(state)


WORKFLOWS = [MoveWorkflow()]
