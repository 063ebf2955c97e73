# SPDX-License-Identifier: Apache-2.0
"""Times as the station shows them: in the station's time zone, to the minute (or second),
never as microsecond UTC. A time without a zone is taken as UTC (how the sync and the store
keep theirs)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def in_zone(value: datetime | str, zone: tzinfo | None) -> datetime:
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(zone) if zone is not None else when.astimezone()


def shown_time(value: datetime | str, zone: tzinfo | None, *, seconds: bool = False) -> str:
    """``09:31`` (or ``09:31:05``) in the station's zone."""
    return in_zone(value, zone).strftime("%H:%M:%S" if seconds else "%H:%M")


def shown_moment(value: datetime | str, zone: tzinfo | None) -> str:
    """``2026-11-24 09:31`` in the station's zone."""
    return in_zone(value, zone).strftime("%Y-%m-%d %H:%M")
