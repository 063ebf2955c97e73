# SPDX-License-Identifier: Apache-2.0
"""RFID throughput: R2000 frame parsing with round deduplication, and EPC decoding.

- ``reads_per_s``: 20,000 real-time inventory tag frames of 500 tags (the bytes a reader
  sends, cut into 4 KiB chunks as a serial port delivers them) go through
  :class:`drivers.rfid_frames.FrameParser`, :func:`drivers.rfid_frames.interpret` and a
  :class:`drivers.rfid_rounds.RoundCollector`; the best of five runs. The goal is 20,000
  reads/s, twenty times what a fast reader delivers (about 1,000 reads/s).
- ``bare_parse_reads_per_s``: the parser alone (no interpretation, no dedup), as a baseline.
- ``epc_decodes_per_s``: :func:`drivers.epc.decode_epc` over a mix of SGTIN-96, SSCC-96,
  GRAI-96, GIAI-96 and unknown EPCs.

:func:`run` prints nothing and returns a JSON-ready dict; it runs in about a second on the
caller's thread.
"""

from __future__ import annotations

import time
from typing import Any

from drivers.epc import decode_epc, encode_sgtin96
from drivers.rfid_frames import Frame, FrameParser, build_frame, interpret
from drivers.rfid_rounds import RoundCollector, RoundConfig, TagReport

GOAL_READS_PER_S = 20_000
TAGS = 500
READS = 20_000
CHUNK = 4096


def _stream() -> bytes:
    epcs = [bytes.fromhex(encode_sgtin96("06975123000012", serial, 7, 1)) for serial in range(TAGS)]
    frames = []
    for i in range(READS):
        data = bytes([i % 4, 0x30, 0x00]) + epcs[i % TAGS] + bytes([129 - 40 - i % 30])
        frames.append(build_frame(0x01, 0x89, data))
    return b"".join(frames)


def _parse_and_dedup(stream: bytes) -> tuple[float, int, int]:
    parser = FrameParser()
    collector = RoundCollector(RoundConfig(rssi_floor=-80.0))
    start = time.perf_counter()
    now = 1.0
    for offset in range(0, len(stream), CHUNK):
        for piece in parser.feed(stream[offset : offset + CHUNK], now):
            if type(piece) is Frame:
                report = interpret(piece, now)
                if type(report) is TagReport:
                    collector.add(report)
    finished = collector.end(now + 1, "end")
    elapsed = time.perf_counter() - start
    assert finished is not None
    return elapsed, len(finished.tags), finished.reads


def _bare_parse(stream: bytes) -> float:
    parser = FrameParser()
    start = time.perf_counter()
    for offset in range(0, len(stream), CHUNK):
        parser.feed(stream[offset : offset + CHUNK], 1.0)
    return time.perf_counter() - start


def _epc_mix() -> list[str]:
    return [
        "3074257BF7194E4000001A85",
        "3154257BF4499602D2000000",
        "33B4257BF40C0E4000000190",
        "3434257BF400000000BC6038",
        "E28011606000020000000000",
        *(encode_sgtin96("06975123000012", s, 7, 1) for s in range(1, 96)),
    ]


def run() -> dict[str, Any]:
    """Measure; see the module docstring. Keys: ``reads_per_s``, ``bare_parse_reads_per_s``,
    ``goal_reads_per_s``, ``meets_goal``, ``tags``, ``reads``, ``epc_decodes_per_s``."""
    stream = _stream()
    runs = [_parse_and_dedup(stream) for _ in range(5)]
    best = min(elapsed for elapsed, _, _ in runs)
    _, tags, reads = runs[0]
    bare = min(_bare_parse(stream) for _ in range(5))
    mix = _epc_mix()
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for epc in mix:
            decode_epc(epc)
    decode_s = time.perf_counter() - start
    reads_per_s = READS / best
    return {
        "reads_per_s": round(reads_per_s),
        "bare_parse_reads_per_s": round(READS / bare),
        "goal_reads_per_s": GOAL_READS_PER_S,
        "meets_goal": reads_per_s >= GOAL_READS_PER_S,
        "tags": tags,
        "reads": reads,
        "epc_decodes_per_s": round(rounds * len(mix) / decode_s),
    }
