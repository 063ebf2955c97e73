# SPDX-License-Identifier: Apache-2.0
"""Daily digests: an SMTP server started here (aiosmtpd, STARTTLS required, a password
login) receives one per owner, group robots started here get their documented JSON, a
failure is shown on the admin page and retried, and nothing is sent twice in a day."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import text

from central_web.notify.run import notify
from central_web.notify.settings import load_settings
from tests.web.test_web_security import client, log_in
from tests.web.web_fixtures import NOW, Site

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _auth(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"robot", b"s3cret")
    return AuthResult(success=ok)


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[tuple[int, Inbox, Path]]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    inbox = Inbox()
    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=tls,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=_auth,
    )
    controller.start()
    yield port, inbox, cert
    controller.stop()


class Robots:
    """Group-robot receivers: what each got, and how many answers to refuse first."""

    def __init__(self) -> None:
        self.got: dict[str, list[dict[str, Any]]] = {}
        self.refuse: dict[str, int] = {}


@pytest.fixture
def robots() -> Iterator[tuple[str, Robots]]:
    state = Robots()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            name = self.path.strip("/")
            state.got.setdefault(name, []).append(body)
            if state.refuse.get(name, 0) > 0:
                state.refuse[name] -= 1
                answer = {"errcode": 310000, "errmsg": "keywords not in content"}
            else:
                answer = {"errcode": 0, "errmsg": "ok"}
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", state
    server.shutdown()


def _secret(path: Path, value: str) -> str:
    path.write_text(value, encoding="utf-8")
    os.chmod(path, 0o600)
    return path.name


def _subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_one_digest_per_owner_and_site_a_day_failures_retried(
    site: Site, smtp: tuple[int, Inbox, Path], robots: tuple[str, Robots], tmp_path: Path
) -> None:
    port, inbox, cert = smtp
    base, state = robots
    with site.admin.begin() as conn:
        conn.execute(text("UPDATE central_web_users SET email = login || '@example.com'"))
    settings = tmp_path / "notify.toml"
    settings.write_text(
        f"""
[smtp]
host = "localhost"
port = {port}
sender = "stale-stock@example.com"
username = "robot"
password_file = "{_secret(tmp_path / "smtp.secret", "s3cret")}"
cafile = "{cert}"

[[webhook]]
name = "north"
kind = "wecom"
url_file = "{_secret(tmp_path / "north.secret", base + "/north")}"
warehouses = ["North"]

[[webhook]]
name = "south"
kind = "dingtalk"
url_file = "{_secret(tmp_path / "south.secret", base + "/south")}"
warehouses = ["South"]
""",
        encoding="utf-8",
    )
    state.refuse["south"] = 1
    lines = notify(site.admin, load_settings(settings), NOW.date(), "https://stock.example.com")
    assert "webhook:south: failed" in "\n".join(lines)

    # one message per owner with open tasks (the manager and admin are no owners), each in
    # the owner's language, naming only their own tasks
    by_to = {m["To"]: m for m in inbox.messages}
    assert sorted(by_to) == ["li@example.com", "zhang@example.com"]
    li = by_to["li@example.com"]
    assert _subject(li) == "呆滞库存：您有 1 项未完成任务"
    body = li.get_payload(decode=True).decode("utf-8")
    assert "Nitrile gloves" in body and "Helmet" not in body and "https://stock.example.com" in body
    assert "Zhang Min" in by_to["zhang@example.com"].get_payload(decode=True).decode("utf-8")

    # WeCom's documented markdown message, naming North's tasks only
    (wecom,) = state.got["north"]
    assert set(wecom) == {"msgtype", "markdown"} and wecom["msgtype"] == "markdown"
    content = wecom["markdown"]["content"]
    assert "Nitrile gloves" in content and "Sealing tape" in content and "Helmet" not in content
    # DingTalk's (title and text), refused once by the robot
    (dingtalk,) = state.got["south"]
    assert dingtalk["msgtype"] == "markdown" and set(dingtalk["markdown"]) == {"title", "text"}

    # the failure is on the admin page, and only there
    c = client(site)
    log_in(c, "root")
    page = c.get("/admin/notifications").text
    assert "webhook:south" in page and "failing, retried on the next run" in page
    assert "keywords not in content" in page
    owner = client(site)
    log_in(owner, "li")
    assert owner.get("/admin/notifications").status_code == 403

    # the next run the same day sends nothing again and retries the failure
    again = notify(site.admin, load_settings(settings), NOW.date(), "https://stock.example.com")
    assert len(inbox.messages) == 2 and len(state.got["north"]) == 1
    assert len(state.got["south"]) == 2 and "webhook:south: sent" in again
    assert "failing, retried" not in c.get("/admin/notifications").text


def test_a_server_without_starttls_gets_no_password(site: Site, tmp_path: Path) -> None:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)  # no TLS offered
    controller.start()
    try:
        with site.admin.begin() as conn:
            conn.execute(
                text("UPDATE central_web_users SET email = 'li@example.com' WHERE login = 'li'")
            )
        settings = tmp_path / "notify.toml"
        settings.write_text(
            f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsender = "s@example.com"\n'
            f'username = "robot"\npassword_file = "{_secret(tmp_path / "p.secret", "s3cret")}"\n',
            encoding="utf-8",
        )
        lines = notify(site.admin, load_settings(settings), NOW.date())
    finally:
        controller.stop()
    assert lines == ["mail:li: failed (SMTPException: 127.0.0.1 does not offer STARTTLS)"]
    assert inbox.messages == []
