# SPDX-License-Identifier: Apache-2.0
"""``station report variances`` after a count with decisions: CSV, JSON and PDF."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from station.core.counting.accuracy import accuracy_summary
from station.core.store.database import Store

from .counting_fixtures import prepared_db, run


@pytest.fixture(scope="module")
def counted_db(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    db = prepared_db(demo_template, folder)
    run(db, "tolerance_and_decisions.txt", folder)
    run(
        db,
        "$CMD-LOGOUT\n" + (Path(__file__).parent / "scripts/own_count_refused.txt").read_text(),
        folder,
    )
    return db


def report(db: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "station",
            "report",
            "variances",
            "--db",
            str(db),
            "--out",
            str(out),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_csv_has_a_bom_and_the_documented_columns(counted_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.csv"
    done = report(counted_db, out, "--format", "csv", "--task", "CC-0003")
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    documented = (Path(__file__).parents[3] / "docs/cli/counting.md").read_text(encoding="utf-8")
    for column in rows[0]:
        assert f"| {column}" in documented or f", {column}" in documented, column
    first = rows[0]
    assert (first["sku"], first["variance"], first["value"], first["status"]) == (
        "PACK-0186",
        "-5",
        "-153.05",
        "approved",
    )
    assert first["decided_by"] == "S001" and first["reason"] == "count_correction"
    assert {r["task"] for r in rows} == {"CC-0003"}
    assert len(rows) == 7  # every compared line, zero variances included


def test_json_filters_by_zone_and_counter(counted_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.json"
    done = report(counted_db, out, "--format", "json", "--zone", "C", "--counter", "S001")
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["filters"] == {"task": None, "zone": "C", "counter": "S001", "class": None}
    assert data["rows"] and {r["counter"] for r in data["rows"]} == {"S001"}
    assert all(isinstance(r["variance"], str) for r in data["rows"])
    assert set(data["accuracy"]) == {"lines", "within", "accuracy_pct"}


def test_a_filtered_report_gives_the_accuracy_of_the_lines_it_shows(
    counted_db: Path, tmp_path: Path
) -> None:
    every = tmp_path / "all.json"
    assert report(counted_db, every, "--format", "json").returncode == 0
    everything = json.loads(every.read_text(encoding="utf-8"))
    out = tmp_path / "zone.json"
    done = report(counted_db, out, "--format", "json", "--zone", "C")
    assert done.returncode == 0, done.stderr
    zone = json.loads(out.read_text(encoding="utf-8"))
    assert 0 < len(zone["rows"]) < everything["accuracy"]["lines"]
    assert zone["accuracy"]["lines"] == len(zone["rows"])  # the table's lines, not every count
    store = Store.open_reader(counted_db)
    try:
        with store.reading() as conn:
            assert everything["accuracy"] == accuracy_summary(conn)["overall"]  # every line
    finally:
        store.close()


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return "".join(done.stdout.split())  # the words, whatever the line breaks


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_in_chinese_says_every_sentence_in_chinese(counted_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    done = report(
        counted_db, out, "--format", "pdf", "--lang", "zh", "--as-of", "2031-12-31", "--zone", "C"
    )
    assert done.returncode == 0, done.stderr
    text = pdf_text(out)
    assert "截至2031-12-31的盘点；库区C" in text  # the subtitle
    assert re.search(r"已盘点\d+行，其中\d+行在容差内，准确率[\d.]+%。", text), text
    assert "“*”表示未按批次盘点。" in text
    for english in ("counts up to", "zone C", "counted lines", "tolerance", "without lots"):
        assert english not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_in_english_keeps_its_sentences(counted_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    done = report(counted_db, out, "--format", "pdf", "--lang", "en", "--task", "CC-0003")
    assert done.returncode == 0, done.stderr
    text = pdf_text(out)
    assert "allcounts;taskCC-0003" in text
    assert re.search(r"[\d.]+%of\d+countedlineswithintolerance\(\d+\)\.", text), text
    assert "'*'=countedwithoutlots." in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pdf_names_states_decisions_and_reasons_in_words(counted_db: Path, lang: str) -> None:
    import argparse

    from station.core.counting.report import build, pdf_body
    from station.core.store.database import Store

    args = argparse.Namespace(zone=None, abc_class=None, counter=None, task=None)
    store = Store.open_reader(counted_db)
    try:
        with store.reading() as conn:
            rows = build(conn, args, None)
    finally:
        store.close()
    body = pdf_body(rows, lang)
    shown = [str(cell) for line in body for cell in (line[1], line[8], line[9]) if cell]
    words = " | ".join(shown)
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", words), words  # no count_correction
    status_and_decision = " ".join(str(line[8]) + " " + str(line[9]) for line in body)
    if lang == "zh":
        assert "盘点更正" in status_and_decision and "已批准" in status_and_decision
        assert not re.search(r"[A-Za-z]{4,}", status_and_decision), status_and_decision
    else:
        assert "Count correction" in status_and_decision and "approved" in status_and_decision
