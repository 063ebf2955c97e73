# SPDX-License-Identifier: Apache-2.0
"""Tables of scan-to-receive: receipt sessions, their tally, every receiving scan, postings.

A *receipt session* is one delivery being received at the goods-in bench, against an expected
receipt (``receipt_id``) or blind (``blind`` true, ``needs_review`` true until a supervisor has
looked at it). Its *tally* has one row per expected line (blind sessions add rows as items are
scanned) with the quantity received so far. Every accepted receiving scan is one row of
``receipt_scans``: counted against a tally line, or, with ``quarantine`` set, a quarantine line
that keeps the raw scan (and optionally a webcam snapshot). Undo marks the newest row
``undone``; nothing is deleted. On "done" the scans are posted to the ledger and each posted
movement is recorded in ``receipt_postings``, which a supervisor's reversal refers to.

Written only by ``station.core.receiving.workflow`` / ``reversal`` and
``station.snapshots``; migration ``0100_receiving`` (branch ``receiving``).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from ..store.schema import metadata
from ..store.types import ExactDecimal

receipt_sessions = Table(
    "receipt_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("receipt_id", Integer, ForeignKey("expected_receipts.id"), nullable=True),
    Column("reference", String(64), nullable=False),
    Column("supplier", String(200), nullable=False, server_default=""),
    Column("blind", Boolean, nullable=False, server_default="0"),
    Column("needs_review", Boolean, nullable=False, server_default="0"),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("location_id", Integer, ForeignKey("locations.id"), nullable=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40), nullable=True),
)
Index("ix_receipt_sessions_receipt", receipt_sessions.c.receipt_id, receipt_sessions.c.status)

receipt_tally = Table(
    "receipt_tally",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("receipt_sessions.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("expected_qty", ExactDecimal, nullable=True),  # NULL on a blind line
    Column("received_qty", ExactDecimal, nullable=False, server_default="0"),
    Column("approved_qty", ExactDecimal, nullable=True),  # over-receipt approved up to this
    Column("lot_no", String(40), nullable=True),
    Column("expiry", String(10), nullable=True),
)
Index(
    "ix_receipt_tally_session_item",
    receipt_tally.c.session_id,
    receipt_tally.c.item_id,
)
Index(
    "uq_receipt_tally_line",
    receipt_tally.c.session_id,
    receipt_tally.c.line_no,
    unique=True,
)

receipt_scans = Table(
    "receipt_scans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("receipt_sessions.id"), nullable=False),
    Column("tally_id", Integer, ForeignKey("receipt_tally.id"), nullable=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=True),
    Column("gtin", String(14), nullable=True),
    Column("scan_text", Text, nullable=False),
    Column("lot_no", String(40), nullable=True),
    Column("expiry", String(10), nullable=True),
    Column("qty", ExactDecimal, nullable=False),
    Column("flag", String(32), nullable=False, server_default=""),
    Column("quarantine", String(32), nullable=True),
    Column("snapshot_path", Text, nullable=True),
    Column("approved_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("ts", String(40), nullable=False),
    Column("undone", Boolean, nullable=False, server_default="0"),
)
Index("ix_receipt_scans_session", receipt_scans.c.session_id, receipt_scans.c.undone)

receipt_postings = Table(
    "receipt_postings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("receipt_sessions.id"), nullable=False),
    Column("line_no", Integer, nullable=True),  # NULL: a quarantine line
    Column("movement_id", Integer, ForeignKey("movements.id"), nullable=False),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("lot_id", Integer, ForeignKey("lots.id"), nullable=True),
    Column("location_id", Integer, ForeignKey("locations.id"), nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("reversal_movement_id", Integer, ForeignKey("movements.id"), nullable=True),
)
Index("ix_receipt_postings_session", receipt_postings.c.session_id)
