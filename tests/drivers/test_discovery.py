# SPDX-License-Identifier: Apache-2.0
"""Device discovery: serial ports, input devices, cameras, emulators; errors never raise."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from serial.tools import list_ports

from drivers import discovery
from drivers.discovery import DeviceInfo, list_devices
from drivers.emulators import ENV_DIR, running_emulators
from drivers.emulators.serial_scanner import SerialScannerEmulator


@pytest.fixture(autouse=True)
def emulator_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "emulators"
    monkeypatch.setenv(ENV_DIR, str(folder))
    return folder


def port(device: str, vid: int | None = None, **extra: object) -> SimpleNamespace:
    values: dict[str, object] = {
        "device": device,
        "vid": vid,
        "pid": 0x1200 if vid else None,
        "serial_number": "S123" if vid else None,
        "description": "n/a",
    }
    values.update(extra)
    return SimpleNamespace(**values)


def test_serial_ports_marks_known_scanner_vendors(monkeypatch: pytest.MonkeyPatch) -> None:
    ports = [port("/dev/ttyS0"), port("/dev/ttyACM0", 0x05E0), port("COM4", 0x1234)]
    monkeypatch.setattr(list_ports, "comports", lambda: ports)
    found = {d.url: d for d in discovery.serial_ports()}
    assert found["serial:///dev/ttyACM0"] == DeviceInfo(
        url="serial:///dev/ttyACM0",
        kind="barcode",
        label="/dev/ttyACM0 - Zebra (Symbol)",
        vid=0x05E0,
        pid=0x1200,
        serial_number="S123",
        transport="usb",
    )
    assert found["serial:///dev/ttyS0"].kind == "serial"
    assert found["serial://COM4"].kind == "serial" and found["serial://COM4"].transport == "usb"


def test_input_devices_and_cameras(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dev = tmp_path / "dev"
    (dev / "input").mkdir(parents=True)
    for name in ("event0", "event1", "event10", "mice"):
        (dev / "input" / name).touch()
    for name in ("video0", "video2"):
        (dev / name).touch()
    sys_input = tmp_path / "sys_input"
    (sys_input / "event1" / "device").mkdir(parents=True)
    (sys_input / "event1" / "device" / "name").write_text("Honeywell Scanner Keyboard\n")
    sys_video = tmp_path / "sys_video"
    (sys_video / "video0").mkdir(parents=True)
    (sys_video / "video0" / "name").write_text("USB Camera\n")

    real_access = os.access
    monkeypatch.setattr(
        discovery.os,
        "access",
        lambda p, mode: not str(p).endswith("event10") and real_access(p, mode),
    )
    inputs = discovery.input_devices(dev / "input", sys_input)
    assert [d.label for d in inputs] == [
        f"event0 ({dev / 'input' / 'event0'})",
        f"Honeywell Scanner Keyboard ({dev / 'input' / 'event1'})",
        f"1 input device(s) in {dev / 'input'}",
    ]
    assert all(d.kind == "keyboard" and d.url == "" and d.error for d in inputs)

    cams = discovery.cameras(dev, sys_video)
    assert [(d.url, d.label) for d in cams] == [
        ("camera://0", f"USB Camera ({dev / 'video0'})"),
        ("camera://2", f"video2 ({dev / 'video2'})"),
    ]
    assert discovery.input_devices(tmp_path / "nothing", sys_input) == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs os.openpty")
def test_running_emulator_is_listed(emulator_dir: Path) -> None:
    with SerialScannerEmulator(label="demo scanner") as emu:
        found = [d for d in list_devices() if d.transport == "pty"]
        assert found == [
            DeviceInfo(
                url=emu.url, kind="barcode", label="demo scanner (emulator)", transport="pty"
            )
        ]
    assert running_emulators() == []


def test_stale_and_broken_announcements_are_skipped(emulator_dir: Path) -> None:
    emulator_dir.mkdir()
    (emulator_dir / "dead.json").write_text(json.dumps({"url": "socket://x:1", "pid": 2**22 + 7}))
    (emulator_dir / "broken.json").write_text("{not json")
    (emulator_dir / "alive.json").write_text(json.dumps({"url": "socket://127.0.0.1:9"}))
    assert [d.url for d in discovery.emulators()] == ["socket://127.0.0.1:9"]


def test_failing_enumerator_becomes_an_error_entry() -> None:
    def broken() -> list[DeviceInfo]:
        raise PermissionError("sysfs says no")

    def fine() -> list[DeviceInfo]:
        return [DeviceInfo(url="fake://", kind="barcode", label="fake")]

    found = list_devices({"broken": broken, "fine": fine})
    assert found[0].url == "" and found[0].kind == "broken"
    assert found[0].error is not None and "sysfs says no" in found[0].error
    assert found[1].url == "fake://"


def test_list_devices_on_this_machine_never_raises() -> None:
    found = list_devices()
    assert all(isinstance(d, DeviceInfo) for d in found)
