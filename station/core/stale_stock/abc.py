# SPDX-License-Identifier: Apache-2.0
"""ABC classes by annual consumption value, written back to ``items.abc_class``.

Annual consumption value of an item = the value at cost of its issues in the 365 days ending
with the as-of day (``-qty * unit_cost`` of ``issue`` movements; stock cleared through follow-up tasks is an
adjustment, not consumption). Items are ranked by it, highest first (ties by SKU). With
the split ``a/b/c`` (default 80/15/5) an item is **A** when the items ranked before it hold
less than ``a`` % of the total, **B** when they hold less than ``a + b`` %, else **C**; so the
item that crosses a line still belongs to the class above it, and the top item is always A.
Items with no consumption are C. Run it where the whole ledger is (the central database once
sync is configured): cycle counting reads the classes from the items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import OperationalError

from ..store import schema
from .aging import share
from .config import StaleSettings
from .exact_sums import NotExact, check, is_overflow, numeric, value_of, value_parts
from .positions import ItemInfo, day_end_utc, load_items


@dataclass(frozen=True)
class AbcLine:
    item: ItemInfo
    consumption: Decimal  # value at cost issued in the year
    share: Decimal  # percent of the total
    cumulative: Decimal  # percent of the total, this item included
    rank: int
    abc_class: str
    previous_class: str | None


@dataclass(frozen=True)
class AbcReport:
    as_of: date
    currency: str
    period_start: date
    total: Decimal
    lines: list[AbcLine]  # by rank
    counts: dict[str, int]
    values: dict[str, Decimal]


def annual_consumption(
    conn: Connection, as_of: date, settings: StaleSettings
) -> dict[int, Decimal]:
    """Value at cost issued per item in the 365 days up to and including ``as_of``: one
    GROUP BY per item, exact (:mod:`station.core.stale_stock.exact_sums`)."""
    tz = settings.tz or UTC
    params = {
        "start": day_end_utc(as_of - timedelta(days=365), tz),
        "end": day_end_utc(as_of, tz),
    }
    where = "kind = 'issue' AND ts_utc >= :start AND ts_utc < :end"
    if conn.dialect.name != "sqlite":
        rows = conn.execute(
            text(
                f"SELECT item_id, -sum(qty * unit_cost) FROM movements WHERE {where} GROUP BY item_id"
            ),
            params,
        ).all()
        return {item_id: numeric(v) for item_id, v in rows}
    whole, fraction = value_parts("qty", "unit_cost")
    query = f"SELECT item_id, sum({whole}), sum({fraction}) FROM movements WHERE {where} GROUP BY item_id"
    try:
        summed = conn.execute(text(query), params).all()
        check(summed, slice(1, 3))
    except (OperationalError, NotExact) as exc:
        if isinstance(exc, OperationalError) and not is_overflow(exc):
            raise
        return _consumption_in_python(conn, params)
    return {item_id: 0 - value_of(w, f) for item_id, w, f in summed}


def _consumption_in_python(conn: Connection, params: dict[str, str]) -> dict[int, Decimal]:
    """The same sums in Python, for money the scaled integers cannot hold."""
    m = schema.movements
    rows = conn.execute(
        select(m.c.item_id, m.c.qty, m.c.unit_cost).where(
            m.c.kind == "issue", m.c.ts_utc >= params["start"], m.c.ts_utc < params["end"]
        )
    )
    out: dict[int, Decimal] = {}
    for item_id, qty, cost in rows:
        out[item_id] = out.get(item_id, Decimal(0)) - qty * (cost or 0)
    return out


def classify(
    consumption: dict[int, Decimal], items: dict[int, ItemInfo], split: tuple[Decimal, ...]
) -> list[tuple[int, str, Decimal]]:
    """(item id, class, cumulative value including the item) for every item, by rank."""
    a, b = split[0], split[0] + split[1]
    ranked = sorted(items.values(), key=lambda it: (-consumption.get(it.id, Decimal(0)), it.sku))
    total = sum((v for v in consumption.values() if v > 0), Decimal(0))
    out: list[tuple[int, str, Decimal]] = []
    before = Decimal(0)
    for it in ranked:
        value = max(consumption.get(it.id, Decimal(0)), Decimal(0))
        if value <= 0:
            cls = "C"
        elif before * 100 < a * total:
            cls = "A"
        elif before * 100 < b * total:
            cls = "B"
        else:
            cls = "C"
        before += value
        out.append((it.id, cls, before))
    return out


def abc_report(
    conn: Connection, as_of: date, settings: StaleSettings, *, write: bool = False
) -> AbcReport:
    """Classify every item; with ``write`` also store the classes in ``items.abc_class``
    (inside the caller's transaction; only changed rows are updated)."""
    items = load_items(conn)
    consumption = annual_consumption(conn, as_of, settings)
    ranked = classify(consumption, items, settings.abc_split)
    total = sum((v for v in consumption.values() if v > 0), Decimal(0))
    lines: list[AbcLine] = []
    counts = {"A": 0, "B": 0, "C": 0}
    values = {"A": Decimal(0), "B": Decimal(0), "C": Decimal(0)}
    for rank, (item_id, cls, cumulative) in enumerate(ranked, start=1):
        item = items[item_id]
        value = max(consumption.get(item_id, Decimal(0)), Decimal(0))
        counts[cls] += 1
        values[cls] += value
        lines.append(
            AbcLine(
                item,
                value,
                share(value, total),
                share(cumulative, total),
                rank,
                cls,
                item.abc_class,
            )  # fmt: skip
        )
    if write:
        write_classes(
            conn, {ln.item.id: ln.abc_class for ln in lines if ln.previous_class != ln.abc_class}
        )
    return AbcReport(
        as_of, settings.currency, as_of - timedelta(days=364), total, lines, counts, values
    )


def write_classes(conn: Connection, classes: dict[int, str]) -> int:
    """Set ``items.abc_class`` (and ``updated_at``); returns the number of items changed."""
    it = schema.items
    stamp = datetime.now(UTC).isoformat()
    for item_id, cls in classes.items():
        conn.execute(it.update().where(it.c.id == item_id).values(abc_class=cls, updated_at=stamp))
    return len(classes)
