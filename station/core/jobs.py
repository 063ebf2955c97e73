# SPDX-License-Identifier: Apache-2.0
"""What a timed job is, and what the host that runs the jobs hands each feature.

A feature that has work to do on a timer exposes ``JOBS`` in its ``jobs.py``: a list of
factories, each taking the :class:`JobHost` and returning a :class:`Job` (or None when the
job cannot run on this host). :func:`station.core.features.discover_jobs` finds them all, so
the scheduler (``station.core.scheduler``) runs jobs without naming a feature. A job's
interval is a setting the feature declares itself (group ``jobs``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

if TYPE_CHECKING:
    from .clock import Clock
    from .store.database import Store


class Done(Struct, frozen=True):
    """What a job did, as one sentence in each language."""

    en: str
    zh: str


class Job(Struct, frozen=True):
    name: str
    title_en: str
    title_zh: str
    interval: Callable[[Mapping[str, Any]], timedelta]
    run: Callable[[datetime], Done]


class JobHost(Struct, frozen=True):
    """What the host running the jobs offers them.

    ``site``: the site file's values; ``in_place``: do the work on the calling thread
    (headless, ``station jobs --run``) rather than wake a thread the host already runs;
    ``services``: objects the host already runs, by name (``"print_queue"`` in the window),
    which a job uses instead of building its own."""

    store: Store
    clock: Clock
    site: Mapping[str, Any]
    in_place: bool
    services: Mapping[str, Any] = field(default_factory=dict)


JobFactory = Callable[[JobHost], "Job | None"]


def every_minutes(key: str) -> Callable[[Mapping[str, Any]], timedelta]:
    """An interval read from the setting ``key``, in minutes, each time it is checked."""
    return lambda settings: timedelta(minutes=int(settings[key]))


def every_seconds(key: str) -> Callable[[Mapping[str, Any]], timedelta]:
    """An interval read from the setting ``key``, in seconds, each time it is checked."""
    return lambda settings: timedelta(seconds=int(settings[key]))
