# SPDX-License-Identifier: Apache-2.0
"""With zbar missing (pyzbar's import fails), camera:// and image decoding use zxing-cpp alone.

Runs in a child interpreter whose ``import pyzbar`` raises ImportError, as on a machine
without libzbar0, so the rest of the test session keeps its pyzbar.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.data.make_barcode_video import make_image_folder

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys
sys.modules["pyzbar"] = None  # import pyzbar now raises ImportError, as without libzbar0
import cv2
from drivers.image_decode import PYZBAR_AVAILABLE, decode_image
from drivers.registry import reader_for_url
from station.core.system_check import missing_parts

folder = sys.argv[1]
reader = reader_for_url(f"camera://{folder}?fps=0")
assert reader.wait_finished(60.0)
events = []
while (event := reader.read_event(0.0)) is not None:
    events.append([event.symbology, event.aim, event.text])
reader.close()
codes = decode_image(cv2.imread(sys.argv[2]), use_pyzbar=True)
print(json.dumps({
    "available": PYZBAR_AVAILABLE,
    "events": events,
    "image": [[c.symbology, c.text] for c in codes],
    "notes": missing_parts(),
}))
"""


def test_camera_and_image_decoding_work_without_zbar(tmp_path: Path) -> None:
    expected = make_image_folder(tmp_path)
    image = tmp_path / f"{expected[0].first_frame:03d}.png"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path), str(image)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["available"] is False
    assert report["events"] == [[x.symbology, x.aim, x.text] for x in expected]
    assert report["image"] == [[expected[0].symbology, expected[0].text]]
    assert any("zxing-cpp alone" in note for note in report["notes"])
