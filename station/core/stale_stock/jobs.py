# SPDX-License-Identifier: Apache-2.0
"""Stale stock's timed job ``stale_alerts``: raise today's new stale-stock alerts (expired,
near expiry, newly stale, below min, above max) into follow-up tasks with the item's owner
and a due date, every ``jobs_alerts_interval_min`` minutes. It writes through
``Store.transaction()`` on the thread the scheduler runs on.
"""

from __future__ import annotations

from datetime import datetime

from ..engine.settings import Setting, declare
from ..jobs import Done, Job, JobFactory, JobHost, every_minutes

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
)


def stale_alerts_job(host: JobHost) -> Job:
    def run(now: datetime) -> Done:
        from .alerts import list_tasks
        from .dashboard import raise_due_alerts

        created = raise_due_alerts(host.store, now, host.site)
        with host.store.reading() as conn:
            still_open = len(list_tasks(conn, status="open"))
        return Done(
            f"{len(created)} new follow-up tasks from stale-stock alerts; {still_open} open.",
            f"由呆滞库存预警新建 {len(created)} 个跟进任务;共 {still_open} 个未完成。",
        )

    return Job(
        "stale_alerts",
        "Stale-stock alerts to tasks",
        "呆滞库存预警转任务",
        every_minutes("jobs_alerts_interval_min"),
        run,
    )


JOBS: list[JobFactory] = [stale_alerts_job]
