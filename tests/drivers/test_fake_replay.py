# SPDX-License-Identifier: Apache-2.0
"""``fake://`` and ``replay://``: scripted scans, timing, simulated disconnects."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from drivers.base import DeviceError, DeviceState, Reader
from drivers.fake import FakeReader, ReplayReader
from drivers.registry import reader_for_url


class ManualClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def drain(reader: Reader, timeout: float = 0.0) -> list[str]:
    texts = []
    while (event := reader.read_event(timeout)) is not None:
        texts.append(event.text)
    return texts


def test_fake_scans_in_order_with_gs_and_symbology_id() -> None:
    reader = reader_for_url("fake://?scans=A1,]C10109506000134352<GS>10AB,B2")
    try:
        assert reader.is_connected()
        events = [reader.read_event(1.0) for _ in range(3)]
        assert reader.read_event(0.0) is None
    finally:
        reader.close()
    assert [e.text for e in events if e] == ["A1", "0109506000134352\x1d10AB", "B2"]
    gs1 = events[1]
    assert gs1 is not None and (gs1.aim, gs1.symbology) == ("]C1", "gs1-128")
    assert gs1.raw == b"]C10109506000134352\x1d10AB" and gs1.source_url.startswith("fake://")
    assert reader.status().state is DeviceState.CLOSED


def test_fake_interval_timing_with_manual_clock() -> None:
    clock = ManualClock()
    reader = FakeReader("fake://?scans=A,B,C&interval=0.1", clock=clock)
    reader.open()
    assert drain(reader) == ["A"]
    clock.now += 0.05
    assert drain(reader) == []
    clock.now += 0.06
    assert drain(reader) == ["B"]
    clock.now += 10
    assert drain(reader) == ["C"]
    assert reader.status().message == "0 scan(s) left"


def test_fake_interval_real_time() -> None:
    reader = reader_for_url("fake://?scans=A,B&interval=0.05")
    try:
        first = reader.read_event(1.0)
        second = reader.read_event(1.0)
    finally:
        reader.close()
    assert first is not None and second is not None
    assert second.ts - first.ts == pytest.approx(0.05, abs=0.02)


def test_fake_loop_and_custom_separator() -> None:
    clock = ManualClock()
    reader = FakeReader("fake://?scans=X,1|Y&sep=|&interval=1&loop=1", clock=clock)
    reader.open()
    seen = []
    for _ in range(5):
        seen.extend(drain(reader))
        clock.now += 1
    assert seen == ["X,1", "Y", "X,1", "Y", "X,1"]


def test_fake_simulated_disconnect() -> None:
    clock = ManualClock()
    reader = FakeReader(
        "fake://?scans=A,B,C,D&interval=1&disconnect_after=2&down_ms=500", clock=clock
    )
    reader.open()
    assert drain(reader) == ["A"]
    clock.now += 1.0
    assert drain(reader) == ["B"]
    assert not reader.is_connected()
    assert reader.status().state is DeviceState.DISCONNECTED
    clock.now += 0.6
    assert reader.is_connected() and drain(reader) == []
    clock.now += 1.0
    assert drain(reader) == ["C"]


def test_close_wakes_a_blocked_read() -> None:
    reader = reader_for_url("fake://")
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(reader.read_event(30.0)))
    started = time.monotonic()
    thread.start()
    reader.close()
    thread.join(5.0)
    assert result == [None] and time.monotonic() - started < 5.0


def test_fake_rejects_unknown_option() -> None:
    with pytest.raises(DeviceError, match="unknown option"):
        reader_for_url("fake://?scan=A", do_not_open=True)
    with pytest.raises(DeviceError, match="interval"):
        reader_for_url("fake://?scans=A&interval=-1", do_not_open=True)


SCRIPT = """\
# receiving demo
@pin 1234
4006381333931
@wait 250
]C10109506000134352<GS>10ABC
@qty 3
\\@not-a-directive
@wait 1000

@device serial:///dev/ttyACM1
@wait 500
LAST
"""


def write_script(tmp_path: Path, text: str = SCRIPT) -> Path:
    path = tmp_path / "scans.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_replay_timing_and_grammar(tmp_path: Path) -> None:
    path = write_script(tmp_path)
    clock = ManualClock()
    reader = ReplayReader(f"replay://{path}", clock=clock)
    reader.open()
    assert drain(reader) == ["4006381333931"]
    clock.now += 0.24
    assert drain(reader) == []
    clock.now += 0.02
    assert drain(reader) == ["0109506000134352\x1d10ABC", "@not-a-directive"]
    clock.now += 1.47
    assert drain(reader) == []
    clock.now += 0.04
    last = reader.read_event(0.0)
    assert last is not None and last.text == "LAST"
    assert last.source_url == "serial:///dev/ttyACM1"


def test_replay_speed_zero_and_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_script(tmp_path)
    monkeypatch.chdir(tmp_path)
    reader = reader_for_url("replay://scans.txt?speed=0")
    try:
        assert len(drain(reader)) == 4
    finally:
        reader.close()


def test_replay_errors(tmp_path: Path) -> None:
    with pytest.raises(DeviceError, match="cannot read the replay script"):
        reader_for_url(f"replay://{tmp_path}/missing.txt")
    reader_for_url(f"replay://{tmp_path}/missing.txt", do_not_open=True)  # checked at open
    bad = write_script(tmp_path, "A\n@frobnicate 1\n")
    with pytest.raises(DeviceError, match="line 2: unknown directive"):
        reader_for_url(f"replay://{bad}")
    bad = write_script(tmp_path, "A\n@wait soon\n")
    with pytest.raises(DeviceError, match="line 2: @wait"):
        reader_for_url(f"replay://{bad}")
    with pytest.raises(DeviceError, match="no script file"):
        reader_for_url("replay://", do_not_open=True)
