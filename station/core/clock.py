# SPDX-License-Identifier: Apache-2.0
"""The engine's clock: injectable, always time-zone aware."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Clock(Protocol):
    """Anything that tells the current time, aware, in the station's time zone."""

    tz: tzinfo

    def now(self) -> datetime: ...


def station_timezone(name: str | None = None) -> tzinfo:
    """The named IANA zone, or the machine's own zone when ``name`` is empty or unknown."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    local = datetime.now().astimezone().tzinfo
    assert local is not None
    return local


class SystemClock:
    """The wall clock in the station's time zone."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self.tz = tz or station_timezone()

    def now(self) -> datetime:
        return datetime.now(self.tz)


class ManualClock:
    """A clock that moves only when told to (scripts and tests): ``set`` and ``advance``."""

    def __init__(self, start: datetime, tz: tzinfo | None = None) -> None:
        self.tz = tz or start.tzinfo or station_timezone()
        self._now = start if start.tzinfo else start.replace(tzinfo=self.tz)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when if when.tzinfo else when.replace(tzinfo=self.tz)

    def advance(self, delta: timedelta) -> None:
        self._now = self._now + delta
