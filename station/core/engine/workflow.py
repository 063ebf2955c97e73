# SPDX-License-Identifier: Apache-2.0
"""What a workflow is to the engine, and the context it works in.

A workflow is a state machine over plain JSON-able state. The engine hands it one input at a
time inside the write transaction that will record that input; the workflow reads and writes
through the context and returns a :class:`Step`. Nothing it does is committed unless the
whole step is, so a refused write leaves both the database and the state as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection

from ..scan_meaning import ScanMeaning
from ..store.events import StationIdentity, append_audit
from ..store.ledger import Movement, post_movement
from .inputs import ACCEPTED, InputEvent
from .permissions import allowed


@dataclass(frozen=True)
class SessionUser:
    id: int
    badge: str
    name: str
    role: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "badge": self.badge, "name": self.name, "role": self.role}


class PermissionDenied(Exception):
    def __init__(self, role: str, action: str) -> None:
        super().__init__(f"{role} may not {action}")
        self.role = role
        self.action = action


@dataclass
class Ctx:
    """Everything a workflow step may touch. Valid only during that step."""

    conn: Connection
    now: datetime
    who: StationIdentity
    user: SessionUser
    settings: Mapping[str, Any]

    def require(self, action: str) -> None:
        """The one permission check: raises :class:`PermissionDenied` when the user's role may
        not do ``action``."""
        if not allowed(self.user.role, action):
            raise PermissionDenied(self.user.role, action)

    def audit(self, action: str, detail: dict[str, Any]) -> None:
        append_audit(self.conn, self.now, self.user.id, action, detail)

    def post(self, movement: Movement) -> int:
        return post_movement(self.conn, self.who, movement, self.now)


@dataclass(frozen=True)
class Step:
    """A workflow's answer to one input.

    ``state`` is the workflow's whole new state; ``switch_to`` names another workflow to
    start next (``"home"`` ends this one); ``confirm`` asks the engine to take the user's PIN
    and then call ``confirmed(ctx, state, confirm)`` on the workflow.
    """

    outcome: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    switch_to: str | None = None
    choices: list[str] = field(default_factory=list)
    confirm: dict[str, Any] | None = None


def accepted(key: str, state: dict[str, Any], **params: Any) -> Step:
    return Step(ACCEPTED, key, params, state)


class Workflow(Protocol):
    """A workflow the engine can run. ``permission`` is checked before ``start``."""

    name: str
    permission: str

    def start(self, ctx: Ctx) -> Step: ...

    def handle(
        self, ctx: Ctx, state: dict[str, Any], event: InputEvent, meaning: ScanMeaning | None
    ) -> Step: ...

    def command(self, ctx: Ctx, state: dict[str, Any], command: str) -> Step:
        """``done``, ``cancel`` or ``undo``."""
        ...

    def confirmed(self, ctx: Ctx, state: dict[str, Any], confirm: dict[str, Any]) -> Step: ...

    def public_state(self, state: dict[str, Any]) -> dict[str, Any]: ...
