# SPDX-License-Identifier: Apache-2.0
"""The RFID drivers through their URLs, against the emulators on pty pairs."""

from __future__ import annotations

import queue
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.base import DeviceError, DeviceState, DeviceStatus
from drivers.emulators.rfid_r2000 import R2000Emulator, interleave, shelf, tag_frame
from drivers.emulators.rfid_tsl import TslEmulator
from drivers.emulators.rfid_wire import LineReaderEmulator
from drivers.registry import reader_for_url
from drivers.rfid_lines import LinesReader, looks_like_epc
from drivers.rfid_r2000 import R2000Reader
from drivers.rfid_reader import RfidRoundEvent, RfidTagEvent, SerialRfidReader
from drivers.rfid_rounds import ReadRound
from drivers.rfid_tsl import TslReader

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs os.openpty")

WAIT = 10.0  # bounded waits; never reached when things work


class Watch:
    """A reader's status changes and rejects, through its callbacks."""

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
                status = self.statuses.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if status.state is state:
                return status
        raise AssertionError(f"no {state} status within {WAIT} s")

    def reasons(self) -> list[str]:
        return [self.rejects.get_nowait()[0] for _ in range(self.rejects.qsize())]


def _round(reader: SerialRfidReader) -> ReadRound:
    finished = reader.read_round(WAIT)
    assert finished is not None, "no round within the wait"
    return finished


@pytest.fixture
def r2000() -> Iterator[R2000Emulator]:
    emu = R2000Emulator(announce=False).start()
    yield emu
    emu.close()


@pytest.fixture
def tsl() -> Iterator[TslEmulator]:
    emu = TslEmulator(announce=False).start()
    yield emu
    emu.close()


# -- R2000 ------------------------------------------------------------------------------


def test_r2000_500_tags_20000_reads(r2000: R2000Emulator) -> None:
    tags = shelf(500)
    reads = interleave(
        [(epc, -40.0 - i % 25, 1 + i % 4) for i, (epc, _, _) in enumerate(tags)], 20_000
    )
    reader = reader_for_url(f"{r2000.url}?address=1&gap_ms=300&queue_max=30000")
    assert isinstance(reader, R2000Reader)
    try:
        r2000.queue_round(reads)
        finished = _round(reader)
        assert len(finished.tags) == 500
        assert finished.reads == 20_000
        assert {tag.count for tag in finished.tags} == {40}
        first = finished.tags[0]
        assert (first.epc, first.best_rssi, first.antenna) == (tags[0][0], -40.0, 1)
        assert finished.reason == "gap" and not finished.partial
        events = [reader.read_event(WAIT) for _ in range(20_000)]
        assert all(isinstance(e, RfidTagEvent) and e.kind == "rfid" for e in events)
        assert events[1] is not None and (events[1].text, events[1].antenna) == (tags[1][0], 2)
        assert reader.dropped == 0
    finally:
        reader.close()
    assert reader.status().state is DeviceState.CLOSED


def test_r2000_setup_sent_power_antenna_inventory(r2000: R2000Emulator) -> None:
    reader = reader_for_url(f"{r2000.url}?power=26&antenna=3")
    try:
        r2000.queue_round(shelf(3)).wait(WAIT)
        assert _round(reader).reads == 3
    finally:
        reader.close()
    assert r2000.commands_of(0x76) == [bytes([26])] and r2000.power == 26
    assert r2000.commands_of(0x74) == [b"\x02"] and r2000.antenna == 3
    assert len(r2000.commands_of(0x89)) >= 2  # the inventory is sent again when one ends


