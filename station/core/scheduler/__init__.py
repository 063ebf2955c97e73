# SPDX-License-Identifier: Apache-2.0
"""The station scheduler: due jobs (stale-stock alerts, count plan, label retry, sync) run on
the store's writer thread, each one's last run and result kept in the store."""

from __future__ import annotations

from .runner import Done, Job, JobRun, Scheduler, last_runs

__all__ = ["Done", "Job", "JobRun", "Scheduler", "last_runs"]
