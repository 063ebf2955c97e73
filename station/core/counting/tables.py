# SPDX-License-Identifier: Apache-2.0
"""Tables of cycle counting: count sessions with their book snapshot, count lines, variances,
decisions, recounts and memory-scanner batches (migration branch ``counting``, 0300).

A *session* is one counter counting one location of one task; its book snapshot is taken when
it starts (``count_book``) together with the id of the last movement in the ledger
(``ledger_mark``), so movements posted at that location while the count is open can be told
apart (the cut-off). Count lines are the operational record and are never deleted (an undone
line is marked ``voided``); only approved variances become adjustment movements.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from ..store.schema import metadata
from ..store.types import ExactDecimal

count_sessions = Table(
    "count_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", Integer, ForeignKey("count_tasks.id"), nullable=False, index=True),
    Column("location_id", Integer, ForeignKey("locations.id"), nullable=False, index=True),
    Column("counter_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("device_url", String(300), nullable=False, server_default=""),
    Column("source", String(16), nullable=False, server_default="live"),  # live | batch
    Column("status", String(16), nullable=False, server_default="open"),  # open|closed|cancelled
    Column("started_at", String(40), nullable=False),
    Column("closed_at", String(40), nullable=True),
    Column("ledger_mark", Integer, nullable=False),  # last movement id at the snapshot
    Column("close_mark", Integer, nullable=True),  # last movement id at closing
    Column("batch_id", Integer, ForeignKey("count_batches.id"), nullable=True),
)

count_book = Table(
    "count_book",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("count_sessions.id"), nullable=False, index=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("lot_id", Integer, ForeignKey("lots.id"), nullable=True),
    Column("qty", ExactDecimal, nullable=False),
)

count_lines = Table(
    "count_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("count_sessions.id"), nullable=False, index=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=True),  # NULL: empty location
    Column("lot_id", Integer, ForeignKey("lots.id"), nullable=True),
    Column("qty", ExactDecimal, nullable=False),
    Column("source", String(16), nullable=False),  # scan | keypad | rfid | batch | empty
    Column("gtin", String(14), nullable=True),
    Column("epc", String(124), nullable=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("device_url", String(300), nullable=False, server_default=""),
    Column("counted_at", String(40), nullable=False),
    Column("ledger_mark", Integer, nullable=False),
    Column("voided", Boolean, nullable=False, server_default="0"),
)

count_variances = Table(
    "count_variances",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("count_sessions.id"), nullable=False, index=True),
    Column("task_id", Integer, ForeignKey("count_tasks.id"), nullable=False, index=True),
    Column("location_id", Integer, ForeignKey("locations.id"), nullable=False),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("lot_id", Integer, ForeignKey("lots.id"), nullable=True),
    Column("lots_counted", Boolean, nullable=False, server_default="1"),
    Column("book_qty", ExactDecimal, nullable=False),
    Column("moved_qty", ExactDecimal, nullable=False),
    Column("counted_qty", ExactDecimal, nullable=False),
    Column("variance_qty", ExactDecimal, nullable=False),
    Column("unit_cost", ExactDecimal, nullable=False),
    Column("value", ExactDecimal, nullable=False),
    Column("abc_class", String(1), nullable=True),
    Column("within_tolerance", Boolean, nullable=False),
    Column("moved_during_count", Boolean, nullable=False, server_default="0"),
    # matched | auto_approved | pending | approved | rejected | recount
    Column("status", String(16), nullable=False),
    Column("counter_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("recount_of", Integer, ForeignKey("count_variances.id"), nullable=True),
    Column("created_at", String(40), nullable=False),
    Column("created_utc", String(40), nullable=False),
)
Index("ix_count_variances_status", count_variances.c.status)

count_decisions = Table(
    "count_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("variance_id", Integer, ForeignKey("count_variances.id"), nullable=False, index=True),
    Column("decision", String(16), nullable=False),  # approve | reject | recount | auto
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("reason", String(64), nullable=False, server_default=""),
    Column("comment", Text, nullable=False, server_default=""),
    Column("movement_ids", Text, nullable=False, server_default="[]"),  # JSON list
    Column("recount_task_id", Integer, ForeignKey("count_tasks.id"), nullable=True),
    Column("decided_at", String(40), nullable=False),
)

count_recounts = Table(
    "count_recounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", Integer, ForeignKey("count_tasks.id"), nullable=False, unique=True),
    Column("variance_id", Integer, ForeignKey("count_variances.id"), nullable=False),
    Column("first_counter_id", Integer, ForeignKey("users.id"), nullable=False),
)

count_batches = Table(
    "count_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", Integer, ForeignKey("count_tasks.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("device_url", String(300), nullable=False, server_default=""),
    Column("raw", LargeBinary, nullable=False),
    Column("understood", Text, nullable=False),  # JSON: what the station made of it
    Column("status", String(16), nullable=False),  # submitted | discarded
    Column("received_at", String(40), nullable=False),
)
