# SPDX-License-Identifier: Apache-2.0
"""``station central web``: serve the application with uvicorn on HOST:PORT.

The session key signs the cookies: kept in ``--session-key-file`` (made with mode 0600 when
missing) so sessions survive a restart, or made fresh at each start without one. Put the view
behind a TLS-terminating proxy (cookies are Secure); ``--plain-http`` is for one machine only.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from sqlalchemy import Engine

from sync.credentials import read_secret, write_secret


def parse_listen(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--listen {listen!r}: give HOST:PORT, e.g. 127.0.0.1:8080")
    return host.strip("[]"), int(port)


def session_key(path: Path | None) -> str:
    if path is None:
        return secrets.token_urlsafe(32)
    key = read_secret(path)
    if key is None:
        key = secrets.token_urlsafe(32)
        write_secret(path, key)
    return key


def serve(engine: Engine, listen: str, key_file: Path | None, *, secure_cookies: bool) -> int:
    import uvicorn

    from .app import create_app

    host, port = parse_listen(listen)
    app = create_app(engine, session_key(key_file), secure_cookies=secure_cookies)
    print(f"station central web: serving on http://{host}:{port}/ (Ctrl+C stops)", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)
    return 0
