# SPDX-License-Identifier: Apache-2.0
"""``station report aging|expiry|slow|abc``: the files a manager opens."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from station.cli import main
from station.core.store.database import Store

from .stale_fixtures import build_ledger


@pytest.fixture
def db(store: Store, tmp_path: Path) -> Path:
    build_ledger(store)
    return tmp_path / "station.db"


def _report(db: Path, out: Path, *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["report", *args, "--db", str(db), "--out", str(out)]) == 0
    return json.loads(out.read_text("utf-8")) if out.suffix == ".json" else {}


def test_aging_json_has_the_documented_fields(db: Path, tmp_path: Path) -> None:
    data = _report(db, tmp_path / "a.json", "aging", "--as-of", "2026-11-24", "--format", "json")
    assert data["report"] == "aging" and data["as_of"] == "2026-11-24"
    assert data["currency"] == "CNY"
    assert data["summary"]["total_value"] == "915.00"
    assert data["summary"]["stale_share_percent"] == "45.90"
    assert [b["value"] for b in data["summary"]["buckets"]] == [
        "225.00", "150.00", "300.00", "20.00", "220.00",
    ]  # fmt: skip
    line = next(ln for ln in data["lines"] if ln["lot"] == "G1")
    assert line == {
        "sku": "X2", "name": "Grease EP2", "category": "LUBE", "owner": "Bob", "lot": "G1",
        "warehouse": "WH1", "zone": "A", "location": "A-01", "received": "2026-07-01",
        "age_days": 146, "bucket": "91-180", "last_issue": None, "idle_days": 146,
        "stale": "yes", "qty": "30", "unit": "KG", "value": "300.00",
    }  # fmt: skip


def test_filters_and_as_of_reach_the_report(db: Path, tmp_path: Path) -> None:
    data = _report(
        db, tmp_path / "a.json", "aging", "--as-of", "2026-05-01", "--owner", "Ann",
        "--format", "json",
    )  # fmt: skip
    assert data["filters"] == {"owner": "Ann"}
    assert data["summary"]["total_value"] == "140.00"  # X1/L0 100 + X3 10 x 4.00


def test_expiry_slow_and_abc_json(db: Path, tmp_path: Path) -> None:
    exp = _report(
        db, tmp_path / "e.json", "expiry", "--as-of", "2026-11-24", "--days", "16",
        "--format", "json",
    )  # fmt: skip
    assert [(ln["lot"], ln["status"], ln["days_left"]) for ln in exp["lines"]] == [
        ("G2", "expired", -4),
        ("G1", "near", 16),
    ]
    slow = _report(db, tmp_path / "s.json", "slow", "--as-of", "2026-11-24", "--format", "json")
    assert [(ln["sku"], ln["idle_days"]) for ln in slow["lines"]] == [("X3", 207), ("X2", 146)]
    abc = _report(db, tmp_path / "b.json", "abc", "--as-of", "2026-11-24", "--format", "json")
    assert [(ln["sku"], ln["class"]) for ln in abc["lines"]] == [
        ("X3", "A"), ("X4", "A"), ("X1", "B"), ("X2", "C"),
    ]  # fmt: skip


def test_csv_is_utf8_with_bom(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    _report(db, out, "aging", "--as-of", "2026-11-24", "--format", "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig").splitlines()
    assert text[0].startswith("sku,name,category,owner,lot,")
    assert any("丁腈手套" in row and ",225.00" in row for row in text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("kind", ["aging", "expiry", "slow", "abc"])
def test_pdf_in_chinese(db: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    _report(db, out, kind, "--as-of", "2026-11-24", "--format", "pdf", "--lang", "zh")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "第 1 页，共" in text
    assert {"aging": "库龄分析", "expiry": "临期", "slow": "呆滞", "abc": "ABC"}[kind] in text


def test_bad_as_of_is_refused(db: Path, tmp_path: Path) -> None:
    code = main(
        ["report", "aging", "--db", str(db), "--as-of", "24/11/2026", "--format", "csv",
         "--out", str(tmp_path / "x.csv")]
    )  # fmt: skip
    assert code == 2
    assert not (tmp_path / "x.csv").exists()
