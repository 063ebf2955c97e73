# SPDX-License-Identifier: Apache-2.0
"""Which lot to issue first: first-expiry-first-out, then first-in-first-out.

Lots with an expiry go first, earliest expiry first (stock that would go stale leaves first);
lots without an expiry follow, oldest ``lots.first_receipt_date`` first. Expired lots are never
suggested. Pure functions over :class:`LotStock` rows plus one reader; no writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, select

from ..store import schema

FEFO, FIFO = "fefo", "fifo"


@dataclass(frozen=True)
class LotStock:
    """A non-zero balance of one item: lot (None for stock without a lot) at one location."""

    lot_id: int | None
    lot_no: str | None
    expiry: str | None
    received: str | None
    location_id: int
    location_code: str
    qty: Decimal


def lot_stock(conn: Connection, item_id: int) -> list[LotStock]:
    """Positive balances of ``item_id`` by lot and location, in issuing order."""
    b, lt, loc = schema.balances, schema.lots, schema.locations
    query = (
        select(
            b.c.lot_id,
            lt.c.lot_no,
            lt.c.expiry,
            lt.c.first_receipt_date,
            b.c.location_id,
            loc.c.code,
            b.c.qty,
        )
        .join(loc, loc.c.id == b.c.location_id)
        .outerjoin(lt, lt.c.id == b.c.lot_id)
        .where(b.c.item_id == item_id)
    )
    found = [LotStock(*row) for row in conn.execute(query)]
    return issuing_order([s for s in found if s.qty > 0])


def rank(stock: LotStock) -> tuple[bool, str, bool, str]:
    """Sort key of the issuing rule (lot number and location left out: equal ranks tie)."""
    return (
        stock.expiry is None,
        stock.expiry or "",
        stock.received is None,
        stock.received or "",
    )


def issuing_order(stock: Sequence[LotStock]) -> list[LotStock]:
    return sorted(stock, key=lambda s: (*rank(s), s.lot_no or "", s.location_code))


def is_expired(stock: LotStock, today: date) -> bool:
    return stock.expiry is not None and stock.expiry < today.isoformat()


def suggest(stock: Sequence[LotStock], today: date) -> LotStock | None:
    """The lot to take first (not expired), or None when there is no usable stock."""
    usable = [s for s in issuing_order(stock) if not is_expired(s, today)]
    return usable[0] if usable else None


def rule_of(stock: LotStock) -> str:
    """Why it goes first: ``fefo`` (it expires first) or ``fifo`` (received first)."""
    return FEFO if stock.expiry is not None else FIFO


def jumps_the_queue(taken: LotStock, suggested: LotStock) -> bool:
    """True when ``taken`` should wait for ``suggested`` (a different, later-ranked lot)."""
    return taken.lot_id != suggested.lot_id and rank(taken) > rank(suggested)