def test_r2000_bad_checksum_truncated_and_garbage_skipped(r2000: R2000Emulator) -> None:
    tags = shelf(20)
    good = tag_frame(1, tags[0][0], -50, 1)
    corrupted = good[:-1] + bytes([good[-1] ^ 0xFF])
    items: list[tuple[str, float, int] | bytes] = []
    for i, read in enumerate(interleave(tags, 200)):
        items.append(read)
        if i == 50:
            items.append(corrupted)
        if i == 100:
            items.append(good[:9])  # truncated
        if i == 150:
            items.append(b"\x13\x37\xfe\xa0\x01\x00\x42")  # random bytes, a false head inside
    watch = Watch()
    reader = R2000Reader(f"{r2000.url}?gap_ms=300", on_reject=watch.on_reject)
    reader.open()
    try:
        r2000.queue_round(items)
        finished = _round(reader)
    finally:
        reader.close()
    assert len(finished.tags) == 20
    assert finished.reads == 200
    reasons = watch.reasons()
    assert any("bad checksum" in r for r in reasons)
    assert any("garbage" in r or "impossible" in r for r in reasons)
    assert reader.rejected == len(reasons) >= 3


def test_r2000_unplug_mid_round_reports_partial_and_reconnects(tmp_path: Path) -> None:
    emu = R2000Emulator(link=tmp_path / "r2000", announce=False).start()
    watch = Watch()
    reader = R2000Reader(
        f"{emu.url}?power=20&gap_ms=300&reconnect_ms=10&reconnect_max_ms=50",
        on_status=watch.on_status,
        on_reject=watch.on_reject,
    )
    reader.open()
    try:
        tags = shelf(50)
        emu.queue_round(interleave(tags, 400), unplug_after=250)
        partial = _round(reader)
        assert partial.partial and partial.reason == "disconnected"
        assert partial.reads == 250 and len(partial.tags) == 50
        watch.wait_state(DeviceState.DISCONNECTED)
        assert any("mid-frame" in r for r in watch.reasons())
        emu.replug()
        assert "reconnected" in watch.wait_state(DeviceState.CONNECTED).message
        emu.queue_round(interleave(tags[:10], 100))
        after = _round(reader)
        assert (len(after.tags), after.reads, after.partial) == (10, 100, False)
        assert reader.reconnects == 1
        assert emu.commands_of(0x76) == [bytes([20]), bytes([20])]  # setup sent again
    finally:
        reader.close()
        emu.close()


def test_r2000_reader_error_is_shown_and_retried(r2000: R2000Emulator) -> None:
    r2000.antenna_missing = True
    reader = reader_for_url(f"{r2000.url}")
    assert isinstance(reader, R2000Reader)
    try:
        deadline = time.monotonic() + WAIT
        while reader.last_error is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert reader.last_error is not None and "antenna missing" in reader.last_error
        r2000.antenna_missing = False
        r2000.queue_round(shelf(2))
        assert len(_round(reader).tags) == 2  # retried after a second
    finally:
        reader.close()


def test_r2000_deliver_rounds_as_events(r2000: R2000Emulator) -> None:
    reader = reader_for_url(f"{r2000.url}?deliver=rounds&gap_ms=200")
    try:
        r2000.queue_round(interleave(shelf(5, rssi=-44.0, antenna=2), 50))
        event = reader.read_event(WAIT)
    finally:
        reader.close()
    assert isinstance(event, RfidRoundEvent) and event.kind == "rfid"
    assert event.round is not None and len(event.round.tags) == 5
    assert event.text.split() == [epc for epc, _, _ in shelf(5)]
    assert event.raw.decode().startswith("@rfid ") and ":-44:2" in event.raw.decode()


# -- TSL --------------------------------------------------------------------------------


def _wait_setup(emu: TslEmulator) -> None:
    """Wait until the driver's setup (RSSI lines on) reached the reader."""
    deadline = time.monotonic() + WAIT
    while emu.params["rssi"] is False and time.monotonic() < deadline:
        time.sleep(0.01)
    assert emu.params["rssi"] is True


def test_tsl_setup_and_trigger_round(tsl: TslEmulator) -> None:
    reader = reader_for_url(f"{tsl.url}?power=25")
    assert isinstance(reader, TslReader)
    try:
        deadline = time.monotonic() + WAIT
        while not tsl.commands and time.monotonic() < deadline:
            time.sleep(0.01)
        assert tsl.commands == [".iv -x -n -r on -o 25"]
        assert tsl.params == {"rssi": True, "power": 25}
        tags = [(epc, -50.0 - i) for i, (epc, _, _) in enumerate(shelf(8))]
        tsl.trigger(tags * 4)
        finished = _round(reader)
        assert finished.reason == "end" and len(finished.tags) == 8 and finished.reads == 32
        assert finished.tags[3].best_rssi == -53.0
        event = reader.read_event(WAIT)
        assert isinstance(event, RfidTagEvent) and (event.text, event.rssi) == (tags[0][0], -50.0)
    finally:
        reader.close()


