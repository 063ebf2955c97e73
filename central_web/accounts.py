# SPDX-License-Identifier: Apache-2.0
"""Web users (owner, manager, admin) and the web view's own database role.

The role (``central_web`` unless named otherwise) may log in and read master data, events
and the stale-stock tasks (row-level security narrows the tasks, outcomes and comments to the
logged-in user's), insert only outcomes and comments, and touch the users' table only through
the log-in functions of migration c007: it never reads a password hash except the one of the
login being tried, and never sets a lock directly. Runs as central's owner.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, select, text

from sync.central_web_schema import ROLES, central_web_user_warehouses, central_web_users
from sync.grants import _encrypted

READ_TABLES = (
    "items",
    "locations",
    "central_events",
    "central_stale_tasks",
    "central_task_outcomes",
    "central_task_comments",
    "central_stock_months",
    "central_digests",
    "central_web_user_warehouses",
)
INSERT_TABLES = ("central_task_outcomes", "central_task_comments")
USER_COLUMNS = "id, login, name, role, owner_name, lang, active"
FUNCTIONS = (
    "central_web_user()",
    "central_web_role()",
    "central_web_owner()",
    "central_web_warehouses()",
    "central_web_login_row(text)",
    "central_web_login_result(integer, boolean)",
    "central_web_alerts(integer)",
)


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def add_user(
    conn: Connection,
    login: str,
    name: str,
    role: str,
    password: str,
    *,
    owner_name: str | None = None,
    warehouses: Iterable[str] = (),
    lang: str = "en",
    email: str = "",
) -> int:
    """Create or update web user ``login``; returns its id. An owner's tasks are those of the
    items whose ``owner`` is ``owner_name`` (their name when not given)."""
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise ValueError("a web password needs at least 8 characters")
    values = {
        "name": name,
        "role": role,
        "owner_name": owner_name if owner_name is not None else name,
        "lang": "zh" if lang.startswith("zh") else "en",
        "email": email,
        "password_hash": hash_password(password),
        "active": 1,
        "failed_logins": 0,
        "locked_until": None,
    }
    u = central_web_users
    found = conn.execute(select(u.c.id).where(u.c.login == login)).scalar()
    if found is None:
        found = conn.execute(
            u.insert().values(login=login, **values).returning(u.c.id)
        ).scalar_one()
    else:
        conn.execute(u.update().where(u.c.id == found).values(**values))
    w = central_web_user_warehouses
    conn.execute(delete(w).where(w.c.user_id == found))
    for warehouse in sorted(set(warehouses)):
        conn.execute(w.insert().values(user_id=found, warehouse=warehouse))
    return int(found)


def grant_web(
    conn: Connection, role: str = "central_web", password: str | None = None
) -> tuple[str, str]:
    """Create or refresh the web view's login; returns (role, password). PostgreSQL only."""
    from psycopg import sql

    if conn.dialect.name != "postgresql":
        raise ValueError("the web view runs on a PostgreSQL central only")
    password = password or secrets.token_urlsafe(24)
    raw: Any = conn.connection.driver_connection
    ident = sql.Identifier(role)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    db = conn.execute(text("SELECT current_database()")).scalar_one()
    with raw.cursor() as cur:
        if exists is None:
            cur.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
        cur.execute(
            sql.SQL(
                "ALTER ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD {}"
            ).format(ident, sql.Literal(_encrypted(raw, role, password)))
        )
        cur.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(db), ident))
        cur.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident))
        for table in READ_TABLES:
            cur.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), ident))
        cur.execute(
            sql.SQL("GRANT SELECT ({}) ON central_web_users TO {}").format(
                sql.SQL(USER_COLUMNS), ident
            )
        )
        for table in INSERT_TABLES:
            cur.execute(sql.SQL("GRANT INSERT ON {} TO {}").format(sql.Identifier(table), ident))
            cur.execute(
                sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(
                    sql.Identifier(f"{table}_id_seq"), ident
                )
            )
        for function in FUNCTIONS:
            cur.execute(sql.SQL(f"GRANT EXECUTE ON FUNCTION {function} TO {{}}").format(ident))
    return role, password
