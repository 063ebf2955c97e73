# SPDX-License-Identifier: Apache-2.0
"""The station's scheduled jobs as a host runs them: every feature's jobs plus sync.

The window and ``station run --headless`` both build their scheduler here, from the same
site settings, so both run the same jobs on the same intervals. ``in_place`` (headless and
``station jobs --run``): printing and sync happen on the calling thread; in the window the
print queue and the sync service keep their own threads and the jobs wake them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .core.clock import Clock
from .core.features import discover_jobs
from .core.jobs import Done, Job, JobHost
from .core.scheduler.runner import Scheduler
from .core.scheduler.sync_setting import sync_interval
from .core.store.database import Store


def sync_job(service: Any, *, in_place: bool) -> Job:
    """A round with central (``service`` is a ``sync.service.SyncService``)."""

    def run(now: datetime) -> Done:
        if in_place:
            result = service.run_once()
        else:
            service.sync_now()
            result = service.last_result
        if result is None:
            return Done("Sync started.", "已开始同步。")
        if not result.ok:
            reason = result.error or result.reason or "no answer"
            raise RuntimeError(f"sync with {service.central_label} failed: {reason}")
        return Done(
            f"Synced with {service.central_label}: {result.pushed} sent, "
            f"{result.pulled_changes + result.pulled_movements} received, "
            f"{result.waiting} waiting.",
            f"已与 {service.central_label} 同步:发送 {result.pushed} 条,"
            f"接收 {result.pulled_changes + result.pulled_movements} 条,"
            f"等待 {result.waiting} 条。",
        )

    return Job("sync", "Sync with central", "与中央数据库同步", sync_interval(), run)


def station_scheduler(
    store: Store,
    clock: Clock,
    site: Mapping[str, Any],
    settings: Mapping[str, Any],
    *,
    print_queue: Any = None,
    sync_service: Any = None,
    in_place: bool,
) -> Scheduler:
    """The scheduler with every job this host can run (sync only with a central database).
    ``site``: the site file's values; ``settings``: what the engine uses (for intervals)."""
    services = {} if print_queue is None else {"print_queue": print_queue}
    jobs = discover_jobs(JobHost(store, clock, site, in_place, services))
    if sync_service is not None:
        jobs.append(sync_job(sync_service, in_place=in_place))
    return Scheduler(store, clock, jobs, settings)
