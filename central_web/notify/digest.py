# SPDX-License-Identifier: Apache-2.0
"""The digests' content: for an owner, their open tasks (overdue first); for a site's group
robot, the open tasks of its warehouses per owner. Plain text for e-mail, Markdown for the
robots (both WeCom and DingTalk group robots render a Markdown subset)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from sync.central_web_schema import central_stale_tasks, central_web_users

from ..texts import t

LISTED = 20
"""Tasks a digest names one by one; the rest are counted."""


@dataclass(frozen=True)
class Recipient:
    login: str
    name: str
    email: str
    lang: str
    owner_name: str


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    markdown: str
    tasks: int


def owners_to_mail(conn: Connection) -> list[Recipient]:
    u = central_web_users.c
    rows = conn.execute(
        select(u.login, u.name, u.email, u.lang, u.owner_name)
        .where(u.role == "owner", u.active == 1, u.email != "")
        .order_by(u.login)
    )
    return [Recipient(*r) for r in rows]


def _open(conn: Connection, where: Any) -> list[Any]:
    t_ = central_stale_tasks.c
    return list(
        conn.execute(
            select(central_stale_tasks)
            .where(t_.status == "open", where)
            .order_by(t_.due_date, t_.id)
        )
    )


def _line(lang: str, task: Any, today: date) -> str:
    overdue = task.due_date < today.isoformat()
    return t(
        lang,
        "digest.line_overdue" if overdue else "digest.line",
        kind=t(lang, f"kind.{task.kind}"),
        item=task.item_name,
        sku=task.sku,
        lot=task.lot_no or "-",
        location=task.location or "-",
        value=f"{Decimal(str(task.value)):,.2f}",
        due=task.due_date,
    )


def _digest(lang: str, heading: str, tasks: Sequence[Any], today: date, link: str) -> Digest:
    total = sum((Decimal(str(x.value)) for x in tasks), Decimal(0))
    summary = t(lang, "digest.summary", count=len(tasks), value=f"{total:,.2f}")
    lines = [_line(lang, x, today) for x in tasks[:LISTED]]
    if len(tasks) > LISTED:
        lines.append(t(lang, "digest.more", count=len(tasks) - LISTED))
    tail = t(lang, "digest.link", link=link) if link else ""
    text = "\n".join([heading, "", summary, "", *lines, "", tail]).strip() + "\n"
    markdown = "\n".join(
        [f"### {heading}", f"**{summary}**", "", *(f"- {line}" for line in lines), "", tail]
    ).strip()
    return Digest(t(lang, "digest.subject", count=len(tasks)), text, markdown, len(tasks))


def owner_digest(conn: Connection, who: Recipient, today: date, link: str = "") -> Digest:
    tasks = _open(conn, central_stale_tasks.c.owner == who.owner_name)
    return _digest(who.lang, t(who.lang, "digest.hello", name=who.name), tasks, today, link)


def site_digest(
    conn: Connection, warehouses: Sequence[str], today: date, lang: str = "zh", link: str = ""
) -> Digest:
    tasks = _open(conn, central_stale_tasks.c.warehouse.in_(list(warehouses)))
    tasks.sort(key=lambda x: (x.owner, x.due_date, x.id))
    heading = t(lang, "digest.site", warehouses=", ".join(warehouses))
    return _digest(lang, heading, tasks, today, link)
