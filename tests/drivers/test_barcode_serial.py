# SPDX-License-Identifier: Apache-2.0
"""The serial scanner driver, through URLs: pty emulator, socket emulator and ``loop://``."""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.barcode_serial import (
    FramingConfig,
    LineFramer,
    Rejected,
    SerialScanner,
    interpret_frame,
)
from drivers.base import DeviceError, DeviceState, DeviceStatus, ScanEvent
from drivers.emulators.serial_scanner import SerialScannerEmulator, uart_resample
from drivers.registry import reader_for_url

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs os.openpty")

WAIT = 5.0  # bounded waits on queues/events; never reached when things work


# -- helpers ---------------------------------------------------------------------------


class Watch:
    """Collects a reader's status changes and rejects through its callbacks."""

    def __init__(self) -> None:
        self.statuses: queue.Queue[DeviceStatus] = queue.Queue()
        self.rejects: queue.Queue[tuple[str, bytes]] = queue.Queue()

    def on_status(self, status: DeviceStatus) -> None:
        self.statuses.put(status)

    def on_reject(self, reason: str, raw: bytes) -> None:
        self.rejects.put((reason, raw))

    def wait_state(self, state: DeviceState) -> DeviceStatus:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                status = self.statuses.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if status.state is state:
                return status
        raise AssertionError(f"no {state} status within {WAIT} s")

    def next_reject(self) -> tuple[str, bytes]:
        return self.rejects.get(timeout=WAIT)


def open_scanner(url: str, watch: Watch | None = None) -> SerialScanner:
    scanner = SerialScanner(
        url,
        on_status=watch.on_status if watch else None,
        on_reject=watch.on_reject if watch else None,
    )
    scanner.open()
    return scanner


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[SerialScannerEmulator]:
    emu = SerialScannerEmulator(announce=False).start()
    yield emu
    emu.close()


# -- pure framing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "stream", "frames"),
    [
        ("cr", b"ABC\rDEF\r", [b"ABC", b"DEF"]),
        ("cr", b"ABC\r\nDEF\r\n", [b"ABC", b"DEF"]),  # a CR LF scanner on a cr station
        ("lf", b"ABC\nDEF\r\n", [b"ABC", b"DEF"]),
        ("crlf", b"ABC\r\nDEF\r\n", [b"ABC", b"DEF"]),
        ("tab", b"ABC\tDEF\t", [b"ABC", b"DEF"]),
        ("etx", b"ABC\x03DEF\x03", [b"ABC", b"DEF"]),
    ],
)
def test_framer_splits_on_suffix(suffix: str, stream: bytes, frames: list[bytes]) -> None:
    framer = LineFramer(FramingConfig(suffix=suffix))
    out = []
    for i in range(len(stream)):  # byte by byte: terminators may straddle reads
        out.extend(framer.feed(stream[i : i + 1], now=float(i)))
    assert out == frames


def test_framer_idle_gap_ends_scan_without_suffix() -> None:
    framer = LineFramer(FramingConfig(suffix="none", gap_s=0.05))
    assert framer.feed(b"ABC", 0.00) == []
    assert framer.feed(b"123", 0.01) == []
    assert framer.poll(0.03) == []
    assert framer.poll(0.07) == [b"ABC123"]
    assert framer.feed(b"X1", 1.0) == []
    assert framer.feed(b"X2", 1.2) == [b"X1"]  # data after a gap closes the previous scan


def test_framer_rejects_over_long_line_and_resynchronises() -> None:
    framer = LineFramer(FramingConfig(suffix="cr", max_len=8))
    out = framer.feed(b"0123456789", 0.0)
    assert len(out) == 1 and isinstance(out[0], Rejected) and "over-long" in out[0].reason
    assert framer.feed(b"ABC\rOK1\r", 0.1) == [b"OK1"]  # the rest of the long line is dropped


def test_framer_discards_stale_partial_line() -> None:
    framer = LineFramer(FramingConfig(suffix="cr", partial_s=0.5))
    assert framer.feed(b"NOISE", 0.0) == []
    assert framer.poll(0.4) == []
    (item,) = framer.poll(0.6)
    assert isinstance(item, Rejected) and item.raw == b"NOISE" and "incomplete" in item.reason
    assert framer.feed(b"GOOD\r", 0.7) == [b"GOOD"]


@pytest.mark.parametrize(
    ("frame", "reason_part"),
    [
        (b"AB\x07CD", "control character 0x07"),
        (b"AB\x00CD", "NUL byte"),
        (b"AB\xfe\xffCD", "undecodable byte 0xfe"),
        (b"AB\x1bCD", "control character 0x1b"),
    ],
)
def test_interpret_rejects_garbage(frame: bytes, reason_part: str) -> None:
    result = interpret_frame(frame)
    assert isinstance(result, Rejected)
    assert reason_part in result.reason


