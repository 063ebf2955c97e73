# SPDX-License-Identifier: Apache-2.0
"""Label printing's timed job ``print_retry``: send the labels still queued for a printer
that was offline, every ``jobs_print_retry_interval_s`` seconds.

In place (headless, ``station jobs --run``) it sends on the calling thread; in the window it
wakes the window's print queue thread (the host's ``print_queue`` service), which sends while
the scheduler goes on.
"""

from __future__ import annotations

from datetime import datetime

from ..engine.settings import Setting, declare
from ..jobs import Done, Job, JobFactory, JobHost, every_seconds
from .queue import PrintQueue, queued_jobs

declare(
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
)


def print_retry_job(host: JobHost) -> Job:
    verify = host.site.get("label_verify_templates")  # the site file wins over the store's
    queue = host.services.get("print_queue") or PrintQueue(
        host.store, host.clock, verify_templates=verify
    )

    def run(now: datetime) -> Done:
        if host.in_place:
            queue.run_once()
        else:
            queue.wake()
        waiting = len(queued_jobs(host.store))
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
        every_seconds("jobs_print_retry_interval_s"),
        run,
    )


JOBS: list[JobFactory] = [print_retry_job]
