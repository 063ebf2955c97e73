# SPDX-License-Identifier: Apache-2.0
"""Alembic environment: runs on the connection the store hands over in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from station.core.store.schema import load_all_tables

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise SystemExit("run migrations through station (station init / opening the store)")

context.configure(
    connection=connection,
    target_metadata=load_all_tables(),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
