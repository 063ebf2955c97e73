# SPDX-License-Identifier: Apache-2.0
"""What a workflow is to the engine, and the context it works in.

A workflow is a state machine over plain JSON-able state, typed per workflow: a workflow
subclasses ``BaseWorkflow[MyState]`` where ``MyState`` is a ``TypedDict`` of its keys, so mypy
checks every key it reads or writes while the state stays the plain dict the engine saves as
JSON (stored sessions restore unchanged). The engine hands it one input at a
time inside the write transaction that will record that input; the workflow reads and writes
through the context and returns a :class:`Step`. Nothing it does is committed unless the
whole step is, so a refused write leaves both the database and the state as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, Protocol, TypeVar

from msgspec import Struct, field
from sqlalchemy import Connection

from ..scan_meaning import ScanMeaning
from ..store.events import StationIdentity, append_audit
from ..store.ledger import Movement, post_movement
from . import quantities
from .expects import SCAN, expects
from .inputs import ACCEPTED, InputEvent
from .permissions import allowed

StateT = TypeVar("StateT", bound=Mapping[str, Any])
"""A workflow's state: a ``TypedDict`` (a plain dict at run time)."""
StateIn = TypeVar("StateIn", bound=Mapping[str, Any], contravariant=True)


class SessionUser(Struct, frozen=True):
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


class Ctx(Struct):
    """Everything a workflow step may touch. Valid only during that step."""

    conn: Connection
    now: datetime
    who: StationIdentity
    user: SessionUser
    settings: Mapping[str, Any]
    #: the quantity a supervisor has just approved for the input being replayed, else None
    approved_qty: Decimal | None = None

    def check_qty(self, unit: str, qty: Decimal, *, zero_ok: bool = False) -> Decimal:
        """The quantity rules (:mod:`.quantities`) for ``qty`` of ``unit``: returns it, or
        raises ``QuantityRefused`` (the engine refuses the input) or ``NeedsApproval`` (the
        engine asks a supervisor, then replays the input). Call it before writing anything."""
        return quantities.check(
            self.settings, unit, qty, zero_ok=zero_ok, approved=self.approved_qty
        )

    def require(self, action: str) -> None:
        """The one permission check: raises :class:`PermissionDenied` when the user's role may
        not do ``action``."""
        if not allowed(self.user.role, action):
            raise PermissionDenied(self.user.role, action)

    def audit(self, action: str, detail: dict[str, Any]) -> None:
        append_audit(self.conn, self.now, self.user.id, action, detail)

    def post(self, movement: Movement) -> int:
        return post_movement(self.conn, self.who, movement, self.now)


class Step(Struct, frozen=True):
    """A workflow's answer to one input.

    ``state`` is the workflow's whole new state (a new dict: never mutate the one given; the
    workflow's own ``TypedDict``, or ``{}`` when it ends);
    ``switch_to`` names another workflow to start next (``"lookup"`` goes home).

    ``confirm`` asks the engine for a PIN and then calls ``confirmed(ctx, state, confirm)``:
    the logged-in user's PIN, or, when ``confirm["pin_of"]`` (a user id) is set, that user's PIN (a
    second person: a checker, an approving supervisor). The engine verifies the PIN, counts
    wrong ones against that user and audits the step; the workflow checks the role.

    ``effects`` are things to do after the commit, outside the engine (print labels, write a
    PDF): ``{"kind": "labels", "template": ..., "data": [...]}`` or ``{"kind": "document",
    ...}``. They appear in the outcome; the station carries them out off the UI thread.
    """

    outcome: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    state: Mapping[str, Any] = field(default_factory=dict)
    switch_to: str | None = None
    choices: list[str] = field(default_factory=list)
    confirm: dict[str, Any] | None = None
    effects: list[dict[str, Any]] = field(default_factory=list)


def accepted(key: str, state: Mapping[str, Any], **params: Any) -> Step:
    return Step(ACCEPTED, key, params, state)


