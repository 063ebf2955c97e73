# SPDX-License-Identifier: Apache-2.0
"""``station script``: every directive, the output contract, malformed scripts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIO = """\
# a clerk looks things up; every directive appears once
@clock 2026-11-24T09:30:00+08:00
@device serial:///dev/ttyACM0?baud=9600
$USR-C001
@pin 1111
06975123000012
]C1010697512300001217271231<GS>10ABC123
@qty 12.5
@rfid 3034257BF7194E4000001A85:-52.5:1 3034257BF7194E4000001A86
@text a note
\\@not-a-directive
@wait 60000
@restart
$LOC-A-01-1
@choose 1
"""


def run_script(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "s.txt"
    script.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "station", "script", str(script), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_scenario_with_every_directive(tmp_path: Path) -> None:
    done = run_script(tmp_path, SCENARIO)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["line"] for r in rows] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    # 1 comment, 2 clock, 3 device, 4 badge, 5 PIN, 6 EAN, 7 GS1, 8 qty, 9 rfid, 10 text,
    # 11 escaped scan, 12 wait, 13 restart, 14 location, 15 choose
    for row in rows:
        assert {
            "line",
            "input",
            "outcome",
            "message_key",
            "message",
            "workflow",
            "users",
            "state",
        } <= set(row)
        assert row["outcome"] in ("accepted", "rejected", "pending")
    by_line = {r["line"]: r for r in rows}
    assert by_line[4]["outcome"] == "pending"
    assert by_line[5]["input"] == "@pin ****" and by_line[5]["outcome"] == "accepted"
    assert by_line[6]["state"]["sku"] == "PPE-0001"
    gs1 = by_line[7]
    assert gs1["input"] == "]C1010697512300001217271231<GS>10ABC123"
    assert gs1["state"]["sku"] == "PPE-0001"
    assert by_line[8]["outcome"] == "rejected"  # lookup takes no quantity
    rfid = by_line[9]  # in lookup, an RFID round says what each tag is
    assert (rfid["outcome"], rfid["message_key"]) == ("accepted", "lookup.tags")
    assert [t["epc"] for t in rfid["state"]["tags"]] == [
        "3034257BF7194E4000001A85",
        "3034257BF7194E4000001A86",
    ]
    assert rfid["state"]["tags"][0]["label"] == "GTIN 80614141123458 serial 6789"
    assert rfid["state"]["tags"][0]["rssi"] == -52.5
    assert by_line[11]["input"] == "@not-a-directive"
    assert by_line[11]["outcome"] == "rejected"  # a literal scan, not a directive
    assert by_line[13]["users"][0]["badge"] == "C001"  # still logged in after the restart
    assert by_line[14]["state"]["code"] == "A-01-1"
    menu = by_line[5]["choices"]  # the login offers the workflows a clerk may start
    assert menu and by_line[15]["outcome"] != "rejected"
    assert by_line[15]["workflow"] != "lookup"  # @choose 1 started the first of them


def test_waiting_past_the_idle_limit_logs_out(tmp_path: Path) -> None:
    done = run_script(
        tmp_path,
        "@clock 2026-11-24T09:30:00+08:00\n$USR-C001\n@pin 1111\n@wait 1000000\n06975123000012\n",
    )
    last = json.loads(done.stdout.splitlines()[-1])
    assert last["message_key"] == "login.idle_logout"
    assert last["users"] == []


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("@pin abc", "@pin takes one PIN of digits"),
        ("@qty", "@qty takes the quantity as typed"),
        ("@choose 0", "@choose takes a number from 1"),
        ("@clock yesterday", "@clock takes an ISO 8601 time"),
        ("@wait soon", "@wait takes milliseconds"),
        ("@rfid XYZ", "bad RFID read"),
        ("@fly away", "unknown directive @fly"),
        ("@restart now", "@restart takes no arguments"),
    ],
)
def test_a_malformed_script_stops_before_running(tmp_path: Path, line: str, reason: str) -> None:
    done = run_script(tmp_path, f"$USR-C001\n{line}\n")
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"s.txt:2: {reason}" in done.stderr


def test_a_script_against_a_given_database(tmp_path: Path) -> None:
    db = tmp_path / "prod.db"
    done = run_script(tmp_path, "$USR-C001\n", "--db", str(db))
    assert done.returncode == 0
    row = json.loads(done.stdout)
    assert row["message_key"] == "login.badge_unknown"  # an empty store has no demo users
