# SPDX-License-Identifier: Apache-2.0
"""The device manager through a pty scanner emulator: late arrival, unplug/replug, hot-plug."""

from __future__ import annotations

import queue
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from drivers.base import DeviceState, DeviceStatus, ScanEvent
from drivers.device_manager import DeviceManager, ManagerCallbacks
from drivers.emulators.serial_scanner import SerialScannerEmulator

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs os.openpty")

WAIT = 10.0  # bounded waits; never reached when things work


class Recorder:
    """What the station's bridge would turn into signals."""

    def __init__(self) -> None:
        self.events: queue.Queue[ScanEvent] = queue.Queue()
        self.states: list[tuple[str, DeviceState, str]] = []
        self._changed = threading.Condition()

    def callbacks(self) -> ManagerCallbacks:
        return ManagerCallbacks(on_event=self.events.put, on_status=self.on_status)

    def on_status(self, url: str, status: DeviceStatus) -> None:
        with self._changed:
            self.states.append((url, status.state, status.message))
            self._changed.notify_all()

    def wait_state(self, state: DeviceState, after: int = 0) -> int:
        """Wait until ``state`` is reported after the first ``after`` reports; its index."""
        deadline = time.monotonic() + WAIT
        with self._changed:
            while True:
                for index in range(after, len(self.states)):
                    if self.states[index][1] is state:
                        return index
                left = deadline - time.monotonic()
                assert left > 0, f"no {state.value} status in {self.states}"
                self._changed.wait(left)

    def texts(self, count: int) -> list[str]:
        return [self.events.get(timeout=WAIT).text for _ in range(count)]


def test_a_scanner_that_appears_5_s_after_start_is_read(tmp_path: Path) -> None:
    link = tmp_path / "scanner0"
    recorder = Recorder()
    manager = DeviceManager(recorder.callbacks(), retry_s=0.1, retry_max_s=0.5)
    manager.add(f"serial://{link}?suffix=cr")
    try:
        time.sleep(5.0)  # nothing plugged in: the manager keeps trying
        assert recorder.states and recorder.states[0][1] is DeviceState.DISCONNECTED
        assert "trying again" in recorder.states[-1][2]
        assert recorder.events.empty()
        with SerialScannerEmulator(link=link, announce=False) as emu:
            recorder.wait_state(DeviceState.CONNECTED)
            assert emu.scan("0109521234543213")
            assert recorder.texts(1) == ["0109521234543213"]
    finally:
        manager.stop()


def test_unplug_and_replug_lose_no_complete_scan_and_show_the_state(tmp_path: Path) -> None:
    recorder = Recorder()
    manager = DeviceManager(recorder.callbacks())
    with SerialScannerEmulator(link=tmp_path / "scanner0", announce=False) as emu:
        url = f"{emu.url}?suffix=cr&reconnect_ms=20&reconnect_max_ms=200"
        manager.add(url)
        try:
            first = recorder.wait_state(DeviceState.CONNECTED)
            before = [f"BEFORE-{n}" for n in range(20)]
            for code in before:
                assert emu.scan(code)
            emu.unplug(mid_scan=b"CUT-OFF-")  # a scan cut in half by the unplug
            lost = recorder.wait_state(DeviceState.DISCONNECTED, first + 1)
            assert manager.statuses()[url].state is DeviceState.DISCONNECTED
            emu.replug()
            recorder.wait_state(DeviceState.CONNECTED, lost + 1)
            after = [f"AFTER-{n}" for n in range(20)]
            for code in after:
                assert emu.scan(code)
            got = recorder.texts(len(before) + len(after))
            assert got == before + after  # every complete scan, once, in order
            assert not any("CUT-OFF" in text for text in got)
            assert recorder.events.empty()
        finally:
            manager.stop()


def test_a_new_device_matching_a_pattern_is_picked_up() -> None:
    label = f"hot-plug test scanner {uuid.uuid4().hex[:8]}"
    recorder = Recorder()
    manager = DeviceManager(recorder.callbacks(), poll_s=0.2)
    manager.watch(f"{label}*")
    try:
        time.sleep(0.5)
        assert manager.urls() == []
        with SerialScannerEmulator(label=label) as emu:
            recorder.wait_state(DeviceState.CONNECTED)
            assert manager.urls() == [emu.url]
            assert emu.scan("]C1" + "0109521234543213")
            (event,) = [recorder.events.get(timeout=WAIT)]
            assert (event.aim, event.text) == ("]C1", "0109521234543213")
    finally:
        manager.stop()
