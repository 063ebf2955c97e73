# SPDX-License-Identifier: Apache-2.0
"""The one small interface every input device driver shares.

A driver is a :class:`Reader` addressed by a URL (see :mod:`drivers.registry` and
``docs/devices.md``). Readers deliver :class:`ScanEvent` objects through
:meth:`Reader.read_event`; they never call into the station or into Qt.

Threading contract, for every driver:

- ``open()`` and ``close()`` are called by the owner (the station's device manager) from one
  thread at a time; ``close()`` may be called from any thread and wakes a blocked
  ``read_event``.
- ``read_event(timeout)`` may be called from any single consumer thread; it blocks at most
  ``timeout`` seconds and returns ``None`` when nothing arrived.
- ``is_connected()`` and ``status()`` are cheap, thread-safe snapshots.

Failure modes: a URL or option that cannot work raises :class:`DeviceError` (with a message a
person can act on) at construction or in ``open()``. Once open, a driver reports trouble
through ``status()`` rather than by raising from ``read_event``.
"""

from __future__ import annotations

import enum
from typing import Protocol, runtime_checkable

from msgspec import Struct

GS = "\x1d"
"""ASCII group separator, the GS1 field separator inside scan text."""


class ScanEvent(Struct, frozen=True):
    """One complete read from a device.

    ``raw`` holds the frame exactly as the transport delivered it, without the terminator
    (for a serial scanner: user prefix, AIM identifier and data). ``text`` is the content after
    any prefix and AIM identifier, with the GS1 separator as ``"\\x1d"``. ``aim`` is the AIM
    symbology identifier (``"]C1"``) when the device sent one, and ``symbology`` its name
    (``"GS1-128"``) when known. ``ts`` is ``time.time()`` when the frame was complete.
    ``kind`` is ``"barcode"`` or ``"rfid"``.
    """

    source_url: str
    symbology: str | None
    aim: str | None
    raw: bytes
    text: str
    ts: float
    kind: str = "barcode"


class DeviceState(enum.Enum):
    """Coarse device state, as shown in the station's device panel."""

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    ERROR = "error"
    CLOSED = "closed"


class DeviceStatus(Struct, frozen=True):
    """A snapshot of a reader's state with a human message (``"reconnecting in 0.4 s"``)."""

    state: DeviceState
    message: str = ""


class DeviceError(Exception):
    """A device URL, option or transport problem, worded for the person at the station.

    ``str(error)`` is the whole message; ``url`` is the device URL concerned, when known.
    """

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url

    def __str__(self) -> str:
        return self.message


@runtime_checkable
class Reader(Protocol):
    """The interface of every input device (barcode scanner, camera, RFID reader, fakes).

    Class attributes: ``scheme`` is the URL scheme the class serves (``"serial"``) and ``kind``
    the kind of events it produces (``"barcode"`` or ``"rfid"``). They are declared here as
    read-only properties so that a plain ``scheme = "camera"`` in a class body satisfies the
    protocol as well as ``scheme: ClassVar[str] = "camera"``.
    """

    @property
    def scheme(self) -> str:
        """The URL scheme this reader serves."""
        ...

    @property
    def kind(self) -> str:
        """``"barcode"`` or ``"rfid"``."""
        ...

    def open(self) -> None:
        """Open the device; raises :class:`DeviceError` if it cannot be opened at all."""
        ...

    def close(self) -> None:
        """Release the device and stop its threads. Idempotent; never raises."""
        ...

    def read_event(self, timeout: float) -> ScanEvent | None:
        """Pop the next event, waiting at most ``timeout`` seconds; ``None`` if none came."""
        ...

    def is_connected(self) -> bool:
        """True while the device is open and its transport is up."""
        ...

    def status(self) -> DeviceStatus:
        """The current state and a human message."""
        ...
