# SPDX-License-Identifier: Apache-2.0
"""Read rounds: deduplication, RSSI floor, time window, gap, and the `@rfid` script line."""

from __future__ import annotations

import random

from drivers.emulators.rfid_r2000 import shelf
from drivers.rfid_rounds import (
    ReadRound,
    RoundCollector,
    RoundConfig,
    TagReport,
    round_reads,
    script_line,
)
from station.core.engine.inputs import RfidRead, RfidRound
from station.core.script_runner import parse_script

SHELF_A = [epc for epc, _, _ in shelf(10)]
SHELF_B = [epc for epc, _, _ in shelf(6, start=500)]


def _finish(collector: RoundCollector, now: float) -> ReadRound:
    finished = collector.end(now, "end")
    assert finished is not None
    return finished


def test_500_tags_20000_reads_dedup_exactly() -> None:
    tags = [epc for epc, _, _ in shelf(500)]
    rng = random.Random(7)
    counts = {epc: 0 for epc in tags}
    collector = RoundCollector()
    for i in range(20_000):
        epc = tags[i % 500] if i < 10_000 else rng.choice(tags)
        counts[epc] += 1
        collector.add(TagReport(epc, -40.0 - rng.random() * 20, 1 + i % 4, 1.0 + i / 100_000))
    finished = _finish(collector, 2.0)
    assert len(finished.tags) == 500 and finished.reads == 20_000
    assert {t.epc: t.count for t in finished.tags} == counts
    assert finished.epcs()[:3] == tags[:3]  # first seen first


def test_best_rssi_antenna_and_first_last_seen() -> None:
    collector = RoundCollector()
    epc = SHELF_A[0]
    for ts, rssi, antenna in [(1.0, -60.0, 1), (1.1, -48.5, 3), (1.2, -55.0, 2), (1.3, -49.0, 4)]:
        collector.add(TagReport(epc, rssi, antenna, ts))
    (tag,) = _finish(collector, 1.4).tags
    assert (tag.count, tag.first_seen, tag.last_seen) == (4, 1.0, 1.3)
    assert (tag.best_rssi, tag.antenna, tag.antennas) == (-48.5, 3, (1, 2, 3, 4))


def _neighbour_shelf_stream() -> list[TagReport]:
    """Shelf A read strongly; shelf B weakly at once, strongly after the reader was turned."""
    reads = []
    for k in range(5):
        t = 10.0 + k * 0.1
        reads += [TagReport(epc, -45.0 - k, 1, t) for epc in SHELF_A]
        reads += [TagReport(epc, -72.0, 1, t + 0.05) for epc in SHELF_B]
    reads += [TagReport(epc, -42.0, 1, 11.5) for epc in SHELF_B]  # the reader swung over
    return reads


def test_rssi_floor_and_window_cut_the_neighbouring_shelf() -> None:
    collector = RoundCollector(RoundConfig(rssi_floor=-65.0, window_s=1.0))
    collector.begin(10.0)  # trigger pulled
    for report in _neighbour_shelf_stream():
        assert collector.add(report) is None
    finished = _finish(collector, 11.6)  # trigger released
    assert set(finished.epcs()) == set(SHELF_A)
    assert (finished.reads, finished.below_floor, finished.late) == (50, 30, 6)
    assert round_reads(finished)[0] == (SHELF_A[0], -45.0, 1)


def test_without_floor_and_window_the_neighbouring_shelf_is_in() -> None:
    collector = RoundCollector()
    collector.begin(10.0)
    for report in _neighbour_shelf_stream():
        collector.add(report)
    assert set(_finish(collector, 11.6).epcs()) == set(SHELF_A) | set(SHELF_B)


def test_unbounded_round_closes_at_window_and_next_read_starts_another() -> None:
    collector = RoundCollector(RoundConfig(window_s=2.0, gap_s=5.0))
    assert collector.add(TagReport(SHELF_A[0], -50.0, 1, 0.0)) is None
    assert collector.add(TagReport(SHELF_A[1], -50.0, 1, 1.9)) is None
    first = collector.add(TagReport(SHELF_A[2], -50.0, 1, 2.5))
    assert first is not None and first.reason == "window" and first.epcs() == SHELF_A[:2]
    second = collector.poll(4.6)
    assert second is not None and second.reason == "window" and second.epcs() == [SHELF_A[2]]


def test_gap_closes_round_and_floor_reads_do_not_keep_it_open() -> None:
    collector = RoundCollector(RoundConfig(rssi_floor=-60.0, gap_s=0.5))
    collector.add(TagReport(SHELF_A[0], -50.0, 1, 0.0))
    collector.add(TagReport(SHELF_B[0], -70.0, 1, 0.4))  # below the floor
    assert collector.poll(0.45) is None
    finished = collector.poll(0.5)
    assert finished is not None and finished.reason == "gap" and finished.epcs() == [SHELF_A[0]]
    assert collector.poll(5.0) is None  # nothing open


def test_min_reads_leaves_out_stray_tags() -> None:
    collector = RoundCollector(RoundConfig(min_reads=3))
    for i in range(3):
        collector.add(TagReport(SHELF_A[0], -50.0, 1, i * 0.1))
    collector.add(TagReport(SHELF_B[0], -50.0, 1, 0.3))
    finished = _finish(collector, 1.0)
    assert finished.epcs() == [SHELF_A[0]] and finished.sparse == 1


def test_empty_rounds_are_not_reported() -> None:
    collector = RoundCollector(RoundConfig(rssi_floor=-60.0))
    collector.begin(0.0)
    collector.add(TagReport(SHELF_A[0], -80.0, 1, 0.1))
    assert collector.end(0.2, "end") is None


def test_partial_round_at_disconnect() -> None:
    collector = RoundCollector()
    collector.add(TagReport(SHELF_A[0], None, None, 0.0))
    finished = collector.end(0.1, "disconnected", partial=True)
    assert finished is not None and finished.partial and finished.reason == "disconnected"
    assert round_reads(finished) == [(SHELF_A[0], None, None)]


def test_script_line_carries_rssi_and_antenna_into_an_rfid_round() -> None:
    collector = RoundCollector()
    collector.add(TagReport(SHELF_A[0], -47.0, 2, 0.0))
    collector.add(TagReport(SHELF_A[1], -51.5, 1, 0.1))
    collector.add(TagReport(SHELF_A[2], None, None, 0.2))
    line = script_line(_finish(collector, 1.0))
    assert line == f"@rfid {SHELF_A[0]}:-47:2 {SHELF_A[1]}:-51.5:1 {SHELF_A[2]}"
    steps = parse_script(f"{line}\n", "round.txt")
    (step,) = [s for s in steps if s.line.kind == "directive"]
    assert RfidRound(step.value) == RfidRound(
        (
            RfidRead(SHELF_A[0], -47.0, 2),
            RfidRead(SHELF_A[1], -51.5, 1),
            RfidRead(SHELF_A[2], None, None),
        )
    )