def test_tsl_rssi_floor_and_window_cut_the_neighbouring_shelf(tsl: TslEmulator) -> None:
    shelf_a = [(epc, -45.0) for epc, _, _ in shelf(10)]
    shelf_b_weak = [(epc, -72.0) for epc, _, _ in shelf(6, start=900)]
    shelf_b_near = [(epc, -41.0) for epc, _, _ in shelf(6, start=900)]
    reader = reader_for_url(f"{tsl.url}?rssi_floor=-65&window_ms=300")
    try:
        _wait_setup(tsl)
        # The trigger is held while the reader is turned from shelf A to shelf B.
        tsl.trigger(shelf_a * 3 + shelf_b_weak * 2, 0.6, shelf_b_near + shelf_a)
        finished = _round(reader)
    finally:
        reader.close()
    assert finished.epcs() == [epc for epc, _ in shelf_a]
    assert (finished.reads, finished.below_floor, finished.late) == (30, 12, 16)


def test_tsl_host_inventory_and_no_tag_error(tsl: TslEmulator) -> None:
    reader = reader_for_url(f"{tsl.url}")
    assert isinstance(reader, TslReader)
    try:
        tsl.set_field([(epc, -50.0) for epc, _, _ in shelf(3)])
        reader.inventory()
        assert len(_round(reader).tags) == 3
        tsl.set_field([])
        reader.inventory()
        deadline = time.monotonic() + WAIT
        while reader.last_error is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert reader.last_error == "error 005: No transponder found"
        assert reader.read_round(0.2) is None
    finally:
        reader.close()


def test_tsl_garbage_lines_rejected_and_stream_recovers(tsl: TslEmulator) -> None:
    watch = Watch()
    reader = TslReader(f"{tsl.url}", on_reject=watch.on_reject)
    reader.open()
    try:
        _wait_setup(tsl)
        epcs = [epc for epc, _, _ in shelf(3)]
        tsl.write_raw(b"\xfe\xff\x13garbage\r\n")
        tsl.send_lines("CS: .iv", f"EP: {epcs[0]}", "RI: -50", "EP: NOTHEX", "hello")
        tsl.send_lines(f"EP: {epcs[1]}", "RI: x", f"EP: {epcs[2]}", "OK:", "")
        finished = _round(reader)
    finally:
        reader.close()
    assert finished.epcs() == epcs
    reasons = watch.reasons()
    assert len(reasons) == 4
    assert "non-ASCII" in reasons[0] and "not hex" in reasons[1]
    assert "not a TSL response line" in reasons[2] and "RSSI" in reasons[3]


def test_tsl_unplug_mid_trigger_reports_partial_and_resends_setup(tmp_path: Path) -> None:
    emu = TslEmulator(link=tmp_path / "rfcomm0", announce=False).start()
    watch = Watch()
    reader = TslReader(f"{emu.url}?reconnect_ms=10&reconnect_max_ms=50", on_status=watch.on_status)
    reader.open()
    try:
        _wait_setup(emu)
        epcs = [epc for epc, _, _ in shelf(4)]
        emu.send_lines("CS: .iv", *(f"EP: {e}" for e in epcs), "RI: -50")
        emu.unplug()
        partial = _round(reader)
        assert partial.partial and partial.epcs() == epcs
        watch.wait_state(DeviceState.DISCONNECTED)
        assert emu.params["rssi"] is False  # the reader forgot its setup at power-off
        emu.replug()
        watch.wait_state(DeviceState.CONNECTED)
        _wait_setup(emu)
        emu.trigger([(e, -47.0) for e in epcs])
        after = _round(reader)
        assert after.epcs() == epcs and not after.partial and after.tags[0].best_rssi == -47.0
    finally:
        reader.close()
        emu.close()


# -- line mode --------------------------------------------------------------------------


