# SPDX-License-Identifier: Apache-2.0
"""The scanner commands' contracts, as a script sees them: `station parse --json`,
`station decode --json` and `station devices`, run as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from station.cli import main
from tests.data.make_barcode_video import Segment, make_image_folder, make_video

ROOT = Path(__file__).resolve().parents[1]
PARSE_KEYS = {"input", "symbology", "aim", "gtin", "gs1", "fields", "error"}
CODE_KEYS = {"symbology", "aim", "text", "gtin", "gs1", "fields", "frame"}
GS = "\x1d"


def station(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "station", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


def parse(text: str) -> tuple[int, dict[str, Any]]:
    done = station("parse", "--json", text)
    lines = done.stdout.splitlines()
    assert len(lines) == 1, done.stdout + done.stderr
    return done.returncode, json.loads(lines[0])


# -- station parse ---------------------------------------------------------------------------


def test_parse_a_valid_gs1_128_scan_with_gs() -> None:
    code, obj = parse("]C10109501101530003<GS>17270131")
    assert code == 0
    assert obj == {
        "input": f"]C10109501101530003{GS}17270131",
        "symbology": "gs1-128",
        "aim": "]C1",
        "gtin": "09501101530003",
        "gs1": {"01": "09501101530003", "17": "270131"},
        "fields": {"gtin": "09501101530003", "expiry": "2027-01-31"},
        "error": None,
    }


def test_parse_a_variable_length_field_before_gs_and_a_quantity() -> None:
    code, obj = parse("]d21009876<GS>0109501101530003<GS>3024")
    assert code == 0, obj
    assert obj["symbology"] == "gs1-datamatrix" and obj["aim"] == "]d2"
    assert obj["gs1"] == {"10": "09876", "01": "09501101530003", "30": "24"}
    assert obj["fields"]["lot"] == "09876"
    assert obj["fields"]["quantity"] == "24"  # a string, never a float


def test_parse_a_plain_ean_normalises_the_gtin_to_14_digits() -> None:
    code, obj = parse("6975123000012")
    assert code == 0
    assert set(obj) == PARSE_KEYS
    assert obj["gtin"] == "06975123000012" and obj["gs1"] is None and obj["error"] is None


def test_parse_end_of_month_day_00() -> None:
    code, obj = parse("(01)09501101530003(17)270200")
    assert code == 0
    assert obj["fields"]["expiry"] == "2027-02-28"


# Every failure kind of docs/gs1.md with its documented example: exit 1, the object printed.
FAILURES = [
    ("empty", "]C1"),
    ("bad_character", "]C199~ABC"),
    ("bad_check_digit", "]C10109521234543214"),
    ("bad_check_characters", "(8013)1987654Ad4X4bL5ttr2310cXK"),
    ("bad_date", "]C117210230"),
    ("bad_value", "(8026)123456789012310302"),
    ("bad_gtin_length", "]E012345"),
    ("unknown_ai", "]C12312345"),
    ("value_too_short", "]C1011234567890123"),
    ("value_too_long", "]C110AAAAAAAAAAAAAAAAAAAAA"),
    ("missing_separator", "]C180050001230109521234543213"),
    ("ambiguous_no_separator", "010703206980498810032915210526"),
    ("duplicate_ai_conflict", "]C110ABC<GS>10ABD"),
    ("invalid_pair", "]C10109521234543213<GS>0209521234543213"),
    ("bad_digital_link", "https://id.gs1.org/01/09521234543213/21/X/10/Y"),
    ("not_gs1", "]C1HELLO"),
]


@pytest.mark.parametrize(("kind", "text"), FAILURES, ids=[k for k, _ in FAILURES])
def test_parse_each_failure_kind_exits_1_with_the_object(
    kind: str, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # In-process through the same entry point `python -m station` calls (one interpreter start
    # per kind would cost half a second each); the subprocess test below holds the wiring.
    code = main(["parse", "--json", text])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert code == 1
    assert set(obj) == PARSE_KEYS
    assert obj["input"] == text.replace("<GS>", GS)
    assert set(obj["error"]) == {"code", "ai", "message"}
    assert obj["error"]["code"] == kind
    assert obj["error"]["message"]  # a sentence for the clerk
    assert obj["gs1"] is None and obj["gtin"] is None and obj["fields"] == {}  # nothing half-parsed


@pytest.mark.parametrize("kind", ["bad_check_digit", "missing_separator", "empty"])
def test_parse_failures_exit_1_from_the_command_line(kind: str) -> None:
    text = dict(FAILURES)[kind]
    code, obj = parse(text)
    assert code == 1
    assert obj["error"]["code"] == kind and obj["input"] == text.replace("<GS>", GS)


def test_parse_a_mistyped_ean_names_the_check_digit() -> None:
    code, obj = parse("6975123000013")
    assert code == 1
    assert obj["error"]["code"] == "bad_check_digit"
    assert "check digit" in obj["error"]["message"]


# -- station decode --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli-decode")
    make_video(root / "clip.avi")
    make_image_folder(
        root / "img",
        (
            Segment(1, "Code128", "(01)09506000134376(10)AB12", gs1=True, scale=2),
            Segment(1, "EAN13", "400638133393"),
            Segment(1),
        ),
    )
    (root / "broken.png").write_bytes(b"\x89PNG not really an image")
    return {
        "video": root / "clip.avi",
        "gs1": root / "img" / "000.png",
        "ean": root / "img" / "001.png",
        "empty": root / "img" / "002.png",
        "broken": root / "broken.png",
    }


def decode(*files: Path) -> tuple[int, list[dict[str, Any]], str]:
    done = station("decode", "--json", *map(str, files))
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()], done.stderr


def test_decode_images_one_object_per_file(media: dict[str, Path]) -> None:
    code, objs, _ = decode(media["gs1"], media["ean"], media["empty"])
    assert code == 0
    assert [o["file"] for o in objs] == [str(media[k]) for k in ("gs1", "ean", "empty")]
    assert all(set(o) == {"file", "codes", "error"} and o["error"] is None for o in objs)
    (gs1,) = objs[0]["codes"]
    assert set(gs1) == CODE_KEYS
    assert (gs1["symbology"], gs1["aim"]) == ("gs1-128", "]C1")
    assert gs1["text"] == "010950600013437610AB12"  # (01) is fixed-length: no GS needed
    assert gs1["gs1"] == {"01": "09506000134376", "10": "AB12"}
    assert gs1["gtin"] == "09506000134376" and gs1["fields"]["lot"] == "AB12"
    assert gs1["frame"] == 0
    (ean,) = objs[1]["codes"]
    assert (ean["symbology"], ean["aim"], ean["text"]) == ("ean13", "]E0", "4006381333931")
    assert ean["gtin"] == "04006381333931" and ean["gs1"] is None
    assert objs[2]["codes"] == []


def test_decode_a_video_deduplicates_codes_with_their_first_frame(media: dict[str, Path]) -> None:
    code, (obj,), _ = decode(media["video"])
    assert code == 0 and obj["error"] is None
    seen = [(c["symbology"], c["text"], c["frame"]) for c in obj["codes"]]
    assert seen == [
        ("ean13", "4006381333931", 4),
        ("qrcode", "WH-LOC-A-12-03", 16),
        ("gs1-128", "010950600013437610AB12", 28),
        ("gs1-datamatrix", "010950600013437617271231", 40),
        ("code128", "PALLET-0042", 52),
    ]  # the EAN-13 shown again (upside down) at frame 63 is not listed twice
    dm = obj["codes"][3]
    assert dm["fields"]["expiry"] == "2027-12-31"


def test_decode_an_unreadable_file_gets_an_error_and_the_others_go_on(
    media: dict[str, Path], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.jpg"
    code, objs, _ = decode(media["broken"], missing, media["ean"])
    assert code == 1
    assert [o["file"] for o in objs] == [str(media["broken"]), str(missing), str(media["ean"])]
    for obj in objs[:2]:
        assert obj["codes"] == [] and isinstance(obj["error"], str) and obj["error"]
    assert objs[2]["error"] is None
    assert [c["text"] for c in objs[2]["codes"]] == ["4006381333931"]


# -- station devices -------------------------------------------------------------------------


def test_devices_lists_something_with_a_url_or_says_none_found() -> None:
    done = station("devices")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines
    if not lines[0].startswith("no devices found"):
        assert all("://" in line or "(" in line for line in lines)


def test_devices_test_prints_the_next_scans() -> None:
    done = station("devices", "--test", "fake://?scans=A,B", "--count", "2", "--timeout", "10")
    assert done.returncode == 0, done.stderr
    assert [line.split()[-1] for line in done.stdout.splitlines()] == ["A", "B"]


def test_devices_test_shows_gs_and_the_aim_identifier() -> None:
    done = station("devices", "--test", "fake://?scans=]C10109501101530003<GS>10AB", "--count", "1")
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert "gs1-128" in line and "]C1" in line and "0109501101530003<GS>10AB" in line


def test_devices_test_with_a_bad_url_is_one_clear_line() -> None:
    done = station("devices", "--test", "nosuch://x", "--count", "1", "--timeout", "1")
    assert done.returncode == 2
    assert done.stderr.startswith("station: ") and "known schemes" in done.stderr
    assert "Traceback" not in done.stderr


def test_devices_test_with_no_scans_exits_1() -> None:
    done = station("devices", "--test", "fake://", "--count", "1", "--timeout", "0.5")
    assert done.returncode == 1
    assert "no scan received" in done.stderr
