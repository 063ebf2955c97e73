# SPDX-License-Identifier: Apache-2.0
"""The Qt bridge re-emits the device manager's reports as signals."""

from __future__ import annotations

from drivers.base import ScanEvent
from station.ui.device_bridge import DeviceBridge


def test_scans_and_states_arrive_as_signals(qtbot) -> None:  # type: ignore[no-untyped-def]
    bridge = DeviceBridge()
    states: list[tuple[str, str]] = []
    bridge.status_changed.connect(lambda url, state: states.append((url, state)))
    try:
        with qtbot.waitSignal(bridge.scanned, timeout=10_000) as scanned:
            bridge.open("fake://?scans=0109521234543213")
        event = scanned.args[0]
        assert isinstance(event, ScanEvent) and event.text == "0109521234543213"
        qtbot.waitUntil(lambda: ("fake://?scans=0109521234543213", "connected") in states)
        assert bridge.urls() == ["fake://?scans=0109521234543213"]
    finally:
        bridge.close()


def test_a_device_that_cannot_open_is_retried_and_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    bridge = DeviceBridge()
    bridge.manager.retry_s = 0.05
    try:
        with qtbot.waitSignal(bridge.status_detail, timeout=10_000) as detail:
            bridge.open("serial:///dev/no-such-scanner?suffix=cr")
        url, status = detail.args
        assert url == "serial:///dev/no-such-scanner?suffix=cr"
        assert status.state.value == "disconnected" and "trying again" in status.message
    finally:
        bridge.close()