def test_interpret_keeps_gs_rs_eot_and_strips_prefix() -> None:
    assert interpret_frame(b"\x02" + b"01\x1d10\x1e\x04", prefix=b"\x02") == (
        None,
        "01\x1d10\x1e\x04",
    )
    missing = interpret_frame(b"0123", prefix=b"\x02")
    assert isinstance(missing, Rejected) and "missing prefix" in missing.reason


# -- through URLs: pty emulator --------------------------------------------------------


@posix_only
@pytest.mark.parametrize("suffix", ["cr", "lf", "crlf", "tab", "etx"])
def test_pty_suffixes(suffix: str) -> None:
    with SerialScannerEmulator(suffix=suffix, announce=False) as emu:
        assert emu.device_path is not None and emu.device_path.startswith("/dev/")
        reader = reader_for_url(f"{emu.url}?baud=9600&suffix={suffix}")
        try:
            assert reader.is_connected()
            for code in ("4006381333931", "BIN-A-01", "X"):
                assert emu.scan(code)
            assert [e.text for e in _events(reader, 3)] == ["4006381333931", "BIN-A-01", "X"]
        finally:
            reader.close()
        assert reader.status().state is DeviceState.CLOSED


def _events(reader: object, count: int) -> list[ScanEvent]:
    assert isinstance(reader, SerialScanner)
    events = []
    for _ in range(count):
        event = reader.read_event(WAIT)
        assert event is not None
        events.append(event)
    return events


@posix_only
def test_pty_idle_gap_framing_without_suffix() -> None:
    with SerialScannerEmulator(suffix="none", announce=False) as emu:
        reader = open_scanner(f"{emu.url}?suffix=none&gap_ms=40")
        try:
            emu.scan("FIRST-SCAN")
            first = reader.read_event(WAIT)
            emu.scan("SECOND")
            second = reader.read_event(WAIT)
            assert first is not None and second is not None
            assert (first.text, second.text) == ("FIRST-SCAN", "SECOND")
        finally:
            reader.close()


@posix_only
def test_pty_symbology_identifiers_parsed(emulator: SerialScannerEmulator) -> None:
    reader = open_scanner(f"{emulator.url}?suffix=cr&aim=auto")
    try:
        emulator.scan("0109506000134352\x1d10ABC", aim="]C1")
        emulator.scan("4006381333931", aim="]E0")
        emulator.scan("PLAIN")
        gs1, ean, plain = _events(reader, 3)
    finally:
        reader.close()
    assert (gs1.aim, gs1.symbology, gs1.text) == ("]C1", "gs1-128", "0109506000134352\x1d10ABC")
    assert gs1.raw == b"]C10109506000134352\x1d10ABC"
    assert gs1.source_url == reader.url and gs1.kind == "barcode"
    assert (ean.aim, ean.symbology, ean.text) == ("]E0", "ean13", "4006381333931")
    assert (plain.aim, plain.symbology, plain.text) == (None, None, "PLAIN")


@posix_only
def test_pty_symbology_identifier_required_or_off() -> None:
    with SerialScannerEmulator(announce=False) as emu:
        watch = Watch()
        reader = open_scanner(f"{emu.url}?aim=on", watch)
        try:
            emu.scan("NOAIM")
            emu.scan("DATA", aim="]d2")
            (event,) = _events(reader, 1)
            assert (event.aim, event.text) == ("]d2", "DATA")
            reason, raw = watch.next_reject()
            assert "AIM" in reason and raw == b"NOAIM"
        finally:
            reader.close()
        reader = open_scanner(f"{emu.url}?aim=off")
        try:
            emu.scan("DATA", aim="]C1")
            (event,) = _events(reader, 1)
            assert (event.aim, event.text) == (None, "]C1DATA")
        finally:
            reader.close()


@posix_only
def test_pty_prefix_stripped() -> None:
    with SerialScannerEmulator(prefix=b"\x02", announce=False) as emu:
        watch = Watch()
        reader = open_scanner(f"{emu.url}?prefix=%02&suffix=cr", watch)
        try:
            emu.scan("0123", aim="]C0")
            emu.write_raw(b"NOPREFIX\r")
            emu.scan("4567")
            first, second = _events(reader, 2)
            assert (first.aim, first.text, first.raw) == ("]C0", "0123", b"\x02]C00123")
            assert second.text == "4567"
            reason, raw = watch.next_reject()
            assert "missing prefix" in reason and raw == b"NOPREFIX"
        finally:
            reader.close()


