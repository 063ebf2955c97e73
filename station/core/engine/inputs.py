# SPDX-License-Identifier: Apache-2.0
"""Input events the engine is fed, and the outcome it returns for each."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from msgspec import Struct, field


class Scan(Struct, frozen=True):
    """A barcode as a device delivered it (``text`` after any AIM prefix, GS as ASCII 29)."""

    text: str
    device_url: str = ""
    symbology: str | None = None
    aim: str | None = None
    raw: bytes = b""


class Pin(Struct, frozen=True):
    pin: str


class Qty(Struct, frozen=True):
    """A quantity typed on the keypad: the text as typed (the engine checks it against the
    quantity rules, docs/workflows/*.md) or a number already read."""

    qty: Decimal | str

    @property
    def amount(self) -> Decimal:
        """The number: a workflow is handed a ``Qty`` only after the engine has read it."""
        assert isinstance(self.qty, Decimal), "the engine reads a typed quantity first"
        return self.qty


class Choose(Struct, frozen=True):
    n: int


class TextInput(Struct, frozen=True):
    text: str


class RfidRead(Struct, frozen=True):
    epc: str
    rssi: float | None = None
    antenna: int | None = None


class RfidRound(Struct, frozen=True):
    reads: tuple[RfidRead, ...]
    device_url: str = ""


InputEvent = Scan | Pin | Qty | Choose | TextInput | RfidRound

ACCEPTED, REJECTED, PENDING = "accepted", "rejected", "pending"


class Outcome(Struct, frozen=True):
    """What the engine made of one input.

    ``outcome`` is accepted, rejected or pending (waiting for a PIN, a choice or another
    person). ``committed`` is True only when the input's record reached the disk: the UI
    beeps and flashes only then. ``state`` is the workflow's documented state object;
    ``expects`` says what input comes next (a scan, a quantity, a PIN, a choice, ...).
    """

    outcome: str
    message_key: str
    message: str
    workflow: str
    users: list[dict[str, Any]]
    state: dict[str, Any]
    params: dict[str, Any] = field(default_factory=dict)
    committed: bool = True
    choices: list[str] = field(default_factory=list)
    effects: list[dict[str, Any]] = field(default_factory=list)
    #: what the engine waits for next (:mod:`station.core.engine.expects`)
    expects: dict[str, Any] = field(default_factory=lambda: {"kind": "scan", "also": []})
    #: how it should feel: success, refused, waiting, attention or info (:mod:`.feedback`)
    feedback: str = "success"
    #: alarms the store raised while committing this input (``audit.not_resealed``)
    alarms: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "message_key": self.message_key,
            "message": self.message,
            "workflow": self.workflow,
            "users": self.users,
            "state": self.state,
            "committed": self.committed,
            "choices": self.choices,
            "effects": self.effects,
            "expects": self.expects,
            "feedback": self.feedback,
            **({"alarms": self.alarms} if self.alarms else {}),
        }
