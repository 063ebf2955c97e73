# SPDX-License-Identifier: Apache-2.0
"""The interval of the one job the core does not own: a sync round with the central database.

The job itself is built by the host, which owns the connection (``station.scheduled_jobs``);
its interval is declared here so that it sits in the settings registry with the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from ..engine.settings import Setting, declare
from ..jobs import every_seconds

declare(
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


def sync_interval() -> Callable[[Mapping[str, Any]], timedelta]:
    return every_seconds("sync_interval_s")
