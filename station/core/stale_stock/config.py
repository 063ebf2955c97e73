# SPDX-License-Identifier: Apache-2.0
"""The stale-stock settings, their defaults, and reading them from the store.

Settings (declared here; values from the ``settings`` table and the site's settings.toml;
documented in docs/stale-stock.md and docs/settings.md):

* ``stale_stock.aging_buckets``: upper bounds in days of the aging buckets, ascending
  (default ``[30, 90, 180, 365]``: 0-30, 31-90, 91-180, 181-365, over 365).
* ``stale_stock.slow_days`` (90) and ``stale_stock.dead_days`` (365): an item with no issue
  for that many days is slow-moving or dead; its stock is *stale* from ``slow_days`` on.
* ``stale_stock.near_expiry_days`` (30) and ``stale_stock.near_expiry_days_by_category``
  (``{}``): how close to its expiry a lot counts as near expiry; an item's own
  ``min_shelf_life_days`` wins over its category, which wins over the default.
* ``stale_stock.abc_split`` (``[80, 15, 5]``): shares of annual consumption value (percent)
  of classes A, B and C.
* ``stale_stock.task_due_days`` (14): days until a follow-up task is due (near-expiry tasks
  are due by the expiry date at the latest).
* ``currency`` (the station's, default CNY) and ``timezone`` (as-of dates are local days).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from ..clock import station_timezone
from ..engine.settings import DEFAULT_SETTINGS, Setting, declare
from ..engine.state import load_settings

declare(
    Setting(
        "stale_stock.aging_buckets",
        "list",
        [30, 90, 180, 365],
        "Upper bounds of the aging buckets in days, ascending, e.g. 30, 90, 180, 365.",
        "库龄分段的上限天数,从小到大,例如 30, 90, 180, 365。",
        item="int",
        sep=",",
        low=0,
        high=36500,
        check=lambda v: (
            None if list(v) == sorted(set(v)) and v else "must be whole days in ascending order"
        ),
        group="stale_stock",
    ),
    Setting(
        "stale_stock.slow_days",
        "int",
        90,
        "An item with no issue for this many days is slow-moving; its stock is stale.",
        "物料多少天没有出库即为慢动,其库存为呆滞库存。",
        low=1,
        high=36500,
        group="stale_stock",
    ),
    Setting(
        "stale_stock.dead_days",
        "int",
        365,
        "An item with no issue for this many days is dead stock.",
        "物料多少天没有出库即为死库存。",
        low=1,
        high=36500,
        group="stale_stock",
    ),
    Setting(
        "stale_stock.near_expiry_days",
        "int",
        30,
        "How many days before its expiry a lot is near expiry.",
        "批次在到期前多少天视为临期。",
        low=0,
        high=3650,
        group="stale_stock",
    ),
    Setting(
        "stale_stock.near_expiry_days_by_category",
        "table",
        {},
        "The near-expiry window of item categories, e.g. MED=90 (others: the default).",
        "各物料类别的临期天数,例如 MED=90(其他类别使用默认值)。",
        low=0,
        high=3650,
        group="stale_stock",
    ),
    Setting(
        "stale_stock.abc_split",
        "list",
        [80, 15, 5],
        "Shares of annual consumption value of classes A, B and C in percent (sum 100).",
        "A、B、C 三类物料占年消耗金额的百分比(合计 100)。",
        item="number",
        sep=",",
        low=0,
        high=100,
        check=lambda v: (
            None
            if len(v) == 3 and sum(Decimal(str(x)) for x in v) == 100
            else "must be three shares adding up to 100"
        ),
        group="stale_stock",
    ),
    Setting(
        "stale_stock.task_due_days",
        "int",
        14,
        "Days until a stale-stock follow-up task is due.",
        "呆滞库存跟进任务在多少天后到期。",
        low=1,
        high=365,
        group="stale_stock",
    ),
)


@dataclass(frozen=True)
class StaleSettings:
    """The settings the analyses use (all have defaults; see the module docstring)."""

    buckets: tuple[int, ...] = (30, 90, 180, 365)
    slow_days: int = 90
    dead_days: int = 365
    near_expiry_days: int = 30
    near_expiry_by_category: dict[str, int] = field(default_factory=dict)
    abc_split: tuple[Decimal, Decimal, Decimal] = (Decimal(80), Decimal(15), Decimal(5))
    task_due_days: int = 14
    currency: str = "CNY"
    tz: tzinfo | None = None

    def __post_init__(self) -> None:
        if list(self.buckets) != sorted(set(self.buckets)) or not self.buckets:
            raise ValueError("aging buckets must be ascending whole days")
        if self.buckets[0] < 0:
            raise ValueError("aging buckets start at 0 days")
        if sum(self.abc_split) != 100 or any(s < 0 for s in self.abc_split):
            raise ValueError("the ABC split must be three shares adding up to 100")

    def bucket_labels(self) -> list[str]:
        """``["0-30", "31-90", ..., ">365"]``."""
        labels, low = [], 0
        for high in self.buckets:
            labels.append(f"{low}-{high}")
            low = high + 1
        labels.append(f">{self.buckets[-1]}")
        return labels

    def bucket_of(self, age_days: int) -> int:
        """Index of the bucket for an age in days (negative ages go to the first)."""
        return bisect_left(self.buckets, age_days)


def load_stale_settings(conn: Connection, site: Mapping[str, Any] | None = None) -> StaleSettings:
    """The settings as the station uses them: defaults, then the store's ``settings`` table,
    then the site file's values ``site``. Raises ValueError for a setting that cannot be used
    (e.g. buckets not ascending)."""
    s = load_settings(conn, site)
    split = s.get("stale_stock.abc_split") or DEFAULT_SETTINGS["stale_stock.abc_split"]
    return StaleSettings(
        buckets=tuple(int(b) for b in s["stale_stock.aging_buckets"]),
        slow_days=int(s["stale_stock.slow_days"]),
        dead_days=int(s["stale_stock.dead_days"]),
        near_expiry_days=int(s["stale_stock.near_expiry_days"]),
        near_expiry_by_category={
            str(k): int(v) for k, v in dict(s["stale_stock.near_expiry_days_by_category"]).items()
        },
        abc_split=(Decimal(str(split[0])), Decimal(str(split[1])), Decimal(str(split[2]))),
        task_due_days=int(s["stale_stock.task_due_days"]),
        currency=str(s.get("currency") or "CNY"),
        tz=station_timezone(str(s.get("timezone") or "")),
    )
