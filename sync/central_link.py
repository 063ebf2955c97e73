# SPDX-License-Identifier: Apache-2.0
"""Opening the central database by URL, with the password kept out of the URL.

``postgresql+psycopg://user@host:5432/db`` (psycopg 3) or ``sqlite:///path`` (a second SQLite
file standing in for central in tests and trials). The password, when there is one, comes from
:mod:`sync.credentials` and travels in the driver's connect arguments, never in the URL, a
command line or a log line. Connections time out (connect 5 s, TCP user timeout 15 s), so a
dead link ends a round with :class:`~sync.protocol.CentralUnreachable` instead of hanging.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

CONNECT_TIMEOUT_S = 5
TCP_USER_TIMEOUT_MS = 15000


def redacted(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is shown as given, minus nothing secret
        return "<malformed URL>"


def open_central(url: str, password: str | None = None) -> Engine:
    """An engine on central. No connection is made yet. Raises ValueError for a URL that is
    neither PostgreSQL (psycopg) nor SQLite, or that embeds a password."""
    parsed = make_url(url)
    if parsed.password:
        raise ValueError(
            "the central URL must not contain a password; keep it in the credentials file "
            "(see docs/sync.md)"
        )
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        if parsed.drivername != "postgresql+psycopg":
            parsed = parsed.set(drivername="postgresql+psycopg")
        args: dict[str, Any] = {
            "connect_timeout": CONNECT_TIMEOUT_S,
            "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
            "keepalives": 1,
            "keepalives_idle": 5,
            "keepalives_interval": 2,
            "keepalives_count": 3,
            "application_name": "station-sync",
        }
        if password:
            args["password"] = password
        return create_engine(
            parsed, connect_args=args, pool_size=1, max_overflow=2, pool_pre_ping=True
        )
    if backend == "sqlite":
        engine = create_engine(parsed, poolclass=NullPool)
        _sqlite_hooks(engine)
        return engine
    raise ValueError(f"central must be PostgreSQL or SQLite, not {backend!r}")


def _sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: object) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA busy_timeout=10000")
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA synchronous=FULL")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.connection.driver_connection.execute("BEGIN IMMEDIATE")
