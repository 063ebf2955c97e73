# SPDX-License-Identifier: Apache-2.0
"""``station central init``: create or upgrade the central database with Alembic.

Central gets the store's own migrations (every branch: the same SQLAlchemy models as the
stations) and then central's branch (``sync/central_migrations``), all in one transaction on
PostgreSQL (DDL is transactional there), then its protocol version. Running it again upgrades;
it never drops data. The role running it owns the tables and speaks as station ``CENTRAL``
(opening stock and other centrally made events).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, select, text

from station.core.store.database import alembic_config

from .central_epoch import start_epoch_if_restored
from .central_schema import CENTRAL_STATION, central_meta, central_station_logins
from .protocol import PROTOCOL_VERSION

CENTRAL_MIGRATIONS_DIR = Path(__file__).with_name("central_migrations")
OLDEST_PUSH_PROTOCOL = 2
"""Protocol 1 stations pushed with an INSERT into ``central_events``, which station logins may
no longer do (they could choose an event's id and xid); they must upgrade to push."""
OLDEST_PULL_PROTOCOL = 1


def _config(location: Path | None, conn: Connection) -> Config:
    """Alembic's config for central's own branch at ``location``, or (None) the store's."""
    if location is None:
        cfg = alembic_config()
    else:
        cfg = Config()
        cfg.set_main_option("script_location", str(location))
    cfg.attributes["connection"] = conn
    return cfg


def init_central(engine: Engine) -> list[str]:
    """Create or upgrade central; returns lines saying what was done."""
    with engine.begin() as conn:
        command.upgrade(_config(None, conn), "heads")
        command.upgrade(_config(CENTRAL_MIGRATIONS_DIR, conn), "heads")
        meta = dict(conn.execute(select(central_meta.c.key, central_meta.c.value)).all())
        wanted = {
            "protocol_version": str(PROTOCOL_VERSION),
            "oldest_push_protocol": str(OLDEST_PUSH_PROTOCOL),
            "oldest_pull_protocol": str(OLDEST_PULL_PROTOCOL),
        }
        for key, value in wanted.items():
            if key not in meta:
                conn.execute(central_meta.insert().values(key=key, value=value))
            elif int(meta[key]) < int(value):
                conn.execute(
                    central_meta.update().where(central_meta.c.key == key).values(value=value)
                )
        if conn.dialect.name == "postgresql":
            me = conn.execute(text("SELECT current_user")).scalar_one()
            known = conn.execute(
                select(central_station_logins.c.station_id).where(
                    central_station_logins.c.role_name == me
                )
            ).scalar()
            if known is None:
                conn.execute(
                    central_station_logins.insert().values(role_name=me, station_id=CENTRAL_STATION)
                )
        restored = start_epoch_if_restored(conn)
        version = conn.execute(text("SELECT version_num FROM central_alembic_version")).all()
    lines = [
        f"central schema ready (central {', '.join(sorted(v[0] for v in version))}, "
        f"protocol {PROTOCOL_VERSION})"
    ]
    return [*lines, restored] if restored else lines
