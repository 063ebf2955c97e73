# SPDX-License-Identifier: Apache-2.0
"""The station's scheduled jobs: work nobody should have to remember.

* ``stale_alerts``: raise today's new stale-stock alerts (expired, near expiry, newly stale,
  below min, above max) into follow-up tasks with the item's owner and a due date;
* ``count_plan``: refresh the count plan (due locations become count tasks, see
  :mod:`station.core.counting.planning`);
* ``print_retry``: send the labels still queued for a printer that was offline;
* ``sync``: a round with the central database (the job itself is built by the host, which
  owns the connection: ``station.scheduled_jobs``).

Each job reads the settings (defaults, the store's, the site file's) when it runs; its interval
is a setting of its own (group ``jobs`` in docs/settings.md). Every job here writes through
``Store.transaction()`` on the thread the scheduler runs on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..engine.settings import Setting, declare
from .runner import Done, Job

if TYPE_CHECKING:  # the jobs load their areas when they first run, not at start
    from ..label_printing.queue import PrintQueue
    from ..store.database import Store

declare(
    Setting(
        "jobs_alerts_interval_min",
        "int",
        60,
        "Minutes between two runs that turn stale-stock alerts into follow-up tasks.",
        "每隔多少分钟把呆滞库存预警转为跟进任务。",
        low=1,
        high=10_080,
        group="jobs",
    ),
    Setting(
        "jobs_count_plan_interval_min",
        "int",
        60,
        "Minutes between two refreshes of the count plan.",
        "每隔多少分钟刷新一次盘点计划。",
        low=1,
        high=10_080,
        group="jobs",
    ),
    Setting(
        "jobs_print_retry_interval_s",
        "int",
        30,
        "Seconds between two attempts to send labels waiting for an offline printer.",
        "每隔多少秒重试发送等待离线打印机的标签。",
        low=5,
        high=86_400,
        group="jobs",
    ),
    Setting(
        "sync_interval_s",
        "int",
        60,
        "Seconds between two syncs with the central database.",
        "每隔多少秒与中央数据库同步一次。",
        low=5,
        high=86_400,
        group="jobs",
    ),
)


def _minutes(key: str) -> Callable[[Mapping[str, Any]], timedelta]:
    return lambda settings: timedelta(minutes=int(settings[key]))


def _seconds(key: str) -> Callable[[Mapping[str, Any]], timedelta]:
    return lambda settings: timedelta(seconds=int(settings[key]))


def stale_alerts_job(store: Store, site: Mapping[str, Any]) -> Job:
    def run(now: datetime) -> Done:
        from ..stale_stock.alerts import list_tasks
        from ..stale_stock.dashboard import raise_due_alerts

        created = raise_due_alerts(store, now, site)
        with store.reading() as conn:
            still_open = len(list_tasks(conn, status="open"))
        return Done(
            f"{len(created)} new follow-up tasks from stale-stock alerts; {still_open} open.",
            f"由呆滞库存预警新建 {len(created)} 个跟进任务;共 {still_open} 个未完成。",
        )

    return Job(
        "stale_alerts",
        "Stale-stock alerts to tasks",
        "呆滞库存预警转任务",
        _minutes("jobs_alerts_interval_min"),
        run,
    )


def count_plan_job(store: Store, site: Mapping[str, Any]) -> Job:
    def run(now: datetime) -> Done:
        from ..counting.planning import plan_counts
        from ..engine.state import load_settings

        with store.transaction() as conn:
            settings = load_settings(conn, site)
            if not settings.get("count_planning", True):
                return Done(
                    "Count planning is off (setting count_planning).",
                    "盘点计划已关闭(设置项 count_planning)。",
                )
            created = plan_counts(conn, now, settings, None)
        return Done(f"{len(created)} count tasks planned.", f"计划了 {len(created)} 个盘点任务。")

    return Job(
        "count_plan",
        "Count plan",
        "盘点计划",
        _minutes("jobs_count_plan_interval_min"),
        run,
    )


def print_retry_job(store: Store, queue: PrintQueue, *, in_place: bool) -> Job:
    """``in_place``: send on the calling thread (headless); else wake the window's print
    queue thread, which sends while the scheduler goes on."""

    def run(now: datetime) -> Done:
        from ..label_printing.queue import queued_jobs

        if in_place:
            queue.run_once()
        else:
            queue.wake()
        waiting = len(queued_jobs(store))
        if waiting == 0:
            return Done("No labels are waiting for a printer.", "没有等待打印的标签。")
        return Done(
            f"{waiting} label jobs are waiting for their printer.",
            f"有 {waiting} 个标签任务在等待打印机。",
        )

    return Job(
        "print_retry",
        "Label printing retry",
        "标签重新打印",
        _seconds("jobs_print_retry_interval_s"),
        run,
    )


def sync_interval() -> Callable[[Mapping[str, Any]], timedelta]:
    return _seconds("sync_interval_s")
