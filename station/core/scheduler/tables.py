# SPDX-License-Identifier: Apache-2.0
"""Tables of the station scheduler: the last run of each scheduled job.

``job_runs`` keeps one row per job (its name is the key): when it last started and finished,
whether it succeeded, and what it did as a sentence in English and Chinese, so the window's
status bar and ``station jobs`` show the same thing after a restart.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, String, Table, Text

from ..store.schema import metadata

job_runs = Table(
    "job_runs",
    metadata,
    Column("job", String(64), primary_key=True),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40), nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("message_en", Text, nullable=False, server_default=""),
    Column("message_zh", Text, nullable=False, server_default=""),
)
