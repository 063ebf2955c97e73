# SPDX-License-Identifier: Apache-2.0
"""CSV exports and reports never hand a spreadsheet a formula: text that begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading quote (OWASP's rule), numbers
stay numbers."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, update

from station.core.exports import export_balances, export_ledger
from station.core.reports.rendering import write_csv
from station.core.store import schema
from station.core.store.database import Store

HOSTILE = ['=HYPERLINK("http://x","click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", HOSTILE)
def test_an_item_named_like_a_formula_is_exported_as_text(
    demo_store: Store, tmp_path: Path, name: str
) -> None:
    with demo_store.transaction() as conn:
        item_id = conn.execute(select(schema.movements.c.item_id).limit(1)).scalar_one()
        conn.execute(update(schema.items).where(schema.items.c.id == item_id).values(name=name))
    export_balances(demo_store, tmp_path / "balances.csv")
    export_ledger(demo_store, tmp_path / "ledger.csv")
    balances = read_csv(tmp_path / "balances.csv")
    ledger = read_csv(tmp_path / "ledger.csv")
    assert "'" + name in {row["item_name"] for row in balances}
    assert "'" + name in {row["item_name"] for row in ledger}
    assert all(not row["item_name"].startswith(("=", "+", "-", "@")) for row in balances + ledger)
    for row in balances:
        Decimal(row["qty"])  # quantities are still plain numbers


def test_a_report_quotes_formula_text_but_not_negative_numbers(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    write_csv(target, ["name", "qty"], [["=1+1", Decimal("-5")], ["\tTAB", -3], ["Gloves", 2]])
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1:] == [["'=1+1", "-5"], ["'\tTAB", "-3"], ["Gloves", "2"]]
