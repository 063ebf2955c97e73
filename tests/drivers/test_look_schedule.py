# SPDX-License-Identifier: Apache-2.0
"""When the second looks run: every frame for files, on a schedule for a webcam's empty frames."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp

from drivers.frame_variants import EMPTY_FRAME_LOOK_EVERY, LookSchedule
from drivers.image_decode import decode_image

SET = Path(__file__).resolve().parents[1] / "data" / "barcodes"


def _sample(path: str) -> tuple[np.ndarray, str]:
    entries = json.loads((SET / "manifest.json").read_text(encoding="utf-8"))["images"]
    (entry,) = [e for e in entries if e["path"] == path]
    image = cv2.imread(str(SET / path), cv2.IMREAD_COLOR)
    assert image is not None
    return image, entry["expected"]


def test_a_code_only_a_second_look_reads_waits_for_a_scheduled_frame() -> None:
    # zxing-cpp finds no symbol here at all; pyzbar or a transformed copy reads it
    image, expected = _sample("samples/ean13-4/10.webp")
    assert expected in [c.text for c in decode_image(image)]
    assert decode_image(image, second_looks=None) == []
    assert decode_image(image, second_looks=False) == []


def test_a_symbol_zxing_saw_but_could_not_read_gets_the_second_looks_at_once() -> None:
    image, expected = _sample("samples/ean13-2/12.webp")
    assert expected in [c.text for c in decode_image(image, second_looks=None)]
    assert decode_image(image, second_looks=False) == []


def test_codes_the_first_pass_reads_do_not_depend_on_the_schedule() -> None:
    frame = np.full((480, 640), 235, dtype=np.uint8)
    symbol = zxingcpp.create_barcode("WH-LOC-A-12-03", zxingcpp.BarcodeFormat.QRCode)
    img = np.array(symbol.to_image(scale=4, add_quiet_zones=True), dtype=np.uint8)
    frame[40 : 40 + img.shape[0], 60 : 60 + img.shape[1]] = img
    for looks in (True, None, False):
        assert [c.text for c in decode_image(frame, second_looks=looks)] == ["WH-LOC-A-12-03"]


def test_a_run_of_empty_frames_gets_full_looks_once_every_few_frames() -> None:
    schedule = LookSchedule()
    given = []
    for _ in range(3 * EMPTY_FRAME_LOOK_EVERY):
        given.append(schedule.next())
        schedule.record(False)
    assert given.count(True) == 3
    assert given[:EMPTY_FRAME_LOOK_EVERY] == [True] + [None] * (EMPTY_FRAME_LOOK_EVERY - 1)


def test_after_a_read_the_next_frame_gets_every_look() -> None:
    schedule = LookSchedule()
    schedule.record(False)
    assert schedule.next() is None
    schedule.record(True)
    assert schedule.next() is True


def test_a_schedule_needs_at_least_every_frame() -> None:
    with pytest.raises(ValueError, match="every >= 1"):
        LookSchedule(every=0)


def test_a_webcam_reads_a_code_only_a_second_look_reads_within_a_round() -> None:
    from drivers.camera import CameraReader

    image, expected = _sample("samples/ean13-4/10.webp")
    empty = np.full_like(image, 200)
    reader = CameraReader.from_url("camera://0")  # never opened: frames are handed in
    assert reader._default_decoder(empty) == []  # the first frame had every look
    seen = [[c.text for c in reader._default_decoder(image)] for _ in range(EMPTY_FRAME_LOOK_EVERY)]
    assert seen[:-1] == [[]] * (EMPTY_FRAME_LOOK_EVERY - 1)  # cheap frames in between
    assert expected in seen[-1]


def test_a_video_file_looks_again_at_every_frame(tmp_path: Path) -> None:
    from drivers.camera import CameraReader

    image, expected = _sample("samples/ean13-4/10.webp")
    reader = CameraReader.from_url(f"camera://{tmp_path}")
    for _ in range(EMPTY_FRAME_LOOK_EVERY):
        assert expected in [c.text for c in reader._default_decoder(image)]
