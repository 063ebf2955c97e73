# SPDX-License-Identifier: Apache-2.0
"""decode_files: one JSON-ready dict per file, videos de-duplicated, bad files reported."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers import image_decode
from drivers.decode_files import decode_files
from tests.data.make_barcode_video import Segment, make_image_folder, make_video

KEYS = {"symbology", "aim", "text", "gtin", "gs1", "fields", "frame"}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("decode")
    make_video(root / "clip.avi")
    make_image_folder(
        root / "img",
        (
            Segment(1, "Code128", "(01)09506000134376(10)AB12", gs1=True, scale=2),
            Segment(1),
        ),
    )
    (root / "broken.png").write_bytes(b"\x89PNG not really")
    return {
        "video": root / "clip.avi",
        "gs1": root / "img" / "000.png",
        "empty": root / "img" / "001.png",
        "broken": root / "broken.png",
        "missing": root / "nope.jpg",
    }


def test_video_codes_are_listed_once_with_their_first_frame(files: dict[str, Path]) -> None:
    (result,) = decode_files([str(files["video"])])
    assert result["file"] == str(files["video"]) and result["error"] is None
    codes = result["codes"]
    assert all(set(c) == KEYS for c in codes)
    assert [(c["symbology"], c["text"], c["frame"]) for c in codes] == [
        ("ean13", "4006381333931", 4),
        ("qrcode", "WH-LOC-A-12-03", 16),
        ("gs1-128", "010950600013437610AB12", 28),
        ("gs1-datamatrix", "010950600013437617271231", 40),
        ("code128", "PALLET-0042", 52),
    ]
    ean = codes[0]
    assert ean["gtin"] == "04006381333931" and ean["gs1"] is None
    dm = codes[3]
    assert dm["gs1"] == {"01": "09506000134376", "17": "271231"}
    assert dm["fields"]["expiry"] == "2027-12-31"
    json.dumps(result)  # JSON-ready as it is


def test_images_report_frame_zero_and_gs1_fields(files: dict[str, Path]) -> None:
    gs1, empty = decode_files([str(files["gs1"]), str(files["empty"])])
    assert gs1["error"] is None
    assert gs1["codes"] == [
        {
            "symbology": "gs1-128",
            "aim": "]C1",
            "text": "010950600013437610AB12",
            "gtin": "09506000134376",
            "gs1": {"01": "09506000134376", "10": "AB12"},
            "fields": {"gtin": "09506000134376", "lot": "AB12"},
            "frame": 0,
        }
    ]
    assert empty == {"file": str(files["empty"]), "codes": [], "error": None}


def test_unreadable_files_get_an_error_and_the_rest_go_on(files: dict[str, Path]) -> None:
    names = [str(files[k]) for k in ("missing", "broken", "gs1")]
    missing, broken, good = decode_files(names)
    assert missing["codes"] == [] and "no such file" in str(missing["error"])
    assert broken["codes"] == [] and "not an image" in str(broken["error"])
    assert good["error"] is None and len(good["codes"]) == 1


def test_check_digit_failures_are_dropped_and_logged(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    bad = image_decode._Candidate(
        "zxing", "ean13", "]E0", "4006381333932", b"", ((0, 0), (1, 0), (1, 1), (0, 1))
    )
    monkeypatch.setattr(
        image_decode,
        "_zxing_candidates",
        lambda gray, wanted, **look: [bad] if look.get("look") is None else [],
    )
    with caplog.at_level(logging.WARNING, logger="drivers.decode_files"):
        (result,) = decode_files([str(files["empty"])], use_pyzbar=False)
    assert result["codes"] == [] and result["error"] is None
    assert any("check digit mismatch" in r.getMessage() for r in caplog.records)


def test_frame_step_must_be_positive() -> None:
    with pytest.raises(ValueError):
        list(decode_files([], frame_step=0))


def test_frame_step_skips_frames(files: dict[str, Path]) -> None:
    (result,) = decode_files([str(files["video"])], frame_step=5)
    frames = [c["frame"] for c in result["codes"]]
    assert frames and all(f % 5 == 0 for f in frames)


def test_grey_images_work(tmp_path: Path) -> None:
    path = tmp_path / "grey.png"
    cv2.imwrite(str(path), np.full((50, 50), 200, np.uint8))
    assert next(decode_files([str(path)]))["codes"] == []


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` (a decompression bomb's shape)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_an_image_claiming_60000_by_60000_is_refused_and_the_batch_goes_on(
    files: dict[str, Path], tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_claiming(60000, 60000))
    big = tmp_path / "big.png"
    big.write_bytes(_png_claiming(8000, 6000))  # above the station's limit, below Pillow's
    results = list(decode_files([str(bomb), str(big), str(files["gs1"])]))
    assert [r["file"] for r in results] == [str(bomb), str(big), str(files["gs1"])]
    for refused in results[:2]:
        assert refused["codes"] == []
        assert "more than 40,000,000 pixels" in (refused["error"] or "")
    assert results[2]["error"] is None
    assert [c["text"] for c in results[2]["codes"]] == ["010950600013437610AB12"]
