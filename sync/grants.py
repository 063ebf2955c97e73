# SPDX-License-Identifier: Apache-2.0
"""``station central grant``: a least-privilege login for one station (PostgreSQL only).

The role ``station_<id>`` (lower case, letters, digits and ``_``) may log in, read master data
and every event (it pulls them), create temporary tables (its COPY staging table), add events
only through ``central_ingest_events()`` (which takes the station from the session and assigns
``id`` and ``xid``), report its audit head only through ``central_report_audit_head()``
(an append-only history it can read but not change), and insert only into
``central_clashes``.
Row-level security, forced on the table owner too, admits only rows whose ``station_id`` is
the station mapped to ``session_user`` in ``central_station_logins``. It cannot update or
delete events, nor write master data. The password is generated here and returned to the
caller to put in the station's secret file; only its SCRAM verifier, computed client-side,
reaches the server; it is never placed on a command line.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy import Connection, text

READ_TABLES = (
    "items",
    "gtins",
    "lots",
    "serials",
    "locations",
    "users",
    "expected_receipts",
    "receipt_lines",
    "issue_orders",
    "issue_lines",
    "count_tasks",
    "central_meta",
    "central_changes",
    "central_events",
    "central_clashes",
    "central_refused",
    "central_audit_heads",
    "central_audit_head_log",
    "central_alerts",
    "alembic_version",
    "central_alembic_version",
)
INSERT_TABLES = ("central_clashes",)


def role_name(station_id: str) -> str:
    name = "station_" + re.sub(r"[^a-z0-9_]", "_", station_id.lower())
    if len(name) > 63:
        raise ValueError(f"station id {station_id!r} is too long for a database role")
    return name


def _encrypted(raw: Any, role: str, password: str) -> str:
    """The SCRAM verifier of ``password``, computed client-side, so the plain password never
    reaches the server (nor its statement log)."""
    digest = raw.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    return bytes(digest).decode("ascii")


def grant_station(
    conn: Connection, station_id: str, password: str | None = None
) -> tuple[str, str]:
    """Create or refresh the login of ``station_id``; returns (role, password). Runs inside the
    caller's transaction, as the owner of the central tables."""
    from psycopg import sql

    role = role_name(station_id)
    password = password or secrets.token_urlsafe(24)
    raw: Any = conn.connection.driver_connection
    ident = sql.Identifier(role)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    with raw.cursor() as cur:
        if exists is None:
            cur.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
        cur.execute(
            sql.SQL(
                "ALTER ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD {}"
            ).format(ident, sql.Literal(_encrypted(raw, role, password)))
        )
        db = conn.execute(text("SELECT current_database()")).scalar_one()
        cur.execute(
            sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                sql.Identifier(db), ident
            )
        )
        cur.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident))
        for table in READ_TABLES:
            cur.execute("SELECT to_regclass(%s) IS NOT NULL", (table,))
            if cur.fetchone()[0]:  # a central not yet upgraded lacks the newest tables
                cur.execute(
                    sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), ident)
                )
        for table in INSERT_TABLES:
            cur.execute(sql.SQL("GRANT INSERT ON {} TO {}").format(sql.Identifier(table), ident))
        cur.execute(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(ident))
    conn.execute(
        text(
            "INSERT INTO central_station_logins (role_name, station_id) VALUES (:r, :s) "
            "ON CONFLICT (role_name) DO UPDATE SET station_id = excluded.station_id"
        ),
        {"r": role, "s": station_id},
    )
    return role, password