@posix_only
def test_pty_line_noise_rejected_with_reason(emulator: SerialScannerEmulator) -> None:
    watch = Watch()
    reader = open_scanner(f"{emulator.url}?suffix=cr", watch)
    try:
        emulator.scan("BEFORE")
        emulator.inject_noise(b"\x07\x15")  # noise, then the suffix: one garbage line
        emulator.write_raw(b"AB\x00CD\r")  # a framing error shows up as NUL
        emulator.scan("AFTER")
        assert [e.text for e in _events(reader, 2)] == ["BEFORE", "AFTER"]
        reasons = [watch.next_reject(), watch.next_reject()]
        assert reader.read_event(0.1) is None
    finally:
        reader.close()
    assert "control character 0x07" in reasons[0][0] and reasons[0][1] == b"\x07\x15"
    assert "NUL" in reasons[1][0]
    assert reader.rejected == 2


@posix_only
@pytest.mark.parametrize(("sender", "receiver"), [(19200, 9600), (9600, 19200), (115200, 9600)])
def test_pty_wrong_baud_garbage_rejected(sender: int, receiver: int) -> None:
    garbage = uart_resample(b"0109506000134352\r", sender, receiver)
    assert garbage != b"0109506000134352\r"
    with SerialScannerEmulator(announce=False) as emu:
        watch = Watch()
        # partial_ms: garbage that never reaches a CR is dropped once the line is quiet
        reader = open_scanner(f"{emu.url}?suffix=cr&partial_ms=100", watch)
        try:
            assert emu.send_wrong_baud(
                "0109506000134352", sender_baud=sender, receiver_baud=receiver
            )
            reason, raw = watch.next_reject()
            emu.scan("GOOD-AFTER")
            (event,) = _events(reader, 1)
            assert event.text == "GOOD-AFTER"
        finally:
            reader.close()
    assert raw and set(raw) <= set(garbage)
    assert any(word in reason for word in ("undecodable", "NUL", "control", "incomplete"))


@posix_only
def test_uart_resample_same_rate_is_identity() -> None:
    assert uart_resample(b"Hello\r\x1d", 9600, 9600) == b"Hello\r\x1d"


# -- unplug / replug -------------------------------------------------------------------


@posix_only
def test_unplug_replug_while_scanning_no_scan_lost_or_doubled(tmp_path: Path) -> None:
    """A scanning thread scans non-stop while the cable is pulled five times (one of them
    mid-scan each time). Every scan that went on the wire arrives exactly once, in order."""
    emu = SerialScannerEmulator(link=tmp_path / "scanner0", announce=False).start()
    connected = threading.Event()
    gate = threading.Lock()  # a scan is sent only while the reader reports connected
    watch = Watch()

    def on_status(status: DeviceStatus) -> None:
        with gate:
            if status.state is DeviceState.CONNECTED:
                connected.set()
            else:
                connected.clear()
        watch.on_status(status)

    reader = SerialScanner(
        f"{emu.url}?suffix=cr&reconnect_ms=5&reconnect_max_ms=50",
        on_status=on_status,
        on_reject=watch.on_reject,
    )
    sent: list[str] = []
    stop = threading.Event()

    def scan_forever() -> None:
        n = 0
        while not stop.is_set():
            if not connected.wait(0.05):
                continue
            with gate:
                code = f"SCAN-{n:05d}"
                if connected.is_set() and emu.scan(code):
                    sent.append(code)
                    n += 1
            stop.wait(0.0005)

    reader.open()
    connected.set()
    producer = threading.Thread(target=scan_forever, name="test scanner")
    producer.start()
    got: list[str] = []
    try:
        for cycle in range(5):
            while len(sent) < (cycle + 1) * 40:  # let it scan a while
                event = reader.read_event(WAIT)
                assert event is not None
                got.append(event.text)
            emu.unplug(mid_scan=b"SCAN-CUT-OFF-")
            watch.wait_state(DeviceState.DISCONNECTED)
            emu.replug()
            watch.wait_state(DeviceState.CONNECTED)
        while len(sent) < 240:
            event = reader.read_event(WAIT)
            assert event is not None
            got.append(event.text)
        stop.set()
        producer.join(WAIT)
        while len(got) < len(sent):
            event = reader.read_event(WAIT)
            assert event is not None, f"{len(sent) - len(got)} scan(s) lost"
            got.append(event.text)
        assert reader.read_event(0.2) is None, "a scan was delivered twice"
    finally:
        stop.set()
        producer.join(WAIT)
        reader.close()
        emu.close()
    assert got == sent
    assert len(sent) >= 240
    assert reader.reconnects == 5
    cut = [watch.rejects.get_nowait() for _ in range(watch.rejects.qsize())]
    assert len(cut) == 5
    assert all("disconnected mid-scan" in reason for reason, _ in cut)
    assert all(raw.startswith(b"SCAN-CUT-OFF-") for _, raw in cut)


