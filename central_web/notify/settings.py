# SPDX-License-Identifier: Apache-2.0
"""The notification settings file (TOML; docs/central_web.md#notifications).

    [smtp]
    host = "mail.example.com"
    port = 587
    sender = "stale-stock@example.com"
    username = "stale-stock"
    password_file = "/etc/station/smtp.secret"   # mode 0600, the password alone
    cafile = ""                                  # a CA bundle; empty: the system's

    [[webhook]]
    name = "north-buyers"
    kind = "wecom"                                # or "dingtalk"
    url_file = "/etc/station/north-robot.secret"  # the robot's URL holds its key: a secret too
    warehouses = ["North"]

Secrets are read from files only readable by their user (``sync.credentials.read_secret``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sync.credentials import read_secret

WEBHOOK_KINDS = ("wecom", "dingtalk")


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    sender: str
    username: str
    password: str
    cafile: str


@dataclass(frozen=True)
class Webhook:
    name: str
    kind: str
    url: str
    warehouses: tuple[str, ...]


@dataclass(frozen=True)
class NotifySettings:
    smtp: Smtp | None
    webhooks: tuple[Webhook, ...]


def _secret(section: dict[str, Any], key: str, where: Path) -> str:
    value = section.get(key)
    if not value:
        raise ValueError(f"{where}: {key} is missing")
    path = Path(str(value))
    secret = read_secret(path if path.is_absolute() else where.parent / path, required=True)
    assert secret is not None
    return secret


def load_settings(path: Path) -> NotifySettings:
    """Read ``path``; raises ValueError with a sentence for a setting that is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the notification settings ({exc})") from exc
    smtp = None
    if "smtp" in data:
        s = data["smtp"]
        if not s.get("host") or not s.get("sender"):
            raise ValueError(f"{path}: [smtp] needs host and sender")
        smtp = Smtp(
            host=str(s["host"]),
            port=int(s.get("port", 587)),
            sender=str(s["sender"]),
            username=str(s.get("username", "")),
            password=_secret(s, "password_file", path) if s.get("username") else "",
            cafile=str(s.get("cafile", "")),
        )
    hooks = []
    for h in data.get("webhook", []):
        if h.get("kind") not in WEBHOOK_KINDS:
            raise ValueError(f"{path}: a webhook's kind is one of {', '.join(WEBHOOK_KINDS)}")
        if not h.get("name"):
            raise ValueError(f"{path}: every webhook needs a name")
        hooks.append(
            Webhook(
                name=str(h["name"]),
                kind=str(h["kind"]),
                url=_secret(h, "url_file", path),
                warehouses=tuple(str(w) for w in h.get("warehouses", [])),
            )
        )
    return NotifySettings(smtp, tuple(hooks))
