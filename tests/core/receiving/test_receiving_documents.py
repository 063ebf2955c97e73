# SPDX-License-Identifier: Apache-2.0
"""What receiving hands on: the discrepancy PDF, the batch labels, the quarantine snapshot."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import pytest
import zxingcpp

from labels import build_labels, render_pdf
from labels.data_json import data_from_json
from station.core.clock import ManualClock
from station.core.engine.inputs import Outcome, Pin, Scan
from station.core.engine.session import Engine
from station.core.receiving.documents import render_discrepancy_pdf
from station.core.receiving.store import quarantine_line
from station.core.store.database import Store
from station.snapshots import attach_snapshot, snapshot_folder

DATA = Path(__file__).parents[2] / "data"


def scan(engine: Engine, text: str) -> Outcome:
    return engine.handle(Scan(text, device_url="test://"))


def receive_with_differences(engine: Engine) -> Outcome:
    """PO-2026-0003: 40 of 48 terminal blocks, 60 of 48 batteries (approved), no bubble
    wrap, an unknown GTIN in quarantine."""
    scan(engine, "$USR-C001")
    engine.handle(Pin("1111"))
    scan(engine, "PO-2026-0003")
    scan(engine, "16975123000354")
    scan(engine, "16975123000354")
    scan(engine, "]C1020697512300048717280630\x1d3760\x1d10BA2611")
    scan(engine, "$USR-S001")
    engine.handle(Pin("3333"))
    scan(engine, "16975123000613")
    scan(engine, "4006381333931")
    scan(engine, "$LOC-B-02-1")
    return scan(engine, "$CMD-DONE")


def effect(outcome: Outcome, kind: str) -> dict[str, Any]:
    return next(e for e in outcome.effects if e["kind"] == kind)


@pytest.mark.skipif(sys.platform == "win32", reason="needs poppler-utils")
def test_the_discrepancy_pdf_shows_the_figures(engine: Engine, tmp_path: Path) -> None:
    done = receive_with_differences(engine)
    document = effect(done, "document")
    pdf = render_discrepancy_pdf(document["data"], tmp_path / document["filename"])
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    image = cv2.imread(str(pages[0]))
    assert image.shape[1] == 827  # A4 at 100 dpi
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Receipt discrepancies — PO-2026-0003" in text
    assert "into B-02-1" in text
    rows = {line.split()[1]: line.split() for line in text.splitlines() if "ELEC-0035" in line}
    assert rows["ELEC-0035"][-4:] == ["48", "40", "-8", "SHORT"]
    batteries = next(line.split() for line in text.splitlines() if "BATT-0048" in line)
    assert batteries[-4:] == ["48", "60", "12", "OVER"]
    bubble = next(line.split() for line in text.splitlines() if "PACK-0074" in line)
    assert bubble[-4:] == ["12", "0", "-12", "SHORT"]
    quarantine = next(line for line in text.splitlines() if "04006381333931" in line)
    assert "GTIN not known" in quarantine and quarantine.split()[0] == "Q1"
    assert "complete 1, short 2, over 1" in text


def test_batch_label_effects_render_with_the_labels_library(engine: Engine, tmp_path: Path) -> None:
    done = receive_with_differences(engine)
    labels = effect(done, "labels")
    assert labels["template"] == "batch"
    specs = [s for e in labels["data"] for s in build_labels("batch", data_from_json("batch", e))]
    assert len(specs) == 1  # one new lot: BA2611
    out = tmp_path / "batch.pdf"
    render_pdf(specs, out)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "BA2611" in text and "BATT-0048" in text
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(out), str(tmp_path / "l")], check=True)
    png = next(tmp_path.glob("l*.png"))
    read = {r.text for r in zxingcpp.read_barcodes(cv2.imread(str(png)))}
    assert "(01)06975123000487(17)280630(10)BA2611" in read


def _make_video(path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_barcode_video", DATA / "make_barcode_video.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_barcode_video", module)
    spec.loader.exec_module(module)
    module.make_video(path)


def test_a_quarantine_line_gets_a_webcam_snapshot(
    demo_store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    engine = Engine(demo_store, clock)
    scan(engine, "$USR-C001")
    engine.handle(Pin("1111"))
    scan(engine, "PO-2026-0001")
    out = scan(engine, "4006381333931")
    line_id = out.state["quarantine"][0]["id"]
    video = tmp_path / "dock.avi"
    _make_video(video)
    path = attach_snapshot(demo_store, line_id, f"camera://{video}?fps=0", clock.now(), timeout=20)
    assert path.parent == snapshot_folder(demo_store) == demo_store.path.parent / "snapshots"
    image = cv2.imread(str(path))
    assert image is not None and image.shape[:2] == (480, 640)
    with demo_store.reading() as conn:
        line = quarantine_line(conn, line_id)
    assert line is not None and line.snapshot_path == str(path)
    done = scan(engine, "$CMD-DONE")  # the discrepancy summary knows there is a photo
    assert effect(done, "document")["data"]["quarantine"][0]["snapshot"] == str(path)


def test_a_snapshot_needs_a_quarantine_line(demo_store: Store, clock: ManualClock) -> None:
    with pytest.raises(LookupError):
        attach_snapshot(demo_store, 999, "camera:///nowhere.avi", clock.now())


def test_station_quarantine_lists_the_line_and_takes_its_picture(
    demo_store: Store, clock: ManualClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from station.cli import main

    engine = Engine(demo_store, clock)
    scan(engine, "$USR-C001")
    engine.handle(Pin("1111"))
    scan(engine, "PO-2026-0001")
    line_id = scan(engine, "4006381333931").state["quarantine"][0]["id"]
    db = str(demo_store.path)
    demo_store.close()  # one station per database: the command takes the store's lock
    assert main(["quarantine", "list", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert str(line_id) in listed and "PO-2026-0001" in listed and "no picture" in listed
    video = tmp_path / "dock.avi"
    _make_video(video)
    camera = f"camera://{video}?fps=0"
    args = ["quarantine", "snapshot", str(line_id), "--camera", camera, "--timeout", "20"]
    assert main([*args, "--db", db]) == 0
    assert "quarantine-" in capsys.readouterr().out
    assert main(["quarantine", "list", "--db", db]) == 0
    assert "no picture" not in capsys.readouterr().out
    assert main(["quarantine", "snapshot", "999", "--camera", camera, "--db", db]) == 1
    assert "999 is not a quarantine line" in capsys.readouterr().err
