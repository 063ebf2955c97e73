# SPDX-License-Identifier: Apache-2.0
"""The dispatch note of a posted issue: a PDF that lists the lines, lots, both people and the
times, rendered from the effect the posting hands out."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from station.core.clock import ManualClock
from station.core.engine.inputs import Pin, Qty, Scan
from station.core.engine.session import Engine
from station.core.issuing.documents import render_dispatch_note, write_dispatch_note
from station.core.store.database import Store

L1 = "]C1010697512300017310L2608241"
L2 = "]C10106975123000227\x1d10L2609221"
L3 = "]C1010697512300027210L2606111"

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftoppm, pdftotext) not installed",
)


def posted_note(store: Store, clock: ManualClock) -> dict[str, object]:
    engine = Engine(store, clock)
    tokens = [
        "$USR-C001", "@pin 1111", "ISS-0001",
        "$LOC-A-01-2", L1, "@qty 5", "$LOC-B-01-2", L2, "@qty 10", "$LOC-B-04-1", L3, "@qty 10",
        "$CMD-DONE", "$USR-S001", "@pin 3333",
        L1, "@qty 5", L2, "@qty 10", L3, "@qty 10", "$CMD-DONE",
    ]  # fmt: skip
    outcome = None
    for token in tokens:
        if token.startswith("@pin "):
            outcome = engine.handle(Pin(token[5:]))
        elif token.startswith("@qty "):
            outcome = engine.handle(Qty(Decimal(token[5:])))
        else:
            outcome = engine.handle(Scan(token))
    assert outcome is not None and outcome.message_key == "issuing.posted"
    [effect] = outcome.effects
    assert effect["kind"] == "document" and effect["name"] == "dispatch-note"
    assert effect["filename"] == "dispatch-note-ISS-0001.pdf"
    return effect


def test_the_dispatch_note_lists_lines_lots_people_and_times(
    demo_store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    effect = posted_note(demo_store, clock)
    pdf = write_dispatch_note(tmp_path / str(effect["filename"]), effect["data"])  # type: ignore[arg-type]
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Dispatch note ISS-0001" in text
    assert "Assembly line 1" in text
    for sku, lot in (
        ("BEAR-0017", "L2608241"),
        ("LUBE-0022", "L2609221"),
        ("ADH-0027", "L2606111"),
    ):
        line = next(row for row in text.splitlines() if sku in row)
        assert lot in line
    assert "Demo Clerk (C001)" in text and "Demo Supervisor (S001)" in text
    assert "2026-11-24 09:30:00+08:00" in text  # picking started
    assert "ST-DEMO" in text
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(tmp_path / "note")],
        check=True,
    )
    png = tmp_path / "note.png"
    assert png.stat().st_size > 20_000


def test_rendering_is_pure(demo_store: Store, clock: ManualClock) -> None:
    effect = posted_note(demo_store, clock)
    data = effect["data"]
    assert render_dispatch_note(data) == render_dispatch_note(data)  # type: ignore[arg-type]


def test_chinese_item_names_are_drawn(
    demo_store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    effect = posted_note(demo_store, clock)
    data = dict(effect["data"])  # type: ignore[call-overload]
    data["lines"] = [{**data["lines"][0], "name": "丁腈手套"}]
    pdf = write_dispatch_note(tmp_path / "zh.pdf", data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    from labels.fonts import find_cjk_font

    assert ("丁腈手套" in text) == (find_cjk_font() is not None)
