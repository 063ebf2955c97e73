# SPDX-License-Identifier: Apache-2.0
"""What station and central agree on: the protocol version window and the result of a sync.

Version rule (documented in docs/sync.md): central records its ``protocol_version`` and the
oldest station protocol it still accepts pushes from (``oldest_push_protocol``) and pulls from
(``oldest_pull_protocol``). A station inside the push window but older than the pull window
keeps pushing its queued events and pulls nothing; beyond the window it is refused with
:class:`VersionRefused` and its unsent events stay in its outbox, untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

PROTOCOL_VERSION = 2
"""This build's sync protocol. 2: events go in through ``central_ingest_events()`` (central
migration c003) instead of an INSERT into ``central_events``."""


class SyncError(Exception):
    """A sync round did not finish; nothing local was marked as sent beyond what central
    committed. ``reason`` is a short machine key, ``str()`` a sentence for people."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class CentralUnreachable(SyncError):
    """The central database could not be reached or the link dropped mid-round."""

    def __init__(self, message: str) -> None:
        super().__init__("unreachable", message)


class VersionRefused(SyncError):
    """Station and central protocols are too far apart; the station's events are kept."""

    def __init__(self, message: str) -> None:
        super().__init__("version", message)


@dataclass
class SyncResult:
    """What one sync round did. Safe to hand to the UI thread (plain data)."""

    ok: bool = False
    pushed: int = 0
    already_there: int = 0
    parked: int = 0
    pulled_changes: int = 0
    pulled_movements: int = 0
    waiting: int = 0
    parked_open: int = 0
    """Parked events nobody settled yet (each has an alarm; see :mod:`sync.heal`)."""
    pins_sent: int = 0
    """PINs set at this station that central took this round (:mod:`sync.badges`)."""
    pins_refused: int = 0
    """PINs set at this station that central refused this round (each with an alarm)."""
    copied_back: bool = False
    """This round found the store copied back over a newer copy and healed it."""
    clock_skew_seconds: float | None = None
    finished_at: datetime | None = None
    alarms: list[str] = field(default_factory=list)
    error: str = ""
    reason: str = ""
    push_only: bool = False

    @property
    def skew_too_large(self) -> bool:
        return self.clock_skew_seconds is not None and abs(self.clock_skew_seconds) > 60
