# SPDX-License-Identifier: Apache-2.0
"""evdev:// on a scripted input device: keys become scans, GS substitutes become ASCII 29,
the device is grabbed, an unplug loses no complete scan, and a missing python-evdev is said
plainly."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from drivers import barcode_evdev, registry
from drivers.barcode_evdev import EV_KEY, EvdevScanner, KeyMapper, evdev_available
from drivers.base import DeviceError, DeviceState, ScanEvent
from drivers.registry import reader_for_url

# Importing the driver registers evdev://. Until drivers.registry lists it as a lazy scheme
# (and docs/devices.md documents it), keep it registered only where a test needs it, so the
# rest of the session sees the scheme table as shipped.
registry._factories.pop("evdev", None)  # noqa: SLF001

WAIT = 5.0
GS = "\x1d"
SHIFT, CTRL, ALT, ENTER = 42, 29, 56, 28
# US layout codes for the characters the tests type
CODES = {ch: 2 + i for i, ch in enumerate("1234567890-=")}
CODES.update({ch: 16 + i for i, ch in enumerate("qwertyuiop[]")})
CODES.update({ch: 30 + i for i, ch in enumerate("asdfghjkl;'`")})
CODES.update({ch: 43 + i for i, ch in enumerate("\\zxcvbnm,./")})
SHIFTED = {"$": "4", "_": "-", "}": "]", "(": "9", ")": "0"}
KEYPAD = {"0": 82, "2": 80, "9": 73}


@dataclass(frozen=True)
class Ev:
    type: int
    code: int
    value: int
    ts: float

    def timestamp(self) -> float:
        return self.ts


class FakeDevice:
    """An input device: events pushed by the test wake ``select`` through a pipe."""

    def __init__(self, name: str = "Acme HID scanner") -> None:
        self.name = name
        self._r, self._w = os.pipe()
        self.fd = self._r
        self._events: list[Ev] = []
        self._lock = threading.Lock()
        self.gone = False
        self.grabbed = False
        self.closed = False

    def push(self, events: list[Ev]) -> None:
        with self._lock:
            self._events.extend(events)
        os.write(self._w, b"x")

    def unplug(self) -> None:
        self.gone = True
        os.write(self._w, b"x")

    def read(self) -> list[Ev]:
        if self.gone:
            raise OSError(19, "No such device")
        os.read(self._r, 4096)
        with self._lock:
            events, self._events = self._events, []
        if not events:
            raise BlockingIOError
        return events

    def grab(self) -> None:
        self.grabbed = True

    def ungrab(self) -> None:
        self.grabbed = False

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self._r)
            os.close(self._w)


class Plug:
    """The socket the scanner is plugged into: opens the current device, or fails if none."""

    def __init__(self) -> None:
        self.device: FakeDevice | None = FakeDevice()
        self.opened = 0

    def __call__(self, path: str) -> FakeDevice:
        if self.device is None or self.device.gone:
            raise FileNotFoundError(2, "No such device", path)
        self.opened += 1
        return self.device


def press(code: int, *, mods: tuple[int, ...] = (), t: float = 0.0) -> list[Ev]:
    now = t or time.time()
    down = [Ev(EV_KEY, m, 1, now) for m in mods]
    up = [Ev(EV_KEY, m, 0, now) for m in reversed(mods)]
    return [*down, Ev(EV_KEY, code, 1, now), Ev(EV_KEY, code, 0, now), *up]


def typed(text: str) -> list[Ev]:
    events: list[Ev] = []
    for ch in text:
        if ch == "\n":
            events += press(ENTER)
        elif ch.isupper():
            events += press(CODES[ch.lower()], mods=(SHIFT,))
        elif ch in SHIFTED:
            events += press(CODES[SHIFTED[ch]], mods=(SHIFT,))
        else:
            events += press(CODES[ch])
    return events


def alt_code(digits: str) -> list[Ev]:
    now = time.time()
    events = [Ev(EV_KEY, ALT, 1, now)]
    for d in digits:
        events += [Ev(EV_KEY, KEYPAD[d], 1, now), Ev(EV_KEY, KEYPAD[d], 0, now)]
    return [*events, Ev(EV_KEY, ALT, 0, now)]


@pytest.fixture
def device_path(tmp_path: Path) -> Path:
    path = tmp_path / "usb-Acme_Scanner-event-kbd"
    path.touch()
    return path


@pytest.fixture
def plug() -> Plug:
    return Plug()


@pytest.fixture
def scanner(device_path: Path, plug: Plug) -> Iterator[EvdevScanner]:
    reader = EvdevScanner(f"evdev://{device_path}?reconnect_ms=20", opener=plug)
    reader.open()
    yield reader
    reader.close()


def next_event(reader: EvdevScanner) -> ScanEvent:
    event = reader.read_event(WAIT)
    assert event is not None, "no scan arrived"
    return event


def test_keys_ending_in_enter_are_one_scan(scanner: EvdevScanner, plug: Plug) -> None:
    assert plug.device is not None
    plug.device.push(typed("$USR-C001\n"))
    event = next_event(scanner)
    assert event.text == "$USR-C001" and event.source_url == scanner.url
    assert scanner.read_event(0.05) is None


def test_aim_identifier_and_ctrl_bracket_gs(scanner: EvdevScanner, plug: Plug) -> None:
    assert plug.device is not None
    plug.device.push(
        typed("]C11012AB") + press(CODES["]"], mods=(CTRL,)) + typed("0109501101530003\n")
    )
    event = next_event(scanner)
    assert (event.aim, event.symbology) == ("]C1", "gs1-128")
    assert event.text == f"1012AB{GS}0109501101530003"


def test_alt_0029_on_the_keypad_is_gs(scanner: EvdevScanner, plug: Plug) -> None:
    assert plug.device is not None
    plug.device.push(typed("10LOT") + alt_code("0029") + typed("17270131\n"))
    assert next_event(scanner).text == f"10LOT{GS}17270131"


def test_the_device_is_grabbed_while_open(device_path: Path, plug: Plug) -> None:
    reader = EvdevScanner(f"evdev://{device_path}", opener=plug)
    reader.open()
    assert plug.device is not None and plug.device.grabbed
    reader.close()
    assert not plug.device.grabbed and plug.device.closed
    assert reader.status().state is DeviceState.CLOSED


def test_keys_without_a_terminator_are_discarded(device_path: Path, plug: Plug) -> None:
    reader = EvdevScanner(f"evdev://{device_path}?partial_ms=50", opener=plug)
    reader.open()
    try:
        assert plug.device is not None
        plug.device.push(typed("HALF"))
        time.sleep(0.3)  # bounded: longer than partial_ms plus one select tick
        plug.device.push(typed("WHOLE\n"))
        assert next_event(reader).text == "WHOLE"
        assert reader.rejected == 1
    finally:
        reader.close()


def test_unplug_and_replug_lose_no_complete_scan(scanner: EvdevScanner, plug: Plug) -> None:
    first = plug.device
    assert first is not None
    first.push(typed("BEFORE\n"))
    assert next_event(scanner).text == "BEFORE"
    first.push(typed("CUT-OF"))
    first.unplug()
    deadline = time.monotonic() + WAIT
    while scanner.status().state is not DeviceState.DISCONNECTED:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    plug.device = FakeDevice()
    deadline = time.monotonic() + WAIT
    while scanner.status().state is not DeviceState.CONNECTED:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    plug.device.push(typed("AFTER\n"))
    assert next_event(scanner).text == "AFTER"  # the cut scan was never delivered in half
    assert scanner.read_event(0.05) is None
    assert plug.opened == 2


def test_key_mapper_honours_shift_and_caps_lock() -> None:
    mapper = KeyMapper()
    keys = []
    for ev in press(CODES["a"]) + press(CODES["a"], mods=(SHIFT,)) + press(58) + press(CODES["a"]):
        out = mapper.event(ev.code, ev.value, 0.0)
        if out is not None:
            keys.append(out.key)
    assert keys == ["a", "A", "A"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("evdev://", "give a device path"),
        ("evdev:///dev/input/event0?grab=maybe", "grab"),
        ("evdev:///dev/input/event0?speed=2", "unknown option"),
        ("evdev:///dev/input/event0?terminators=", "terminators"),
    ],
)
def test_bad_urls_are_refused_in_words(url: str, message: str) -> None:
    with pytest.raises(DeviceError, match=message):
        EvdevScanner(url)


@pytest.fixture
def registered() -> Iterator[None]:
    registry.register_scheme("evdev", barcode_evdev._factory)  # noqa: SLF001
    yield
    registry._factories.pop("evdev", None)  # noqa: SLF001


@pytest.mark.skipif(evdev_available(), reason="python-evdev is installed here")
def test_without_python_evdev_opening_says_what_to_install(registered: None) -> None:
    reader = reader_for_url("evdev:///dev/input/event0", do_not_open=True)
    with pytest.raises(DeviceError, match="python-evdev") as caught:
        reader.open()
    assert "pip install evdev" in str(caught.value)
    assert reader.status().state is DeviceState.ERROR


def test_a_missing_device_path_is_named(tmp_path: Path, plug: Plug) -> None:
    reader = EvdevScanner(f"evdev://{tmp_path / 'nope'}", opener=plug)
    with pytest.raises(DeviceError, match="does not exist"):
        reader.open()
