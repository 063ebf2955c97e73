# SPDX-License-Identifier: Apache-2.0
"""Central's stale-stock follow-up tables, read and written by the web view (``central_web``).

* ``central_stale_tasks``: a task raised centrally from central stock (``station central
  derive``): stale, slow, near expiry, below min or above max; item, lot, location,
  warehouse, owner, quantity, value, age and due date, keyed so repeats collapse.
* ``central_task_outcomes``: what the owner did (sold, used, returned to the supplier,
  transferred, scrapped, or kept with a reason). An outcome other than ``keep`` names a real
  movement out of that lot (a pushed event); central's trigger checks it, computes the money
  released at the movement's cost, closes the task and logs a ``stale_outcome`` change the
  stations pull. Append-only.
* ``central_task_comments``: notes on a task.
* ``central_stock_months``: the ledger per warehouse and month (value in and out, count
  corrections and their absolute value), summed by ``station central derive`` for the
  dashboard's count accuracy and variance history.
* ``central_digests``: one row per notification target (``mail:<login>``,
  ``webhook:<name>``) and day: sent, sending or failed, attempts and the last error.
* ``central_web_users`` (owner, manager, admin) and ``central_web_user_warehouses`` (a
  manager's warehouses). Row-level security and the log-in functions: migration c007.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, Numeric, String, Table, Text

from .central_schema import central_metadata

OUTCOMES = ("sold", "used", "returned", "transferred", "scrapped", "keep")
TASK_KINDS = ("stale", "slow", "near_expiry", "below_min", "above_max")
ROLES = ("owner", "manager", "admin")

central_web_users = Table(
    "central_web_users",
    central_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("login", String(64), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("role", String(12), nullable=False),
    Column("owner_name", String(100), nullable=False, server_default=""),
    Column("lang", String(8), nullable=False, server_default="en"),
    Column("email", String(200), nullable=False, server_default=""),
    Column("password_hash", Text, nullable=False),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("active", Integer, nullable=False, server_default="1"),
)

central_web_user_warehouses = Table(
    "central_web_user_warehouses",
    central_metadata,
    Column("user_id", Integer, ForeignKey("central_web_users.id"), primary_key=True),
    Column("warehouse", String(100), primary_key=True),
)

central_stale_tasks = Table(
    "central_stale_tasks",
    central_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("item_name", String(200), nullable=False, server_default=""),
    Column("category", String(100), nullable=False, server_default=""),
    Column("lot_no", String(64), nullable=False, server_default=""),
    Column("location", String(64), nullable=False, server_default=""),
    Column("warehouse", String(100), nullable=False, server_default=""),
    Column("owner", String(100), nullable=False, server_default=""),
    Column("qty", Numeric, nullable=False),
    Column("unit_cost", Numeric, nullable=False),
    Column("value", Numeric, nullable=False),
    Column("age_days", Integer, nullable=False),
    Column("expiry", String(10), nullable=True),
    Column("due_date", String(10), nullable=False),
    Column("raised_at", String(40), nullable=False),
    Column("status", String(8), nullable=False, server_default="open"),
    Column("closed_at", String(40), nullable=True),
)

central_task_outcomes = Table(
    "central_task_outcomes",
    central_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, ForeignKey("central_stale_tasks.id"), nullable=False, unique=True),
    Column("action", String(16), nullable=False),
    Column("qty", Numeric, nullable=False),
    Column("released", Numeric, nullable=False, server_default="0"),
    Column("reason", Text, nullable=False, server_default=""),
    Column("movement_uuid", String(36), nullable=True, unique=True),
    Column("recorded_by", Integer, ForeignKey("central_web_users.id"), nullable=False),
    Column("recorded_at", String(40), nullable=False, server_default=""),
)

central_task_comments = Table(
    "central_task_comments",
    central_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, ForeignKey("central_stale_tasks.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("central_web_users.id"), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)

central_stock_months = Table(
    "central_stock_months",
    central_metadata,
    Column("warehouse", String(100), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("value_change", Numeric, nullable=False),
    Column("corrections", Integer, nullable=False),
    Column("variance", Numeric, nullable=False),
)

central_digests = Table(
    "central_digests",
    central_metadata,
    Column("target", String(200), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("status", String(8), nullable=False),  # sending | sent | failed
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text, nullable=False, server_default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
)
