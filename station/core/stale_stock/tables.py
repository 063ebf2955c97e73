# SPDX-License-Identifier: Apache-2.0
"""Tables of the stale-stock area: follow-up tasks raised from alerts.

``stale_tasks`` holds one row per alert turned into a task (near expiry, expired, newly stale,
below min, above max). ``key`` names the alert (kind, item, lot, location) so the same alert is
raised once while its task is open. Outcomes are not stored here as money: they are
movements in the ledger whose ``reason`` is ``stale:<action>`` and whose ``reference`` is
``STALE-<task id>``; the money released is read back from the ledger
(:mod:`station.core.stale_stock.alerts`).

Also two indexes on the ledger: ``movements.ts_utc`` (reports as of a past date read only the
ledger up to that date) and ``(kind, item_id, ts_utc)`` (each item's last issue is one index
probe, not a scan of 1,000,000 movements).
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

from ..store.schema import metadata, movements
from ..store.types import ExactDecimal

stale_tasks = Table(
    "stale_tasks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(120), nullable=False),
    Column("kind", String(16), nullable=False),  # near_expiry|expired|stale|below_min|above_max
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("lot_id", Integer, ForeignKey("lots.id"), nullable=True),
    Column("location_id", Integer, ForeignKey("locations.id"), nullable=True),
    Column("action", String(24), nullable=False),  # see stale_stock.alerts.ACTIONS
    Column("owner", String(100), nullable=False, server_default=""),
    Column("due_date", String(10), nullable=False),
    Column("status", String(12), nullable=False, server_default="open"),  # open|done|cancelled
    Column("qty", ExactDecimal, nullable=False),
    Column("value", ExactDecimal, nullable=False),
    Column("detail", String(200), nullable=False, server_default=""),
    Column("created_at", String(40), nullable=False),
    Column("closed_at", String(40), nullable=True),
    Column("outcome", String(24), nullable=True),
    Column("closed_by", Integer, ForeignKey("users.id"), nullable=True),
)
Index("ix_stale_tasks_key", stale_tasks.c.key)
Index("ix_stale_tasks_status", stale_tasks.c.status)
Index("ix_movements_ts_utc", movements.c.ts_utc)
# each item's last issue: one index probe per item
Index("ix_movements_kind_item_ts", movements.c.kind, movements.c.item_id, movements.c.ts_utc)