@posix_only
def test_backoff_is_capped_and_reports_state(tmp_path: Path) -> None:
    emu = SerialScannerEmulator(link=tmp_path / "scanner0", announce=False).start()
    watch = Watch()
    reader = open_scanner(f"{emu.url}?reconnect_ms=10&reconnect_max_ms=40", watch)
    try:
        emu.unplug()
        watch.wait_state(DeviceState.DISCONNECTED)
        retry_messages = [watch.wait_state(DeviceState.DISCONNECTED).message for _ in range(5)]
        assert not reader.is_connected()
        delays = [m.rsplit("retrying in ", 1)[1] for m in retry_messages]
        assert delays == ["20 ms", "40 ms", "40 ms", "40 ms", "40 ms"]
        assert "attempt 5" in retry_messages[-1] and "No such file" in retry_messages[-1]
        emu.replug()
        status = watch.wait_state(DeviceState.CONNECTED)
        assert "reconnected" in status.message
        emu.scan("BACK")
        (event,) = _events(reader, 1)
        assert event.text == "BACK"
    finally:
        reader.close()
        emu.close()


# -- socket:// and loop:// -------------------------------------------------------------


def test_socket_emulator_with_reconnect() -> None:
    emu = SerialScannerEmulator(transport="socket", suffix="crlf", aim="]C0", announce=False)
    emu.start()
    watch = Watch()
    reader = open_scanner(f"{emu.url}?suffix=crlf&reconnect_ms=5&reconnect_max_ms=50", watch)
    try:
        assert emu.wait_client(WAIT)
        assert emu.scan("SOCK-1")
        emu.unplug(mid_scan=b"SOCK-HALF")
        watch.wait_state(DeviceState.DISCONNECTED)
        emu.replug()
        watch.wait_state(DeviceState.CONNECTED)
        assert emu.wait_client(WAIT)
        assert emu.scan("SOCK-2")
        events = _events(reader, 2)
        assert [(e.aim, e.text) for e in events] == [("]C0", "SOCK-1"), ("]C0", "SOCK-2")]
        reason, raw = watch.next_reject()
        assert "mid-scan" in reason and raw == b"SOCK-HALF"
        assert reader.read_event(0.1) is None
    finally:
        reader.close()
        emu.close()


def test_loop_url_round_trip() -> None:
    reader = reader_for_url("loop://?suffix=lf&aim=auto")
    assert isinstance(reader, SerialScanner)
    try:
        assert reader.port_url == "loop://"
        reader.write(b"]Q1https://example.com/01/09506000134352\n")
        reader.write(b"\x07bad\nOK\n")
        texts = [e.text for e in _events(reader, 2)]
        assert texts == ["https://example.com/01/09506000134352", "OK"]
        assert reader.rejected == 1
    finally:
        reader.close()
    with pytest.raises(DeviceError, match="not connected"):
        reader.write(b"x")


def test_pyserial_options_pass_through() -> None:
    reader = reader_for_url("spy://loop://?file=/dev/null&suffix=tab&baud=115200", do_not_open=True)
    assert isinstance(reader, SerialScanner)
    assert reader.port_url == "spy://loop://?file=%2Fdev%2Fnull"
    assert reader.framing.suffix == "tab"
    assert not reader.is_connected()


def test_serial_url_validation() -> None:
    with pytest.raises(DeviceError, match="no port"):
        reader_for_url("serial://?baud=9600", do_not_open=True)
    with pytest.raises(DeviceError, match="suffix"):
        reader_for_url("serial:///dev/ttyACM0?suffix=bogus", do_not_open=True)
    with pytest.raises(DeviceError, match="unknown option"):
        reader_for_url("serial:///dev/ttyACM0?bauds=9600", do_not_open=True)
    with pytest.raises(DeviceError, match="baud"):
        reader_for_url("serial:///dev/ttyACM0?baud=fast", do_not_open=True)


def test_open_missing_port_raises_device_error(tmp_path: Path) -> None:
    with pytest.raises(DeviceError, match="cannot open"):
        reader_for_url(f"serial://{tmp_path}/no-such-tty")
