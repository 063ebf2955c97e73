# SPDX-License-Identifier: Apache-2.0
"""The station's decoder on the public set (tests/data/barcodes) and the degraded set.

Per format it must read at least as many images as zxing-cpp and pyzbar together (an image
read by either), and it must not return a wrong text that bare zxing-cpp does not also return
for that image (the public set holds a few pictures with a second genuine code, and bare
zxing-cpp has misreads of its own). The sets are required: a missing set fails with its path.
Speed is a benchmark figure (``python -m bench decoders``), not a test.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import cv2
import pytest
import zxingcpp
from pyzbar import pyzbar

from bench.decoders import BENCHMARK_DIR, SET_DISAGREEMENTS
from bench.degraded_set import make_set
from drivers.image_decode import decode_image

BENCHMARK = BENCHMARK_DIR


@pytest.fixture(scope="module")
def results() -> list[dict[str, Any]]:
    manifest = BENCHMARK / "manifest.json"
    if not manifest.is_file():
        pytest.fail(f"benchmark set missing: {manifest} not found (see the test's docstring)")
    rows = []
    for entry in json.loads(manifest.read_text(encoding="utf-8"))["images"]:
        img = cv2.imread(str(BENCHMARK / entry["path"]), cv2.IMREAD_COLOR)
        assert img is not None, f"unreadable benchmark image {entry['path']}"
        gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
        zx = [b.text for b in zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.Plain)]
        pz = [d.data.decode("utf-8", errors="replace") for d in pyzbar.decode(gray)]
        ours = decode_image(img)
        rows.append({**entry, "zxing": zx, "pyzbar": pz, "ours": [c.text for c in ours]})
    return rows


def _reads(rows: list[dict[str, Any]], who: str) -> Counter[str]:
    return Counter(r["format"] for r in rows if r["expected"] in r[who])


def _decode_all(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for entry in entries:
        img = entry["image"]
        gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
        zx = [b.text for b in zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.Plain)]
        pz = [d.data.decode("utf-8", errors="replace") for d in pyzbar.decode(gray)]
        ours = [c.text for c in decode_image(img)]
        rows.append({**entry, "image": None, "zxing": zx, "pyzbar": pz, "ours": ours})
        rows[-1]["either"] = zx + pz
    return rows


@pytest.fixture(scope="module")
def degraded() -> list[dict[str, Any]]:
    return _decode_all(make_set())


def _at_least_either(rows: list[dict[str, Any]]) -> None:
    ours, either = _reads(rows, "ours"), _reads(rows, "either")
    for fmt in {r["format"] for r in rows}:
        assert ours[fmt] >= either[fmt], (fmt, ours[fmt], either[fmt])
    assert sum(ours.values()) > sum(either.values())


def test_reads_at_least_either_decoder_per_format(results: list[dict[str, Any]]) -> None:
    for row in results:
        row["either"] = row["zxing"] + row["pyzbar"]
    _at_least_either(results)
    assert sum(r["expected"] in r["ours"] for r in results) / len(results) >= 0.9


def test_degraded_set_reads_at_least_either_without_wrong_reads(
    degraded: list[dict[str, Any]],
) -> None:
    assert len(degraded) == 144
    _at_least_either(degraded)
    wrong = [
        (r["path"], t)
        for r in degraded
        for t in r["ours"]
        if t != r["expected"] and t not in r["zxing"]
    ]
    assert wrong == []


def test_no_wrong_reads_beyond_bare_zxing(results: list[dict[str, Any]]) -> None:
    wrong = []
    for row in results:
        for text in row["ours"]:
            if text == row["expected"] or text in row["zxing"]:
                continue
            if SET_DISAGREEMENTS.get(row["path"], ("",))[0] == text:
                continue
            wrong.append((row["path"], row["expected"], text))
    assert wrong == []


def test_pyzbar_misreads_of_the_set_are_caught(results: list[dict[str, Any]]) -> None:
    """Known zbar misreads with valid check digits, where zxing-cpp read nothing, are refused."""
    by_path = {r["path"]: r for r in results}
    for path, bad in [
        ("samples/upca-2/38.webp", "0022121000066"),
        ("samples/upca-5/32.webp", "0002780000034"),
        ("samples/upca-4/6.webp", "9074932437075"),
        ("samples/ean13-4/19.webp", "8882412014989"),
    ]:
        assert bad in by_path[path]["pyzbar"], path
        assert not by_path[path]["zxing"], path
        assert bad not in by_path[path]["ours"], path


def test_gs1_and_dmre_data_matrix_keep_separators_and_iso_identifier() -> None:
    img = cv2.imread(str(BENCHMARK / "samples/datamatrix-4/gs1-figure-4.15.1-2-44x20.png"))
    assert img is not None
    (code,) = decode_image(img)
    assert (code.symbology, code.aim) == ("gs1-datamatrix", "]d2")
    assert code.text.startswith("01095040000591012112345678p901\x1d10")
