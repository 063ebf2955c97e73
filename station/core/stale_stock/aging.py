# SPDX-License-Identifier: Apache-2.0
"""Aging: stock by age since receipt, in buckets, with quantity and value at cost.

A position's age is ``as_of - received`` in days (0 on the day of receipt); it falls in the
first bucket whose upper bound is at least its age, else in the last (over the last bound).
Stock whose receipt cannot be found counts as the oldest. *Stale* stock is stock whose item
has not been issued for ``slow_days`` since the stock was received (see
:meth:`Snapshot.idle_days`); the stale share is stale value over total value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .positions import Position, Snapshot

HUNDRED = Decimal(100)


def share(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, to 0.01 (half up); 0 when ``whole`` is 0."""
    if not whole:
        return Decimal("0.00")
    return (part * HUNDRED / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)


class AgingLine(NamedTuple):
    """One position of the aging report."""

    position: Position
    age_days: int | None
    bucket: str
    idle_days: int | None
    stale: bool


@dataclass(frozen=True)
class BucketTotal:
    label: str
    qty: Decimal
    value: Decimal
    share: Decimal  # percent of total value


@dataclass(frozen=True)
class AgingReport:
    as_of: date
    currency: str
    buckets: list[BucketTotal]
    lines: list[AgingLine]
    total_qty: Decimal
    total_value: Decimal
    stale_value: Decimal
    stale_share: Decimal
    by_category: dict[str, list[Decimal]]  # category -> value per bucket
    by_zone: dict[str, list[Decimal]]  # "warehouse/zone" -> value per bucket


def aging(snapshot: Snapshot) -> AgingReport:
    """The aging report of ``snapshot`` (already narrowed to its cut)."""
    settings = snapshot.settings
    labels = settings.bucket_labels()
    qty = [Decimal(0)] * len(labels)
    value = [Decimal(0)] * len(labels)
    by_category: dict[str, list[Decimal]] = {}
    by_zone: dict[str, list[Decimal]] = {}
    lines: list[AgingLine] = []
    stale_value = Decimal(0)
    last = len(labels) - 1
    as_of, slow, bucket_of = snapshot.as_of, settings.slow_days, settings.bucket_of
    zero = [Decimal(0)] * len(labels)
    for p in snapshot.positions:
        age = (as_of - p.received).days if p.received is not None else None
        index = last if age is None else bucket_of(age)
        v = p.value
        qty[index] += p.qty
        value[index] += v
        row = by_category.get(p.item.category)
        if row is None:
            row = by_category[p.item.category] = list(zero)
        row[index] += v
        zone = p.location.warehouse + "/" + p.location.zone
        row = by_zone.get(zone)
        if row is None:
            row = by_zone[zone] = list(zero)
        row[index] += v
        idle = snapshot.idle_days(p)
        stale = idle is not None and idle >= slow
        if stale:
            stale_value += v
        lines.append(AgingLine(p, age, labels[index], idle, stale))
    total_value = sum(value, Decimal(0))
    return AgingReport(
        as_of=snapshot.as_of,
        currency=settings.currency,
        buckets=[
            BucketTotal(label, q, v, share(v, total_value))
            for label, q, v in zip(labels, qty, value, strict=True)
        ],
        lines=lines,
        total_qty=sum(qty, Decimal(0)),
        total_value=total_value,
        stale_value=stale_value,
        stale_share=share(stale_value, total_value),
        by_category=dict(sorted(by_category.items())),
        by_zone=dict(sorted(by_zone.items())),
    )