class BaseWorkflow(Generic[StateT]):
    """Defaults for the optional parts of a workflow; subclass ``BaseWorkflow[MyState]`` and
    override.

    Class attributes: ``name`` (in outcomes and scripts), ``permission`` (checked before
    start), ``title`` (the menu entry), ``command`` (``$CMD-<command>`` starts it, or None),
    ``order`` (menu position).
    """

    name = ""
    permission = ""
    title = ""
    command: str | None = None
    order = 100
    #: True for a workflow that reads raw device lines (a memory scanner's batch): scans the
    #: GS1 engine refuses reach it with ``meaning.kind == "invalid"`` instead of being refused.
    takes_raw_scans = False
    #: True for a workflow that never changes the state it is given in place (``handle``,
    #: ``command_input`` and ``confirmed`` build a new one from it): the engine then hands it
    #: the committed state as it is instead of a deep copy per input. Checked by
    #: tests/core/receiving/test_copy_on_write.py for receiving.
    copy_on_write = False

    def claims(self, ctx: Ctx, meaning: ScanMeaning) -> bool:
        """True when a scan made at home starts this workflow (e.g. a receipt reference)."""
        return False

    def offered(self, conn: Connection) -> bool:
        """True when the home menu lists this workflow now (always, by default). A workflow
        offered only at times (while there is something for it to do) comes last in menu
        order, so that the numbers of the others never change. Reads only."""
        return True

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        raise NotImplementedError

    def handle(
        self, ctx: Ctx, state: StateT, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        raise NotImplementedError

    def command_input(self, ctx: Ctx, state: StateT, command: str) -> Step:
        return Step(ACCEPTED, "home.back", {}, {}, switch_to="lookup")

    def confirmed(self, ctx: Ctx, state: StateT, confirm: dict[str, Any]) -> Step:
        raise NotImplementedError

    def public_state(self, state: StateT) -> Mapping[str, Any]:
        return state

    def persisted_state(self, state: StateT) -> Mapping[str, Any]:
        """The part of the state saved with each input (all of it by default): what a restart
        must find again. A workflow may leave out what it only shows."""
        return state

    def restored(self, conn: Connection, state: StateT) -> StateT:
        """The state as the engine finds it again on start, from what ``persisted_state``
        kept: rebuild here what was left out. Reads only."""
        return state

    def participants(self, state: StateT) -> list[dict[str, Any]]:
        """Users taking part besides the logged-in one (a checker), for ``users``."""
        return []

    def expects(self, state: StateT) -> dict[str, Any]:
        """What the workflow waits for in ``state`` (see :mod:`station.core.engine.expects`):
        a scan by default; the engine adds the choices offered and PINs it asks for."""
        return expects(SCAN)

    def wants_badge(self, state: StateT) -> bool:
        """True while the workflow waits for a badge (a checker's): then even the logged-in
        user's own badge comes to the workflow (to be refused) instead of logging out."""
        return False


class Workflow(Protocol[StateIn]):
    """A workflow the engine can run (the engine holds them as ``Workflow[Any]``).
    ``permission`` is checked before ``start``."""

    name: str
    permission: str
    title: str
    command: str | None
    order: int

    def claims(self, ctx: Ctx, meaning: ScanMeaning) -> bool: ...

    def offered(self, conn: Connection) -> bool: ...

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step: ...

    def handle(
        self, ctx: Ctx, state: StateIn, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step: ...

    def command_input(self, ctx: Ctx, state: StateIn, command: str) -> Step:
        """``done``, ``cancel`` or ``undo``."""
        ...

    def confirmed(self, ctx: Ctx, state: StateIn, confirm: dict[str, Any]) -> Step: ...

    def public_state(self, state: StateIn) -> Mapping[str, Any]: ...

    def persisted_state(self, state: StateIn) -> Mapping[str, Any]: ...

    def participants(self, state: StateIn) -> list[dict[str, Any]]: ...

    def expects(self, state: StateIn) -> dict[str, Any]: ...

    def wants_badge(self, state: StateIn) -> bool: ...
