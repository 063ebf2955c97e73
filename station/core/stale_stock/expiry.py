# SPDX-License-Identifier: Apache-2.0
"""Expired and near-expiry lots.

``days_left = expiry - as_of`` in days: a lot is usable through its expiry day, so it is
*expired* when ``days_left < 0`` and *near expiry* when ``0 <= days_left <= window``. The
window is, first match wins: the ``days`` asked for (``--days``), the item's own
``min_shelf_life_days``, the category's ``stale_stock.near_expiry_days_by_category``, then
``stale_stock.near_expiry_days``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .config import StaleSettings
from .positions import ItemInfo, Position, Snapshot


def window_for(item: ItemInfo, settings: StaleSettings, days: int | None = None) -> int:
    """The near-expiry window (days) of ``item``."""
    if days is not None:
        return days
    if item.min_shelf_life_days is not None:
        return item.min_shelf_life_days
    return settings.near_expiry_by_category.get(item.category, settings.near_expiry_days)


@dataclass(frozen=True)
class ExpiryLine:
    position: Position
    expiry: date
    days_left: int
    window_days: int
    status: str  # "expired" | "near"


@dataclass(frozen=True)
class ExpiryReport:
    as_of: date
    currency: str
    lines: list[ExpiryLine]  # soonest expiry first
    expired_qty: Decimal
    expired_value: Decimal
    near_qty: Decimal
    near_value: Decimal


def expiry(snapshot: Snapshot, days: int | None = None) -> ExpiryReport:
    """Expired and near-expiry positions of ``snapshot``; ``days`` overrides every window."""
    lines: list[ExpiryLine] = []
    sums = {"expired": [Decimal(0), Decimal(0)], "near": [Decimal(0), Decimal(0)]}
    for p in snapshot.positions:
        if p.lot is None or p.lot.expiry is None:
            continue
        left = (p.lot.expiry - snapshot.as_of).days
        window = window_for(p.item, snapshot.settings, days)
        if left < 0:
            status = "expired"
        elif left <= window:
            status = "near"
        else:
            continue
        sums[status][0] += p.qty
        sums[status][1] += p.value
        lines.append(ExpiryLine(p, p.lot.expiry, left, window, status))
    lines.sort(key=lambda ln: (ln.expiry, ln.position.item.sku, ln.position.location.code))
    return ExpiryReport(
        snapshot.as_of,
        snapshot.settings.currency,
        lines,
        sums["expired"][0],
        sums["expired"][1],
        sums["near"][0],
        sums["near"][1],
    )
