# SPDX-License-Identifier: Apache-2.0
"""Counting's timed job ``count_plan``: refresh the count plan (due locations become count
tasks, see :mod:`.planning`) every ``jobs_count_plan_interval_min`` minutes, unless the
setting ``count_planning`` is off. It writes through ``Store.transaction()`` on the thread
the scheduler runs on.
"""

from __future__ import annotations

from datetime import datetime

from ..engine.settings import Setting, declare
from ..jobs import Done, Job, JobFactory, JobHost, every_minutes

declare(
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
)


def count_plan_job(host: JobHost) -> Job:
    def run(now: datetime) -> Done:
        from ..engine.state import load_settings
        from .planning import plan_counts

        with host.store.transaction() as conn:
            settings = load_settings(conn, host.site)
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
        every_minutes("jobs_count_plan_interval_min"),
        run,
    )


JOBS: list[JobFactory] = [count_plan_job]
