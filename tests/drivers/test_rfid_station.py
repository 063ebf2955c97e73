# SPDX-License-Identifier: Apache-2.0
"""From a handheld's trigger pull to a bulk count: the TSL emulator, the real driver with an
RSSI floor and a time window, the round written as an ``@rfid`` line, and ``station script``
counting CC-0001 of the demo warehouse with it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from drivers.emulators.rfid_r2000 import shelf
from drivers.emulators.rfid_tsl import TslEmulator
from drivers.epc import count_by_gtin
from drivers.registry import reader_for_url
from drivers.rfid_reader import SerialRfidReader
from drivers.rfid_rounds import ReadRound, script_line

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs os.openpty")

WAIT = 10.0
SHELF_A = [(epc, -46.0) for epc, _, _ in shelf(10)]  # PPE-0001 serials 1-10, in front
SHELF_B_WEAK = [(epc, -71.0) for epc, _, _ in shelf(6, start=501)]  # next shelf, through it
SHELF_B_NEAR = [(epc, -43.0) for epc, _, _ in shelf(6, start=501)]  # after turning the reader


def _trigger_round(options: str) -> ReadRound:
    with TslEmulator(announce=False) as emu:
        reader = reader_for_url(f"{emu.url}?{options}")
        assert isinstance(reader, SerialRfidReader)
        try:
            deadline = time.monotonic() + WAIT
            while emu.params["rssi"] is False and time.monotonic() < deadline:
                time.sleep(0.01)
            emu.trigger(SHELF_A * 4 + SHELF_B_WEAK * 2, 0.6, SHELF_B_NEAR * 2 + SHELF_A)
            finished = reader.read_round(WAIT)
        finally:
            reader.close()
    assert finished is not None
    return finished


def _count(demo_template: Path, tmp_path: Path, finished: ReadRound) -> dict[str, Any]:
    db = tmp_path / "count.db"
    shutil.copyfile(demo_template, db)
    script = tmp_path / "count.txt"
    script.write_text(
        "@clock 2026-11-24T09:30:00+08:00\n$USR-N001\n@pin 2222\nCC-0001\n"
        f"@device {finished.source_url}\n{script_line(finished)}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "station", "script", "--db", str(db), str(script)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    last: dict[str, Any] = rows[-1]
    return last


def test_floor_and_window_cut_the_next_shelf_out_of_the_count(
    demo_template: Path, tmp_path: Path
) -> None:
    finished = _trigger_round("rssi_floor=-65&window_ms=300")
    assert finished.epcs() == [epc for epc, _ in SHELF_A]
    assert count_by_gtin(finished.epcs()).items == {"06975123000012": 10}
    outcome = _count(demo_template, tmp_path, finished)
    assert outcome["state"]["rfid"] == {"new": 10, "repeated": 0, "not_items": 0}


def test_without_them_the_next_shelf_is_counted_too(demo_template: Path, tmp_path: Path) -> None:
    finished = _trigger_round("gap_ms=1500")
    assert len(finished.tags) == 16
    assert script_line(finished).startswith(f"@rfid {SHELF_A[0][0]}:-46:1 ")
    outcome = _count(demo_template, tmp_path, finished)
    assert outcome["state"]["rfid"]["new"] == 16
