# SPDX-License-Identifier: Apache-2.0
"""Tables of the labels area: number counters, the print queue with its history, printers.

* ``label_counters`` — one row per number series (``sscc:<extension><company prefix>``): the
  next serial reference to hand out. A number is taken in the same transaction that queues
  the label printing it, so it is never handed out twice; rolled-back jobs give theirs back.
* ``label_jobs`` — every print request, queued or done: the template, the exact data printed
  (JSON, SSCCs filled in), the printer URL and copies. ``status`` is ``queued`` until the
  printer takes the job, then ``printed``; ``cancelled`` when an operator drops it. Rows are
  kept as the reprint history; a reprint is a new row with ``reprint_of`` set.
* ``label_printers`` — per-printer profile (stock size, margins, offset) keyed by URL.
* ``label_checks`` — one row per printed label whose template must be read back
  (:mod:`.verification`): the symbol expected, ``pending`` until a scan reads it
  (``verified``), reads another symbol of its kind (``wrong``) or the allowed scans pass
  without it (``unverified``); the scans given, the last read and the camera's grade.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from ..store.schema import metadata

label_counters = Table(
    "label_counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("next_value", Integer, nullable=False),
    Column("updated_at", String(40), nullable=False),
)

label_jobs = Table(
    "label_jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", String(40), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("template", String(32), nullable=False),
    Column("data", Text, nullable=False),  # canonical JSON list, one object per label
    Column("printer_url", String(300), nullable=False),
    Column("copies", Integer, nullable=False, server_default="1"),
    Column("status", String(12), nullable=False, server_default="queued"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", String(40), nullable=True),  # UTC ISO; NULL = at once
    Column("last_error", Text, nullable=False, server_default=""),
    Column("printed_at", String(40), nullable=True),
    Column("reprint_of", Integer, ForeignKey("label_jobs.id"), nullable=True),
    Column("source", String(64), nullable=False, server_default=""),  # cli | effect:<wf> ...
)
Index("ix_label_jobs_status", label_jobs.c.status, label_jobs.c.id)

label_printers = Table(
    "label_printers",
    metadata,
    Column("url", String(300), primary_key=True),
    Column("profile", Text, nullable=False),  # JSON, labels.PrinterProfile.to_json()
    Column("updated_at", String(40), nullable=False),
)

label_checks = Table(
    "label_checks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("job_id", Integer, ForeignKey("label_jobs.id"), nullable=False),
    Column("label_no", Integer, nullable=False),  # 1-based, within the job
    Column("template", String(32), nullable=False),
    Column("sscc", String(18), nullable=True),  # the pallet, for sscc labels
    Column("expected", Text, nullable=False),  # JSON [[AI, value], ...] of the symbol to read
    Column("status", String(12), nullable=False, server_default="pending"),
    Column("reads", Integer, nullable=False, server_default="0"),  # scans given to it so far
    Column("last_read", Text, nullable=False, server_default=""),
    Column("grade", Text, nullable=False, server_default=""),  # JSON, labels.symbol_grade
    Column("created_at", String(40), nullable=False),
    Column("done_at", String(40), nullable=True),
)
Index("ix_label_checks_status", label_checks.c.status, label_checks.c.id)
Index("ix_label_checks_sscc", label_checks.c.sscc)
