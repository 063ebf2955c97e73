# SPDX-License-Identifier: Apache-2.0
"""Every outcome says what the engine expects next, the way the window reads it."""

from __future__ import annotations

from decimal import Decimal

from station.core.engine.inputs import Choose, Pin, Qty
from station.core.engine.session import Engine

from .scan_helpers import scan


def test_login_asks_for_a_pin_then_home_takes_a_scan_or_a_choice(engine: Engine) -> None:
    assert engine.snapshot().expects["kind"] == "scan"
    asked = scan(engine, "$USR-C001")
    assert asked.expects["kind"] == "pin"
    assert asked.expects["min_digits"] <= 4 <= asked.expects["max_digits"]
    home = engine.handle(Pin("1111"))
    assert home.expects["kind"] == "scan"
    assert "choice" in home.expects["also"]
    assert home.expects["choices"] == len(home.choices) > 0


def test_receiving_takes_a_quantity_before_the_scan(engine: Engine) -> None:
    scan(engine, "$USR-C001")
    engine.handle(Pin("1111"))
    opened = scan(engine, "PO-2026-0003")
    assert opened.workflow == "receive"
    assert opened.expects["kind"] == "scan"
    assert opened.expects["quantity"] == "before_scan"
    assert "quantity" in opened.expects["also"]
    typed = engine.handle(Qty(Decimal(12)))
    assert typed.outcome == "accepted"
    assert typed.expects["quantity"] == "before_scan"


def test_counting_takes_a_quantity_after_the_scan(engine: Engine) -> None:
    scan(engine, "$USR-N001")
    engine.handle(Pin("2222"))
    opened = scan(engine, "CC-0003")
    assert opened.expects["kind"] in ("scan", "choice")
    counted = scan(engine, "06975123001026")
    assert counted.outcome == "accepted", counted.message
    assert counted.expects["kind"] == "quantity"
    assert counted.expects["quantity"] == "after_scan"
    assert "scan" in counted.expects["also"]
    assert engine.handle(Qty(Decimal(5))).outcome == "accepted"


def test_a_numbered_menu_is_a_choice(engine: Engine) -> None:
    scan(engine, "$USR-S001")
    engine.handle(Pin("3333"))
    review = scan(engine, "$CMD-REVIEW")
    assert review.workflow == "variance_review", review.message
    assert review.expects["kind"] == "choice"
    menu = scan(engine, "$CMD-DONE")
    assert menu.workflow == "lookup"
    assert menu.expects["choices"] == len(menu.choices)
    picked = engine.handle(Choose(1))
    assert picked.workflow != "lookup", picked.message


def test_expects_is_in_the_script_output(engine: Engine) -> None:
    assert scan(engine, "$USR-C001").to_json()["expects"]["kind"] == "pin"
