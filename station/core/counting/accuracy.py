# SPDX-License-Identifier: Apache-2.0
"""Inventory record accuracy: the share of counted lines within tolerance.

A counted line is one compared (item, lot) of a closed count, zero variance included; it is
accurate when within tolerance. Grouped over time (by day of the count), per zone, per counter
and per location, with the decisions' reason codes. Read-only; runs on any connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from ..store import schema
from .tables import count_decisions, count_variances


def _pct(good: int, total: int) -> str:
    if not total:
        return "0"
    return str((Decimal(good) * 100 / Decimal(total)).quantize(Decimal("0.1")))


def accuracy_of(within: Iterable[bool]) -> dict[str, Any]:
    """``{"lines", "within", "accuracy_pct"}`` of the given lines (one flag a line: within its
    tolerance?), as :func:`accuracy_summary`'s ``overall`` gives it for every line."""
    flags = list(within)
    good = sum(flags)
    return {"lines": len(flags), "within": good, "accuracy_pct": _pct(good, len(flags))}


def accuracy_summary(
    conn: Connection, settings: Mapping[str, Any] | None = None, *, since: str | None = None
) -> dict[str, Any]:
    """``{"overall", "by_day", "by_zone", "by_counter", "by_location", "reasons"}``; each group
    is ``{"key", "lines", "within", "accuracy_pct"}`` (percent as a string)."""
    v = count_variances.c
    query = (
        select(
            v.id,
            v.within_tolerance,
            v.created_at,
            schema.locations.c.zone,
            schema.locations.c.code,
            schema.users.c.badge,
            schema.items.c.sku,
        )
        .select_from(
            count_variances.join(schema.locations, schema.locations.c.id == v.location_id)
            .join(schema.users, schema.users.c.id == v.counter_id)
            .join(schema.items, schema.items.c.id == v.item_id)
        )
        .order_by(v.id)
    )
    if since:
        query = query.where(v.created_at >= since)
    groups: dict[str, dict[str, list[int]]] = {
        k: {} for k in ("by_day", "by_zone", "by_counter", "by_location", "by_item_location")
    }
    total = [0, 0]
    for r in conn.execute(query):
        good = 1 if r.within_tolerance else 0
        total[0] += 1
        total[1] += good
        keys = {
            "by_day": r.created_at[:10],
            "by_zone": r.zone,
            "by_counter": r.badge,
            "by_location": r.code,
            "by_item_location": f"{r.sku}@{r.code}",
        }
        for group, key in keys.items():
            counts = groups[group].setdefault(key, [0, 0])
            counts[0] += 1
            counts[1] += good
    d = count_decisions.c
    reasons: dict[str, int] = {}
    for reason in conn.execute(select(d.reason).where(d.decision == "approve")).scalars():
        reasons[reason] = reasons.get(reason, 0) + 1
    result: dict[str, Any] = {
        "overall": {"lines": total[0], "within": total[1], "accuracy_pct": _pct(total[1], total[0])}
    }
    for group, by_key in groups.items():
        result[group] = [
            {"key": key, "lines": n, "within": good, "accuracy_pct": _pct(good, n)}
            for key, (n, good) in sorted(by_key.items())
        ]
    result["reasons"] = [{"reason": k, "count": n} for k, n in sorted(reasons.items())]
    return result
