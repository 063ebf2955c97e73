# SPDX-License-Identifier: Apache-2.0
"""Where the station's central password lives: never in the URL, the config or a command line.

The password is kept in a file of its own (default ``<config dir>/central.secret``, or
``$STATION_CENTRAL_SECRET_FILE``), one line, readable only by the station's user: a file that
its group or others can read is refused (as ssh does with keys). ``station central grant``
writes such a file. The URL (host, database, role) is kept apart and is not secret.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from station.core.paths import config_dir

ENV_FILE = "STATION_CENTRAL_SECRET_FILE"


class CredentialsError(Exception):
    """The secret file is missing, unreadable or readable by others."""


def default_secret_path() -> Path:
    if os.environ.get(ENV_FILE):
        return Path(os.environ[ENV_FILE]).expanduser()
    return config_dir() / "central.secret"


def read_secret(path: Path | None = None, *, required: bool = False) -> str | None:
    """The password in ``path`` (or the default file); None when there is no file and it is
    not ``required`` (e.g. certificate or trust login)."""
    path = path or default_secret_path()
    if not path.exists():
        if required:
            raise CredentialsError(f"{path}: no central credentials file")
        return None
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialsError(
            f"{path}: readable by others (mode {stat.filemode(mode)}); run chmod 600 on it"
        )
    text = path.read_text(encoding="utf-8").strip()
    if not text:
        raise CredentialsError(f"{path}: the credentials file is empty")
    return text


def write_secret(path: Path, secret: str) -> Path:
    """Write ``secret`` to ``path``, created with mode 0600 (never world-readable, even
    briefly)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    os.replace(tmp, path)
    return path
