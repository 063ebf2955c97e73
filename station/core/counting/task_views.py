# SPDX-License-Identifier: Apache-2.0
"""How count tasks are shown to the counter: the task being counted (never a book quantity;
its ids stay inside, the public state drops them) and one line of the list of open tasks.
"""

from __future__ import annotations

from typing import Any

from ..engine.workflow import Ctx
from ..store import catalog, schema
from .sessions import TaskInfo


def public_task(task: TaskInfo, ctx: Ctx) -> dict[str, Any]:
    item = catalog.item_by_id(ctx.conn, task.item_id) if task.item_id else None
    return {
        "id": task.id,
        "reference": task.reference,
        "scope": task.scope,
        "reason": task.reason,
        "item": item.sku if item else None,
        "item_id": task.item_id,
        "recount": task.first_counter_id is not None,
    }


def task_line(ctx: Ctx, task: TaskInfo) -> dict[str, Any]:
    where = task.zone or ""
    if task.location_id:
        loc = ctx.conn.execute(
            schema.locations.select().where(schema.locations.c.id == task.location_id)
        ).first()
        where = loc.code if loc else ""
    item = catalog.item_by_id(ctx.conn, task.item_id) if task.item_id else None
    return {
        "reference": task.reference,
        "where": where,
        "item": item.sku if item else None,
        "priority": task.priority,
        "reason": task.reason,
        "due": task.due_date,
    }


def task_label(line: dict[str, Any]) -> str:
    what = " ".join(x for x in (line["where"], line["item"] or "") if x)
    return f"{line['reference']} {what} ({line['reason']})".strip()
