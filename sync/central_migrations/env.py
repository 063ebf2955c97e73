# SPDX-License-Identifier: Apache-2.0
"""Alembic environment of central's own tables: runs on the connection handed over in
``config.attributes`` (see :func:`sync.central_init.init_central`)."""

from __future__ import annotations

from alembic import context

from sync.central_schema import central_metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise SystemExit("run central migrations through `station central init`")

context.configure(
    connection=connection,
    target_metadata=central_metadata,
    version_table="central_alembic_version",
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