def test_line_mode_reader_over_a_pty() -> None:
    with LineReaderEmulator(announce=False) as emu:
        watch = Watch()
        reader = LinesReader(f"{emu.url}?gap_ms=200", on_reject=watch.on_reject)
        reader.open()
        try:
            epcs = [epc for epc, _, _ in shelf(5)]
            emu.send_epcs(epcs * 3, lower=True)
            emu.write_raw(b"NOT AN EPC\r\n\x00\x01\r\n")
            finished = _round(reader)
            events = [reader.read_event(WAIT) for _ in range(15)]
        finally:
            reader.close()
    assert finished.epcs() == epcs and {t.count for t in finished.tags} == {3}
    assert finished.tags[0].best_rssi is None and finished.tags[0].antenna is None
    assert [e.text for e in events if e is not None] == epcs * 3
    assert all("not an EPC" in r for r in watch.reasons())


def test_looks_like_epc_for_typed_lines() -> None:
    assert looks_like_epc("3074257bf7194e4000001a85")
    assert not looks_like_epc("06975123000012")
    assert not looks_like_epc("E28011606000020000000000")  # a TID-like number, not an EPC
    assert not looks_like_epc("]C10106975123000012")


# -- URLs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("rfid+r2000://", "no port given"),
        ("rfid+r2000:///dev/ttyUSB0?power=40", "power"),
        ("rfid+r2000:///dev/ttyUSB0?antenna=5", "antenna"),
        ("rfid+tsl:///dev/rfcomm0?mode=auto", "mode"),
        ("rfid+lines:///dev/ttyACM0?bogus=1", "unknown option(s) bogus"),
        ("rfid+tsl:///dev/rfcomm0?rssi_floor=loud", "not a number"),
        ("rfid+r2000:///dev/ttyUSB0?deliver=all", "deliver"),
    ],
)
def test_bad_urls_are_refused_with_reason(url: str, message: str) -> None:
    with pytest.raises(DeviceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        reader_for_url(url, do_not_open=True)


def test_urls_parse_with_options_and_pyserial_urls() -> None:
    reader = reader_for_url(
        "rfid+r2000:///dev/ttyUSB0?baud=38400&rssi_floor=-65&window_ms=1500&min_reads=2",
        do_not_open=True,
    )
    assert isinstance(reader, R2000Reader)
    assert (reader.baud, reader.port_url) == (38400, "/dev/ttyUSB0")
    assert (reader.rounds.rssi_floor, reader.rounds.window_s, reader.rounds.min_reads) == (
        -65.0,
        1.5,
        2,
    )
    bridge = reader_for_url("rfid+r2000://socket://10.0.0.7:4001?power=30", do_not_open=True)
    assert isinstance(bridge, R2000Reader) and bridge.port_url == "socket://10.0.0.7:4001"
    assert reader_for_url("rfid+tsl://COM7", do_not_open=True).kind == "rfid"
    with pytest.raises(DeviceError, match="cannot open"):
        reader_for_url("rfid+lines:///dev/no-such-reader")


def test_line_mode_over_loop_url() -> None:
    reader = reader_for_url("rfid+lines://loop://?gap_ms=100")
    assert isinstance(reader, LinesReader)
    try:
        epc = shelf(1)[0][0]
        reader.write(f"{epc}\r".encode())  # loop:// echoes what is written
        event = reader.read_event(WAIT)
        assert event is not None and event.text == epc
        assert _round(reader).epcs() == [epc]
    finally:
        reader.close()


def test_r2000_inventory_on_demand_is_one_round_per_command(r2000: R2000Emulator) -> None:
    reader = reader_for_url(f"{r2000.url}?inventory=off&gap_ms=5000")
    assert isinstance(reader, R2000Reader)
    try:
        assert reader.read_round(0.2) is None and r2000.commands_of(0x89) == []
        r2000.queue_round(interleave(shelf(7), 70))
        reader.inventory()
        finished = _round(reader)  # ended by the end-of-inventory frame, not the 5 s gap
        assert (finished.reason, len(finished.tags), finished.reads) == ("end", 7, 70)
    finally:
        reader.close()
