# SPDX-License-Identifier: Apache-2.0
"""Tables of two-person issuing: the run that locks an order, and every line version.

An *issue run* is one attempt to issue an order: it is the lock on the order (at most one run
per order is active, i.e. ``picking``, ``locked`` or ``checking``; the order's own status says
the same), it names the picker and the last checker, keeps the time of each step, and holds
the workflow state to resume from (``state``, JSON) when the picker comes back after a logout.

``issue_line_versions`` is append-only in practice: each round of a run adds one ``pick`` row
per line the picker handed over, one ``check`` row per line the checker counted (``outcome``
``match`` or ``mismatch``), and at posting one ``post`` row per line issued. The remaining
quantity of an order line is its ordered quantity less its ``post`` rows. Short picks carry
their reason in ``short_reason``.

Written only by ``station.core.issuing.workflow``; migration ``0200_issuing`` (branch
``issuing``).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text

from ..store.schema import metadata
from ..store.types import ExactDecimal

ACTIVE_RUN_STATUSES = ("picking", "locked", "checking")

issue_runs = Table(
    "issue_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, ForeignKey("issue_orders.id"), nullable=False),
    Column("station_id", String(64), nullable=False),
    Column("picker_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("checker_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("status", String(16), nullable=False),
    Column("rounds", Integer, nullable=False, server_default="0"),
    Column("started_at", String(40), nullable=False),
    Column("locked_at", String(40), nullable=True),
    Column("check_started_at", String(40), nullable=True),
    Column("checked_at", String(40), nullable=True),
    Column("posted_at", String(40), nullable=True),
    Column("cancelled_at", String(40), nullable=True),
    Column("state", Text, nullable=False),  # JSON: the workflow state to resume from
    Column("updated_at", String(40), nullable=False),
    CheckConstraint(
        "status IN ('picking','locked','checking','posted','cancelled')", name="status"
    ),
)
Index("ix_issue_runs_order", issue_runs.c.order_id, issue_runs.c.status)

issue_line_versions = Table(
    "issue_line_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("issue_runs.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("round", Integer, nullable=False),
    Column("role", String(8), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("lot_id", Integer, ForeignKey("lots.id"), nullable=True),
    Column("lot_no", String(40), nullable=True),
    Column("location_id", Integer, ForeignKey("locations.id"), nullable=True),
    Column("qty", ExactDecimal, nullable=False),
    Column("short_reason", String(200), nullable=False, server_default=""),
    Column("outcome", String(16), nullable=False, server_default=""),
    Column("movement_id", Integer, ForeignKey("movements.id"), nullable=True),
    Column("ts", String(40), nullable=False),
    CheckConstraint("role IN ('pick','check','post')", name="role"),
)
Index(
    "uq_issue_line_versions_key",
    issue_line_versions.c.run_id,
    issue_line_versions.c.line_no,
    issue_line_versions.c.round,
    issue_line_versions.c.role,
    unique=True,
)
