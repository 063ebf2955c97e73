# SPDX-License-Identifier: Apache-2.0
"""Where the station keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "warehouse-station"


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` if given, else ``$STATION_DB``, else ``station.db`` in the user's data dir."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("STATION_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "station.db"


def demo_db_path() -> Path:
    """The demo database: separate from the production store, rebuilt on each demo start."""
    return data_dir() / "demo.db"


def audit_key_path() -> Path:
    """The key that seals the audit anchor: in the config dir, never in the database."""
    return config_dir() / "audit.key"
