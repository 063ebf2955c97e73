# SPDX-License-Identifier: Apache-2.0
"""Opening the central database by URL, with the password kept out of the URL.

``postgresql+psycopg://user@host:5432/db`` (psycopg 3) or ``sqlite:///path`` (a second SQLite
file standing in for central in tests and trials). The password, when there is one, comes from
:mod:`sync.credentials` and travels in the driver's connect arguments, never in the URL, a
command line or a log line. Every call to central is bounded (see :func:`open_central`), so a
dead or silent link ends a round with :class:`~sync.protocol.CentralUnreachable` instead of
hanging.
"""

from __future__ import annotations

import time
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import NullPool

ANSWER_TIMEOUT_S = 30.0
"""Default limit on any one call to central: connecting, one statement, one COPY chunk."""
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3}


class CentralSilent(psycopg.OperationalError):
    """Central (or a link in between) accepted the request and gave no answer in time."""


class _AnsweringConnection(psycopg.Connection[Any]):
    """A psycopg connection whose every wait for the server is bounded: a link that accepts
    bytes and forwards nothing (TCP keepalives cannot see it: the first hop answers them) ends
    the call instead of hanging. The connection is closed, so it is never reused."""

    answer_timeout_s: float | None = None

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        limit = self.answer_timeout_s if timeout is None else timeout
        try:
            return super().wait(gen, interval, limit)
        except psycopg.errors._WaitTimeout:  # noqa: SLF001 - psycopg's own timeout signal
            self.pgconn.finish()
            raise CentralSilent(f"central gave no answer within {limit:g} s") from None


def redacted(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is shown as given, minus nothing secret
        return "<malformed URL>"


def open_central(
    url: str, password: str | None = None, *, timeout_s: float | None = ANSWER_TIMEOUT_S
) -> Engine:
    """An engine on central. No connection is made yet. Raises ValueError for a URL that is
    neither PostgreSQL (psycopg) nor SQLite, or that embeds a password.

    ``timeout_s`` bounds every call to central: connecting (``connect_timeout``), unanswered
    sent data (``tcp_user_timeout``), a silent link (every wait for an answer), each statement
    on the server (``statement_timeout``, a little shorter, so a live but slow server cancels
    first) and a transaction left idle (``idle_in_transaction_session_timeout``, four times
    longer). ``None`` (central administration: migrations, imports) keeps only the connect and
    TCP limits of the default."""
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
        link_s = timeout_s or ANSWER_TIMEOUT_S
        args: dict[str, Any] = {
            "connect_timeout": max(2, round(link_s)),
            "tcp_user_timeout": round(link_s * 1000),
            **KEEPALIVE,
            "application_name": "station-sync",
        }
        if timeout_s is not None:
            statement_ms = max(1000, round(timeout_s * 1000) - 500)
            args["options"] = (
                f"-c statement_timeout={statement_ms} "
                f"-c idle_in_transaction_session_timeout={round(timeout_s * 4000)}"
            )
        if password:
            args["password"] = password
        engine = create_engine(parsed, connect_args=args, pool_size=2, max_overflow=1)
        _bound_every_wait(engine, timeout_s)
        _ping_after_idle(engine)
        return engine
    if backend == "sqlite":
        engine = create_engine(parsed, poolclass=NullPool)
        _sqlite_hooks(engine)
        return engine
    raise ValueError(f"central must be PostgreSQL or SQLite, not {backend!r}")


PING_AFTER_IDLE_S = 5.0
"""A pooled connection idle this long is pinged before use (one round trip); the checkouts
of one round follow each other closely and go without, so an idle round costs only its own
statements."""


def _ping_after_idle(engine: Engine) -> None:
    """SQLAlchemy's pre-ping, but only for a connection that sat idle (a round checks out a
    connection five times in a few milliseconds)."""

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < PING_AFTER_IDLE_S:
            return
        try:
            with dbapi_conn.cursor() as cur:
                cur.execute("SELECT 1")
            dbapi_conn.rollback()
        except psycopg.Error as exc:
            raise DisconnectionError(str(exc)) from exc  # the pool opens a fresh connection


def _bound_every_wait(engine: Engine, timeout_s: float | None) -> None:
    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, _record: object, cargs: Any, cparams: Any) -> Any:
        conn = _AnsweringConnection.connect(*cargs, **cparams)
        conn.answer_timeout_s = timeout_s
        return conn


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
