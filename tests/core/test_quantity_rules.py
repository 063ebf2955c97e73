# SPDX-License-Identifier: Apache-2.0
"""The quantity rules, through ``station script`` on the demo warehouse (plus one item counted
in kg): bad keypad and GS1 quantities refused with messages naming the limit and nothing
posted, fractions only where the unit allows them, a supervisor's approval above the site
ceiling; the ledger equals the balances after each script. The rules themselves are also
checked directly, and every message is in Chinese."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from station.core.engine import quantities
from station.core.engine.settings import DEFAULT_SETTINGS
from station.core.import_apply import import_file
from tests.core.counting.counting_fixtures import run as run_cli
from tests.core.receiving.test_receiving_scenarios import check_scenario

SCRIPTS = sorted((Path(__file__).parent / "quantity_scripts").glob("*.txt"))
KG_ITEM = "sku,name,unit,unit_cost,gtin\nRAG-KG,Cotton rags,KG,12.00,6901234567908\n"


@pytest.fixture
def db(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "quantities.db"
    shutil.copyfile(demo_template, target)
    items = tmp_path / "kg.csv"
    items.write_text(KG_ITEM, encoding="utf-8")
    import_file(target, "items", items)
    return target


def _books(db: Path) -> tuple[int, list[Any]]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        moves = conn.execute("SELECT count(*) FROM movements").fetchone()[0]
        balances = conn.execute(
            "SELECT item_id, location_id, qty FROM balances ORDER BY 1, 2"
        ).fetchall()
    return moves, balances


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_scenario(script: Path, db: Path, tmp_path: Path) -> None:
    before = _books(db)
    rows = run_cli(db, script, tmp_path)
    check_scenario(script, rows, db)
    if script.stem == "bad_keypad_input":
        assert _books(db) == before  # nothing reached the books
        refusals = [r for r in rows if r["message_key"].startswith("qty.")]
        assert len(refusals) == 9
        for row in refusals:  # each names its limit
            assert any(
                limit in row["message"]
                for limit in ("up to 100000", "more than 100000", "more than 0", "whole units")
            ), row["message"]
    else:
        assert _books(db)[0] > before[0]


def test_an_approved_quantity_is_audited_with_both_people(db: Path, tmp_path: Path) -> None:
    run_cli(db, next(p for p in SCRIPTS if p.stem == "supervisor_ceiling"), tmp_path)
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT u.badge, a.detail FROM audit_log a JOIN users u ON u.id = a.user_id "
            "WHERE a.action = 'quantity.approved'"
        ).fetchall()
    assert len(rows) == 1 and rows[0][0] == "S001"
    detail = json.loads(rows[0][1])
    assert (detail["qty"], detail["unit"], detail["ceiling"]) == ("1500", "EA", "1000")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("1e9", "qty.not_a_number"),
        ("1E3", "qty.not_a_number"),
        ("1e999", "qty.not_a_number"),
        ("Infinity", "qty.not_a_number"),
        ("NaN", "qty.not_a_number"),
        ("abc", "qty.not_a_number"),
        ("1,5", "qty.not_a_number"),
        ("1 000", "qty.not_a_number"),
        ("+3", "qty.not_a_number"),
        ("١٢", "qty.not_a_number"),
        ("１２", "qty.not_a_number"),
        ("-1", "qty.negative"),
        ("-0.5", "qty.negative"),
        ("9" * 40, "qty.over_max"),
        ("100001", "qty.over_max"),
        ("1.1234567", "qty.too_many_decimals"),
    ],
)
def test_typed_text_the_rules_refuse(typed: str, key: str) -> None:
    with pytest.raises(quantities.QuantityRefused) as refused:
        quantities.read_typed(typed, DEFAULT_SETTINGS)
    assert refused.value.key == key


@pytest.mark.parametrize("typed", ["12", "2.5", "0", "0.125", "100000", " 7 ", ".5", "3."])
def test_typed_text_the_rules_take(typed: str) -> None:
    assert quantities.read_typed(typed, DEFAULT_SETTINGS) == Decimal(typed.strip())


def test_the_unit_decides_fractions_and_the_ceiling() -> None:
    settings = DEFAULT_SETTINGS
    assert quantities.check(settings, "KG", Decimal("2.125")) == Decimal("2.125")
    with pytest.raises(quantities.QuantityRefused, match="qty.too_many_decimals"):
        quantities.check(settings, "KG", Decimal("2.1255"))
    with pytest.raises(quantities.QuantityRefused, match="qty.whole_units"):
        quantities.check(settings, "EA", Decimal("2.5"))
    assert quantities.check(settings, "EA", Decimal("2.000")) == Decimal(2)  # 2.000 is whole
    with pytest.raises(quantities.QuantityRefused, match="qty.zero"):
        quantities.check(settings, "EA", Decimal(0))
    assert quantities.check(settings, "EA", Decimal(0), zero_ok=True) == 0
    with pytest.raises(quantities.NeedsApproval):
        quantities.check(settings, "EA", Decimal(1001))
    assert quantities.check(settings, "EA", Decimal(1001), approved=Decimal(1001))
    with pytest.raises(quantities.QuantityRefused, match="qty.too_large"):
        quantities.check(settings, "EA", Decimal(100001), approved=Decimal(100001))
    # a unit nobody listed: whole numbers, the default ceiling
    assert quantities.unit_rule(settings, "ROLL") == (0, Decimal(1000))


def test_every_quantity_message_is_translated() -> None:
    memory = json.loads(
        (Path(__file__).parents[2] / "station/ui/translations/zh_CN.json").read_text("utf-8")
    )["engine"]
    missing = [t for t in quantities.MESSAGES.values() if not memory.get(t)]
    assert missing == []


def test_the_demo_units_have_rules() -> None:
    from station.core.demo_seed import CATALOGUE

    units = {unit for _category, unit, *_ in CATALOGUE}
    assert units <= set(quantities.DEFAULT_CEILINGS)
