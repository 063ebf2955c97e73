# SPDX-License-Identifier: Apache-2.0
"""R2000 "0xA0" frames: golden frames from the protocol documentation, resynchronisation.

The golden frames are in /work/shared/reference/rfid-reader-protocols.md §a (recomputed there
from the vendor's protocol guide). The driver's builder and parser and the emulator's own
frame builder are both checked against them, so neither can carry a misreading to the other.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.emulators import rfid_r2000 as emulator
from drivers.rfid_frames import (
    Frame,
    FrameParser,
    InventoryEnd,
    ReaderError,
    Rejected,
    build_frame,
    checksum,
    firmware_version_command,
    interpret,
    inventory_command,
    output_power_command,
    work_antenna_command,
)
from drivers.rfid_rounds import TagReport

INVENTORY_ADDR1_REPEAT1 = bytes.fromhex("A0 04 01 89 01 D1")
INVENTORY_BROADCAST_FF = bytes.fromhex("A0 04 FF 89 FF D5")
FIRMWARE_BROADCAST = bytes.fromhex("A0 03 FF 72 EC")
TAG_FRAME = bytes.fromhex("A0 13 01 89 00 30 00 30 74 25 7B F7 19 4E 40 00 00 1A 85 4F C3")
END_FRAME = bytes.fromhex("A0 0A 01 89 00 00 20 00 00 00 40 6C")
GOLDEN = [INVENTORY_ADDR1_REPEAT1, INVENTORY_BROADCAST_FF, FIRMWARE_BROADCAST, TAG_FRAME, END_FRAME]


def test_golden_commands_are_built_exactly() -> None:
    assert inventory_command(0x01, 1) == INVENTORY_ADDR1_REPEAT1
    assert inventory_command(0xFF, 0xFF) == INVENTORY_BROADCAST_FF
    assert firmware_version_command() == FIRMWARE_BROADCAST


@pytest.mark.parametrize("golden", GOLDEN)
def test_golden_checksums(golden: bytes) -> None:
    assert checksum(golden[:-1]) == golden[-1]
    assert sum(golden) % 256 == 0
    assert golden[1] == len(golden) - 2  # Len counts the bytes after it


def test_emulator_builds_the_golden_reader_frames() -> None:
    assert emulator.tag_frame(0x01, "3074257BF7194E4000001A85", -50, 1) == TAG_FRAME
    assert emulator.end_frame(0x01, 1, 0x0020, 0x40) == END_FRAME
    assert emulator.frame(0xFF, 0x72) == FIRMWARE_BROADCAST


def test_golden_tag_frame_decodes() -> None:
    (frame,) = FrameParser().feed(TAG_FRAME, 1.0)
    assert isinstance(frame, Frame)
    assert (frame.address, frame.cmd) == (0x01, 0x89)
    report = interpret(frame, 1.0)
    assert report == TagReport("3074257BF7194E4000001A85", -50.0, 1, 1.0, 0x3000)


def test_golden_end_frame_decodes() -> None:
    (frame,) = FrameParser().feed(END_FRAME, 1.0)
    assert isinstance(frame, Frame)
    assert interpret(frame, 1.0) == InventoryEnd(antenna=1, rate=0x20, total=0x40)


def test_error_and_setting_replies() -> None:
    (missing,) = FrameParser().feed(build_frame(0x01, 0x89, b"\x22"), 0.0)
    assert isinstance(missing, Frame)
    error = interpret(missing, 0.0)
    assert isinstance(error, ReaderError) and "antenna missing" in error.message
    (ok,) = FrameParser().feed(build_frame(0x01, 0x76, b"\x10"), 0.0)
    assert isinstance(ok, Frame) and not isinstance(interpret(ok, 0.0), ReaderError)
    assert output_power_command(1, 26) == build_frame(1, 0x76, bytes([26]))
    assert work_antenna_command(1, 4) == build_frame(1, 0x74, b"\x03")


def test_antenna_and_rssi_fields() -> None:
    frame = emulator.tag_frame(0x01, "3074257BF7194E4000001A85", -71, 3, channel=12)
    (parsed,) = FrameParser().feed(frame, 0.0)
    assert isinstance(parsed, Frame)
    report = interpret(parsed, 0.0)
    assert isinstance(report, TagReport)
    assert (report.antenna, report.rssi) == (3, -71.0)


def test_frames_split_at_every_byte_boundary() -> None:
    stream = TAG_FRAME + END_FRAME + TAG_FRAME
    for cut in range(1, len(stream)):
        parser = FrameParser()
        out = parser.feed(stream[:cut], 0.0) + parser.feed(stream[cut:], 0.0)
        assert [type(x) for x in out] == [Frame, Frame, Frame]


def test_garbage_is_skipped_with_reason() -> None:
    out = FrameParser().feed(b"\x00\x13\x55" + TAG_FRAME, 0.0)
    assert isinstance(out[0], Rejected) and "garbage" in out[0].reason
    assert out[0].raw == b"\x00\x13\x55"
    assert isinstance(out[1], Frame)


def test_bad_checksum_dropped_and_next_frame_kept() -> None:
    bad = TAG_FRAME[:-1] + bytes([TAG_FRAME[-1] ^ 0x01])
    out = FrameParser().feed(bad + END_FRAME, 0.0)
    assert isinstance(out[0], Rejected) and "bad checksum" in out[0].reason
    assert out[-1] == Frame(0x01, 0x89, END_FRAME[4:-1])
    assert sum(isinstance(x, Frame) for x in out) == 1


def test_truncated_frame_followed_by_good_frames() -> None:
    out = FrameParser().feed(TAG_FRAME[:9] + TAG_FRAME + END_FRAME, 0.0)
    frames = [x for x in out if isinstance(x, Frame)]
    assert [interpret(f, 0.0).__class__ for f in frames] == [TagReport, InventoryEnd]
    assert any(isinstance(x, Rejected) and "checksum" in x.reason for x in out)


def test_truncated_frame_at_end_of_burst_dropped_after_quiet() -> None:
    parser = FrameParser(partial_s=0.5)
    assert parser.feed(TAG_FRAME[:10], 0.0) == []
    assert parser.poll(0.4) == []
    (dropped,) = parser.poll(0.6)
    assert isinstance(dropped, Rejected) and "truncated" in dropped.reason
    assert [type(x) for x in parser.feed(TAG_FRAME, 1.0)] == [Frame]


def test_epc_length_must_match_pc() -> None:
    data = bytearray(TAG_FRAME[4:-1])
    data[1] = 0x28  # PC says 5 words, the frame holds 6
    (frame,) = FrameParser().feed(build_frame(0x01, 0x89, bytes(data)), 0.0)
    assert isinstance(frame, Frame)
    rejected = interpret(frame, 0.0)
    assert isinstance(rejected, Rejected) and "does not match PC" in rejected.reason


def test_random_bytes_between_frames_recover_every_frame() -> None:
    rng = random.Random(4)
    frames = [emulator.tag_frame(1, f"30{i:022X}", -50, 1) for i in range(200)]
    stream = b""
    for i, frame in enumerate(frames):
        noise = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 12)))
        if i % 3 == 0:
            noise += b"\xa0"  # a false frame head whose "length" reaches into the next frame
        stream += noise + frame
    parser = FrameParser()
    out = []
    for i in range(0, len(stream), 37):
        out += parser.feed(stream[i : i + 37], 0.0)
    out += parser.poll(1.0)  # a false head near the end waits for bytes that never come
    reports = [interpret(x, 0.0) for x in out if isinstance(x, Frame)]
    assert [r.epc for r in reports if isinstance(r, TagReport)] == [
        f"30{i:022X}" for i in range(200)
    ]
    assert all(x.reason for x in out if isinstance(x, Rejected))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=1, max_value=64))
def test_arbitrary_bytes_never_crash_and_stream_recovers(noise: bytes, chunk: int) -> None:
    parser = FrameParser()
    out = []
    for i in range(0, len(noise), chunk):
        out += parser.feed(noise[i : i + chunk], 0.0)
    for item in out:
        if isinstance(item, Frame):
            interpret(item, 0.0)
    out = parser.poll(10.0) + parser.feed(TAG_FRAME + TAG_FRAME, 11.0)
    # After the noise, the first good frame may be absorbed by a noise frame's length; the
    # second one is always found.
    assert any(isinstance(x, Frame) and interpret(x, 0.0).__class__ is TagReport for x in out)
