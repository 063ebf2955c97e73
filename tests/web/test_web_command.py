# SPDX-License-Identifier: Apache-2.0
"""The documented commands, tried as a new user would: ``station central web-grant``,
``web-user``, then ``station central web`` serving the log-in page as the web login."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from station.cli import main
from tests.web.web_fixtures import Site

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_grant_add_a_user_and_serve(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    admin_url = site.admin.url.render_as_string(hide_password=False)
    role = "webcmd_" + uuid.uuid4().hex[:8]
    secret = tmp_path / "web.secret"
    try:
        assert main(["central", "web-grant", "--url", admin_url, "--role", role,
                     "--secret-out", str(secret)]) == 0  # fmt: skip
        assert f"login {role} for the web view is ready" in capsys.readouterr().out
        password = tmp_path / "chen.password"
        password.write_text("tape and more tape", encoding="utf-8")
        os.chmod(password, 0o600)
        assert main(["central", "web-user", "--url", admin_url, "--login", "chen",
                     "--name", "Chen Jie", "--role", "owner", "--lang", "zh",
                     "--password-file", str(password)]) == 0  # fmt: skip
        short = tmp_path / "short.password"
        short.write_text("short", encoding="utf-8")
        os.chmod(short, 0o600)
        assert main(["central", "web-user", "--url", admin_url, "--login", "x", "--name", "X",
                     "--role", "owner", "--password-file", str(short)]) == 2  # fmt: skip
        assert "at least 8 characters" in capsys.readouterr().err

        port = _free_port()
        web_url = site.admin.url.set(username=role).render_as_string(hide_password=False)
        server = subprocess.Popen(
            [sys.executable, "-m", "station", "central", "web", "--url", web_url,
             "--password-file", str(secret), "--listen", f"127.0.0.1:{port}", "--plain-http"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                        page = r.read().decode("utf-8")
                        headers = r.headers
                    break
                except OSError:
                    assert server.poll() is None, server.stderr.read() if server.stderr else ""
                    assert time.monotonic() < deadline, "station central web did not answer"
                    time.sleep(0.2)
            assert '<meta name="viewport"' in page and 'name="csrf"' in page
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        finally:
            server.terminate()
            server.wait(20)
    finally:
        with site.admin.begin() as conn:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
