# SPDX-License-Identifier: Apache-2.0
"""The stock on hand as of a date: one :class:`Position` per item, lot and location.

:func:`load_snapshot` reads it from ``balances`` when no movement is dated after the as-of
day (the balances are then exactly the ledger), and otherwise rebuilds it from the ledger
(``movements`` up to the end of the as-of day, station time). Either way:

* quantities and values are exact Decimals (summed in Python, never in SQL floats);
* a position's ``received`` date is its lot's first receipt date; for stock without a lot (or
  a lot without that date) it is the date of the oldest receipt still on hand when issues
  and negative adjustments take the oldest stock first (FIFO per item and lot, across
  locations: transfers move stock but keep its age);
* ``last_issue`` is the item's last issue on or before the as-of day (stale stock cleared
  through a follow-up task is an ``adjustment``, not an issue: it is not consumption).

Runs the same SQLAlchemy Core queries on SQLite and PostgreSQL; reads only, so it may run on
any thread with its own connection (``Store.reading()``).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Connection, String, and_, func, or_, select, type_coerce

from ..store import schema
from .config import StaleSettings
from .cuts import Cut

INBOUND = ("opening", "receipt")
CLEARING_PREFIX = "stale:"


@dataclass(frozen=True)
class ItemInfo:
    id: int
    sku: str
    name: str
    unit: str
    category: str
    owner: str
    unit_cost: Decimal | None
    abc_class: str | None
    min_qty: Decimal | None
    max_qty: Decimal | None
    min_shelf_life_days: int | None


@dataclass(frozen=True)
class LocationInfo:
    id: int
    code: str
    zone: str
    warehouse: str


class LotInfo(NamedTuple):
    id: int
    lot_no: str
    expiry: date | None
    first_receipt: date | None


class Position(NamedTuple):
    """Stock of one item (and lot) at one location, as of the snapshot's date (a named tuple:
    100,000 of them are built per report)."""

    item: ItemInfo
    location: LocationInfo
    lot: LotInfo | None
    qty: Decimal
    value: Decimal
    received: date | None
    last_issue: date | None


@dataclass(frozen=True)
class Snapshot:
    """Positions with non-zero quantity as of ``as_of``; ``source`` tells how it was read."""

    as_of: date
    settings: StaleSettings
    positions: list[Position]
    items: dict[int, ItemInfo]
    last_issue: dict[int, date]
    source: str  # "balances" | "ledger"
    cut: Cut = field(default_factory=Cut)

    def age_days(self, p: Position) -> int | None:
        """Days since receipt (0 on the day of receipt); None if never received."""
        return (self.as_of - p.received).days if p.received else None

    def idle_days(self, p: Position) -> int | None:
        """Days the stock has sat without its item being issued: since the later of the
        item's last issue and the position's receipt."""
        last, received = p.last_issue, p.received
        if last is None or (received is not None and received > last):
            last = received
        return (self.as_of - last).days if last is not None else None

    def is_stale(self, p: Position) -> bool:
        idle = self.idle_days(p)
        return idle is not None and idle >= self.settings.slow_days

    def narrowed(self, cut: Cut) -> Snapshot:
        """The positions (and items) inside ``cut``."""
        keep = [
            p
            for p in self.positions
            if cut.matches_item(p.item.category, p.item.owner)
            and cut.matches_location(p.location.warehouse, p.location.zone, p.location.code)
        ]
        items = {i: it for i, it in self.items.items() if cut.matches_item(it.category, it.owner)}
        return replace(self, positions=keep, items=items, cut=cut)

    def total_value(self) -> Decimal:
        return sum((p.value for p in self.positions), Decimal(0))


def day_end_utc(as_of: date, tz: tzinfo) -> str:
    """ISO UTC text of the first instant after the local day ``as_of``: ledger rows with
    ``ts_utc`` below it belong to the snapshot."""
    end = datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=tz)
    return end.astimezone(UTC).isoformat()


def _dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def load_items(conn: Connection) -> dict[int, ItemInfo]:
    it = schema.items
    rows = conn.execute(
        select(
            it.c.id, it.c.sku, it.c.name, it.c.unit, it.c.category, it.c.owner, it.c.unit_cost,
            it.c.abc_class, it.c.min_qty, it.c.max_qty, it.c.min_shelf_life_days,
        )
    )  # fmt: skip
    return {
        r.id: ItemInfo(
            r.id,
            r.sku,
            r.name,
            r.unit,
            r.category,
            r.owner,
            _dec(r.unit_cost),
            r.abc_class,
            _dec(r.min_qty),
            _dec(r.max_qty),
            r.min_shelf_life_days,
        )  # fmt: skip
        for r in rows
    }


def _locations(conn: Connection) -> dict[int, LocationInfo]:
    lc = schema.locations
    rows = conn.execute(select(lc.c.id, lc.c.code, lc.c.zone, lc.c.warehouse))
    return {r.id: LocationInfo(r.id, r.code, r.zone, r.warehouse) for r in rows}


def _lots(conn: Connection) -> dict[int, LotInfo]:
    lt = schema.lots
    rows = conn.execute(
        select(lt.c.id, lt.c.lot_no, lt.c.expiry, lt.c.first_receipt_date)
    ).fetchall()
    day = date.fromisoformat
    return {
        i: LotInfo(i, no, day(exp[:10]) if exp else None, day(rec[:10]) if rec else None)
        for i, no, exp, rec in rows
    }


Key = tuple[int, int | None, int]


def _from_balances(
    conn: Connection,
) -> tuple[dict[Key, tuple[Decimal, Decimal]], dict[int, LotInfo]]:
    """Non-zero balances, and the lots they hold (read in the same query)."""
    b, lt = schema.balances, schema.lots
    out: dict[Key, tuple[Decimal, Decimal]] = {}
    lots: dict[int, LotInfo] = {}
    # read the decimals as they are stored and convert here: half the cost of the type's
    # result processor on 100,000 rows (SQLite: canonical text; PostgreSQL: Decimal)
    query = select(
        b.c.item_id,
        b.c.lot_id,
        b.c.location_id,
        type_coerce(b.c.qty, String),
        type_coerce(b.c.value, String),
        lt.c.lot_no,
        lt.c.expiry,
        lt.c.first_receipt_date,
    ).select_from(b.outerjoin(lt, lt.c.id == b.c.lot_id))
    day = date.fromisoformat
    for item_id, lot_id, loc_id, qty, value, no, exp, rec in conn.execute(query).fetchall():
        q = Decimal(qty)
        if not q:
            continue
        out[(item_id, lot_id, loc_id)] = (q, Decimal(value))
        if lot_id is not None and lot_id not in lots:
            lots[lot_id] = LotInfo(
                lot_id, no, day(exp[:10]) if exp else None, day(rec[:10]) if rec else None
            )
    return out, lots


def _from_ledger(conn: Connection, cutoff: str) -> dict[Key, tuple[Decimal, Decimal]]:
    m = schema.movements
    sums: dict[Key, list[Decimal]] = {}
    query = select(
        m.c.item_id,
        m.c.lot_id,
        m.c.location_id,
        type_coerce(m.c.qty, String),
        type_coerce(m.c.unit_cost, String),
    ).where(m.c.ts_utc < cutoff)
    for chunk in conn.execute(query).partitions(20_000):
        for item_id, lot_id, loc_id, qty_text, cost_text in chunk:
            qty = Decimal(qty_text)
            acc = sums.get((item_id, lot_id, loc_id))
            if acc is None:
                acc = sums[(item_id, lot_id, loc_id)] = [Decimal(0), Decimal(0)]
            acc[0] += qty
            if cost_text is not None:
                acc[1] += qty * Decimal(cost_text)
    return {k: (q, v) for k, (q, v) in sums.items() if q}


def _last_issues(conn: Connection, cutoff: str, tz: tzinfo) -> dict[int, date]:
    """Each item's last issue before ``cutoff``: one index probe per item
    (``ix_movements_kind_item_ts``), not a scan of the ledger."""
    m, it = schema.movements, schema.items
    last = (
        select(func.max(m.c.ts_utc))
        .where(m.c.kind == "issue", m.c.item_id == it.c.id, m.c.ts_utc < cutoff)
        .scalar_subquery()
    )
    rows = conn.execute(select(it.c.id, last)).fetchall()
    return {item_id: datetime.fromisoformat(ts).astimezone(tz).date() for item_id, ts in rows if ts}


def fifo_received(
    conn: Connection, cutoff: str, as_of: date
) -> dict[tuple[int, int | None], date | None]:
    """Oldest on-hand receipt date per (item, lot) for stock without a usable lot date."""
    m, lt = schema.movements, schema.lots
    undated = select(lt.c.id).where(
        or_(lt.c.first_receipt_date.is_(None), lt.c.first_receipt_date > as_of.isoformat())
    )
    rows = conn.execute(
        select(m.c.item_id, m.c.lot_id, m.c.kind, m.c.qty, m.c.ts)
        .where(
            and_(
                m.c.ts_utc < cutoff,
                m.c.kind != "transfer",
                or_(m.c.lot_id.is_(None), m.c.lot_id.in_(undated)),
            )
        )
        .order_by(m.c.ts_utc, m.c.id)
    )
    layers: dict[tuple[int, int | None], deque[list[Any]]] = {}
    for item_id, lot_id, kind, qty, ts in rows:
        queue = layers.setdefault((item_id, lot_id), deque())
        if qty > 0 and (kind in INBOUND or kind == "adjustment"):
            queue.append([_day(ts), qty])
            continue
        if qty > 0:  # a positive issue (a return): stock comes back today
            queue.append([_day(ts), qty])
            continue
        need = -qty
        while need > 0 and queue:
            if queue[0][1] <= need:
                need -= queue.popleft()[1]
            else:
                queue[0][1] -= need
                need = Decimal(0)
    return {key: (q[0][0] if q else None) for key, q in layers.items()}


def load_snapshot(
    conn: Connection, as_of: date, settings: StaleSettings, cut: Cut | None = None
) -> Snapshot:
    """The stock on hand at the end of the local day ``as_of`` (see the module docstring)."""
    tz = settings.tz or UTC
    cutoff = day_end_utc(as_of, tz)
    m = schema.movements
    later = conn.execute(select(m.c.id).where(m.c.ts_utc >= cutoff).limit(1)).first()
    source = "ledger" if later is not None else "balances"
    if later is not None:
        stock, lots = _from_ledger(conn, cutoff), _lots(conn)
    else:
        stock, lots = _from_balances(conn)
    items, locations = load_items(conn), _locations(conn)
    last_issue = _last_issues(conn, cutoff, tz)
    fifo: dict[tuple[int, int | None], date | None] | None = None
    positions: list[Position] = []
    for (item_id, lot_id, loc_id), (qty, value) in stock.items():
        lot = lots.get(lot_id) if lot_id is not None else None
        received = lot.first_receipt if lot is not None else None
        if received is None or received > as_of:
            if fifo is None:
                fifo = fifo_received(conn, cutoff, as_of)
            received = fifo.get((item_id, lot_id))
        positions.append(
            Position(
                items[item_id],
                locations[loc_id],
                lot,
                qty,
                value,
                received,
                last_issue.get(item_id),
            )  # fmt: skip
        )
    positions.sort(key=lambda p: (p.item.sku, p.location.code, p.lot.lot_no if p.lot else ""))
    snap = Snapshot(as_of, settings, positions, items, last_issue, source)
    return snap.narrowed(cut) if cut is not None else snap
