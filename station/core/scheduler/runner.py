# SPDX-License-Identifier: Apache-2.0
"""The scheduler: runs each due job and keeps its last run and result in the store.

A job (:class:`station.core.jobs.Job`, built by each feature's ``jobs.py`` and found by
:func:`station.core.features.discover_jobs`) has a name, a title in English and Chinese, an
interval (read from the settings on every check, so a changed setting applies at the next run)
and a ``run(now)`` that does the work and returns what it did as a ``Done`` sentence.
:meth:`Scheduler.run_due` runs every job whose interval has passed since its last run (a job never run is due at once), one after
another **on the calling thread**: the host calls it on the store's writer thread (the window's
task runner, the headless loop), so jobs obey the store's one-writer rule like scans do. A job
that raises is recorded as failed with the reason and the others still run. Each result is
written to ``job_runs`` in its own transaction; :func:`last_runs` reads them back for the status
bar and ``station jobs``.
"""

from __future__ import annotations

import logging
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..clock import Clock
from ..engine.settings import DEFAULT_SETTINGS
from ..jobs import Done, Job
from ..store.database import Store
from ..store.events import iso
from .tables import job_runs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobRun:
    job: str
    started_at: datetime
    finished_at: datetime
    ok: bool
    message_en: str
    message_zh: str

    def message(self, language: str) -> str:
        return self.message_zh if language == "zh" else self.message_en


def last_runs(store: Store) -> dict[str, JobRun]:
    """The last run of every job that ran on this store, by job name."""
    with store.reading() as conn:
        rows = conn.execute(select(job_runs).order_by(job_runs.c.job)).all()
    return {
        r.job: JobRun(
            r.job,
            datetime.fromisoformat(r.started_at),
            datetime.fromisoformat(r.finished_at),
            bool(r.ok),
            r.message_en,
            r.message_zh,
        )
        for r in rows
    }


class Scheduler:
    """Runs ``jobs`` when due. Not thread-safe: call it from the store's writer thread."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        jobs: list[Job],
        settings: Mapping[str, Any],
    ) -> None:
        self.store = store
        self.clock = clock
        self.jobs = jobs
        self.settings = settings
        self._last = {name: run.started_at for name, run in last_runs(store).items()}

    def due(self, now: datetime | None = None) -> list[Job]:
        now = now or self.clock.now()
        # a feature's jobs module declares its interval setting on import, which may come
        # after the host built its settings: the declared default stands in
        settings = ChainMap(dict(self.settings), DEFAULT_SETTINGS)
        return [
            job
            for job in self.jobs
            if job.name not in self._last or now - self._last[job.name] >= job.interval(settings)
        ]

    def run_due(self, now: datetime | None = None) -> list[JobRun]:
        """Run every due job once, in order; returns their runs (failures included)."""
        return [self.run(job, now) for job in self.due(now)]

    def run(self, job: Job, now: datetime | None = None) -> JobRun:
        """Run one job now (whether due or not) and record the result."""
        started = now or self.clock.now()
        self._last[job.name] = started
        try:
            done = job.run(started)
            ok = True
        except Exception as exc:  # a failed job is a result to show, never a crash
            log.exception("scheduled job %s failed", job.name)
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            done = Done(f"Failed: {reason}", f"失败:{reason}")
            ok = False
        finished = self.clock.now()
        finished = finished if finished >= started else started
        run = JobRun(job.name, started, finished, ok, done.en, done.zh)
        try:
            self._record(run)
        except Exception:  # the store refused: the run is still reported to the caller
            log.exception("the result of job %s could not be stored", job.name)
        return run

    def _record(self, run: JobRun) -> None:
        values = {
            "started_at": iso(run.started_at),
            "finished_at": iso(run.finished_at),
            "ok": run.ok,
            "message_en": run.message_en,
            "message_zh": run.message_zh,
        }
        with self.store.transaction() as conn:
            updated = conn.execute(
                job_runs.update().where(job_runs.c.job == run.job).values(**values)
            )
            if updated.rowcount == 0:
                conn.execute(job_runs.insert().values(job=run.job, **values))
