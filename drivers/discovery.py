# SPDX-License-Identifier: Apache-2.0
"""What input devices are attached: serial ports, input event devices, cameras, emulators.

:func:`list_devices` runs every enumerator in :data:`ENUMERATORS` and returns one
:class:`DeviceInfo` per device, each with the URL to open it by. An enumerator that fails
becomes a ``DeviceInfo`` with ``error`` set (a null object the device panel can show); it never
raises. Unsupported but present hardware is listed the same way, with ``error`` saying why.

Threads: no state; call from any thread (the device manager polls it every 1-2 s from its
worker). A call reads sysfs/devfs and the emulator announcement folder; it does not open
devices.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from drivers.emulators import running_emulators

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceInfo:
    """One device found. ``url`` is empty when no driver can open it (then ``error`` says so).

    ``kind``: ``barcode``, ``rfid``, ``camera``, ``keyboard`` or ``serial`` (a serial port of
    unknown make). ``transport``: ``serial``, ``usb``, ``evdev``, ``v4l2``, ``pty``, ``socket``.
    """

    url: str
    kind: str
    label: str
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    transport: str = ""
    error: str | None = None


Enumerator = Callable[[], Iterable[DeviceInfo]]

#: USB vendor id -> (kind, maker). Drivers add theirs with :func:`register_device_ids`.
DEVICE_IDS: dict[int, tuple[str, str]] = {}


def register_device_ids(kind: str, ids: Mapping[int, str]) -> None:
    """Mark serial ports of these USB vendors (``vid -> maker``) as devices of ``kind``."""
    for vid, maker in ids.items():
        DEVICE_IDS[vid] = (kind, maker)


def _register_builtin_ids() -> None:
    from drivers.barcode_serial import DEVICE_IDS as scanner_ids

    register_device_ids("barcode", scanner_ids)


_register_builtin_ids()


def serial_url(device: str) -> str:
    """The ``serial://`` URL for a port name (``/dev/ttyACM0`` or ``COM4``)."""
    return f"serial://{device}"


def serial_ports() -> list[DeviceInfo]:
    """Serial ports from ``serial.tools.list_ports``, known scanner vendors marked."""
    from serial.tools import list_ports

    found = []
    for port in sorted(list_ports.comports(), key=lambda p: p.device):
        kind, maker = DEVICE_IDS.get(port.vid, ("serial", "")) if port.vid else ("serial", "")
        described = port.description if port.description and port.description != "n/a" else ""
        label = " - ".join(x for x in (port.device, maker or described) if x)
        found.append(
            DeviceInfo(
                url=serial_url(port.device),
                kind=kind,
                label=label,
                vid=port.vid,
                pid=port.pid,
                serial_number=port.serial_number,
                transport="usb" if port.vid else "serial",
            )
        )
    return found


def _read_name(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _numbered(folder: Path, prefix: str) -> list[tuple[int, Path]]:
    pattern = re.compile(rf"{re.escape(prefix)}(\d+)")
    items = []
    for path in folder.glob(f"{prefix}*"):
        match = pattern.fullmatch(path.name)
        if match:
            items.append((int(match.group(1)), path))
    return sorted(items)


def input_devices(
    root: Path = Path("/dev/input"), sys_root: Path = Path("/sys/class/input")
) -> list[DeviceInfo]:
    """Readable ``/dev/input/event*`` devices (keyboards, HID scanners), for information.

    There is no evdev driver yet, so ``url`` is empty; wedge scanners are read through the
    focused window. Unreadable devices are summarised in one entry with ``error`` set.
    """
    if not root.is_dir():
        return []
    found = []
    unreadable = 0
    for _number, path in _numbered(root, "event"):
        if not os.access(path, os.R_OK):
            unreadable += 1
            continue
        name = _read_name(sys_root / path.name / "device" / "name") or path.name
        found.append(
            DeviceInfo(
                url="",
                kind="keyboard",
                label=f"{name} ({path})",
                transport="evdev",
                error="no evdev driver; keyboard-wedge scanners are read as keyboard input",
            )
        )
    if unreadable:
        found.append(
            DeviceInfo(
                url="",
                kind="keyboard",
                label=f"{unreadable} input device(s) in {root}",
                transport="evdev",
                error="not readable by this user (on Linux: the 'input' group)",
            )
        )
    return found


def cameras(
    dev_root: Path = Path("/dev"), sys_root: Path = Path("/sys/class/video4linux")
) -> list[DeviceInfo]:
    """``/dev/videoN`` devices as ``camera://N`` (some are metadata nodes of one camera)."""
    found = []
    for number, path in _numbered(dev_root, "video"):
        name = _read_name(sys_root / path.name / "name") or path.name
        error = None if os.access(path, os.R_OK) else "not readable by this user"
        found.append(
            DeviceInfo(
                url=f"camera://{number}",
                kind="camera",
                label=f"{name} ({path})",
                transport="v4l2",
                error=error,
            )
        )
    return found


def emulators() -> list[DeviceInfo]:
    """Running device emulators (see :mod:`drivers.emulators`), in this or another process."""
    return [
        DeviceInfo(
            url=str(info["url"]),
            kind=str(info.get("kind", "barcode")),
            label=f"{info.get('label', 'emulator')} (emulator)",
            transport=str(info.get("transport", "")),
        )
        for info in running_emulators()
    ]


ENUMERATORS: dict[str, Enumerator] = {
    "serial": serial_ports,
    "input": input_devices,
    "camera": cameras,
    "emulator": emulators,
}
"""Enumerators by name, run in this order. Other drivers may add their own."""


def list_devices(enumerators: Mapping[str, Enumerator] | None = None) -> list[DeviceInfo]:
    """Every device all enumerators find; a failing enumerator becomes one error entry.

    Never raises (except for ``KeyboardInterrupt``/``SystemExit``).
    """
    found: list[DeviceInfo] = []
    for name, enumerate_devices in (enumerators or ENUMERATORS).items():
        try:
            found.extend(enumerate_devices())
        except Exception as exc:  # each enumerator is isolated by contract
            log.warning("device enumerator %s failed", name, exc_info=True)
            found.append(
                DeviceInfo(
                    url="",
                    kind=name,
                    label=f"{name} devices",
                    error=f"could not list {name} devices: {exc}",
                )
            )
    return found
