# SPDX-License-Identifier: Apache-2.0
"""Posting a digest to a WeCom or DingTalk group robot, in each one's documented JSON.

* WeCom (企业微信) group robot: ``{"msgtype": "markdown", "markdown": {"content": ...}}``
* DingTalk (钉钉) custom robot: ``{"msgtype": "markdown", "markdown": {"title": ...,
  "text": ...}}``

Both answer HTTP 200 with ``{"errcode": 0, ...}`` when they took the message; any other
answer is a failure (retried on the next run).
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

TIMEOUT_S = 30


def payload(kind: str, title: str, markdown: str) -> dict[str, Any]:
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": markdown}}
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": markdown}}
    raise ValueError(f"unknown webhook kind {kind!r}")


def post_webhook(kind: str, url: str, title: str, markdown: str) -> None:
    """Post one message; raises OSError (or ValueError for a refusal) when it was not taken."""
    body = json.dumps(payload(kind, title, markdown), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:  # noqa: S310 - configured URL
        reply = json.loads(answer.read().decode("utf-8") or "{}")
    if reply.get("errcode", 0) != 0:
        raise ValueError(f"the robot refused the message: {reply.get('errmsg') or reply}")
