# SPDX-License-Identifier: Apache-2.0
"""Slow-moving and dead stock: items with stock on hand and no issue in N days.

An item's idle days are the days since its last issue on or before the as-of day; an item
never issued counts from its oldest receipt still on hand. It is *slow* when idle for at
least ``days`` (default ``stale_stock.slow_days``) and *dead* from ``stale_stock.dead_days``
on. ``stale_value`` is the part of its value that is itself stale (received before the
window too, see :meth:`Snapshot.is_stale`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .positions import ItemInfo, Position, Snapshot


@dataclass(frozen=True)
class SlowItem:
    item: ItemInfo
    qty: Decimal
    value: Decimal
    stale_value: Decimal
    last_issue: date | None
    oldest_receipt: date | None
    idle_days: int
    status: str  # "slow" | "dead"
    locations: tuple[str, ...]


@dataclass(frozen=True)
class SlowReport:
    as_of: date
    currency: str
    days: int
    lines: list[SlowItem]  # longest idle first, then highest value
    slow_value: Decimal
    dead_value: Decimal


def item_idle_days(snapshot: Snapshot, positions: list[Position]) -> int | None:
    """Idle days of the item of ``positions`` (see the module docstring)."""
    last = positions[0].last_issue
    if last is not None:
        return (snapshot.as_of - last).days
    received = [p.received for p in positions if p.received is not None]
    return (snapshot.as_of - min(received)).days if received else None


def slow_movers(snapshot: Snapshot, days: int | None = None) -> SlowReport:
    """Items of ``snapshot`` idle for at least ``days``."""
    threshold = snapshot.settings.slow_days if days is None else days
    by_item: dict[int, list[Position]] = {}
    for p in snapshot.positions:
        by_item.setdefault(p.item.id, []).append(p)
    lines: list[SlowItem] = []
    for positions in by_item.values():
        idle = item_idle_days(snapshot, positions)
        if idle is None or idle < threshold:
            continue
        received = [p.received for p in positions if p.received is not None]
        lines.append(
            SlowItem(
                item=positions[0].item,
                qty=sum((p.qty for p in positions), Decimal(0)),
                value=sum((p.value for p in positions), Decimal(0)),
                stale_value=sum((p.value for p in positions if snapshot.is_stale(p)), Decimal(0)),
                last_issue=positions[0].last_issue,
                oldest_receipt=min(received) if received else None,
                idle_days=idle,
                status="dead" if idle >= snapshot.settings.dead_days else "slow",
                locations=tuple(sorted({p.location.code for p in positions})),
            )
        )
    lines.sort(key=lambda s: (-s.idle_days, -s.value, s.item.sku))
    return SlowReport(
        snapshot.as_of,
        snapshot.settings.currency,
        threshold,
        lines,
        sum((s.value for s in lines if s.status == "slow"), Decimal(0)),
        sum((s.value for s in lines if s.status == "dead"), Decimal(0)),
    )
