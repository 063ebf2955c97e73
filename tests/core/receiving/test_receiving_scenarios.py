# SPDX-License-Identifier: Apache-2.0
"""Receiving, moving and reversal scenarios, run through ``station script``.

Each file in ``scripts/`` is a scan script (docs/scripts.md) on the demo warehouse
with ``@clock``, so it never rots. Comment lines starting with ``#>`` say what the input above
them must give: ``#> OUTCOME MESSAGE_KEY [PATH=VALUE ...]`` where PATH is dotted into the JSON
output line (``state.last.status``, ``effects.0.kind``; ``#`` is a length) and VALUE is
compared as text with strings, as JSON otherwise. After every script the ledger and the
balances must agree.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from station.core.script_runner import parse_script, run_script
from station.core.store import schema
from station.core.store.database import Store
from station.core.store.ledger import balance_mismatches

SCRIPTS = sorted((Path(__file__).parent / "scripts").glob("*.txt"))


def expectations(text: str) -> dict[int, list[str]]:
    """Line number of the input -> the ``#>`` tokens written below it."""
    found: dict[int, list[str]] = {}
    last_input = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#>"):
            found.setdefault(last_input, []).extend(shlex.split(line[2:]))
        elif line and not line.startswith("#"):
            last_input = number
    return found


def dig(row: Any, path: str) -> Any:
    value = row
    for part in path.split("."):
        if part == "#":
            value = len(value)
        elif isinstance(value, list):
            value = value[int(part)]
        else:
            value = value[part]
    return value


def check_row(row: dict[str, Any], tokens: list[str], where: str) -> None:
    outcome, key, *pairs = tokens
    shown = f"{where}: {row['message']} / state {json.dumps(row['state'])[:600]}"
    assert (row["outcome"], row["message_key"]) == (outcome, key), shown
    for pair in pairs:
        path, _, want = pair.partition("=")
        got = dig(row, path)
        if isinstance(got, str):
            assert got == want, f"{where}: {path} is {got!r}, not {want!r}"
        else:
            assert got == json.loads(want), f"{where}: {path} is {got!r}, not {want}"


def run_file(path: Path, db: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    text = path.read_text(encoding="utf-8")
    run_script(parse_script(text, path.name), rows.append, db=db)
    return rows


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "scenario.db"
    shutil.copyfile(demo_template, target)
    return target


def ledger_agrees(db: Path) -> None:
    store = Store.open(db)
    try:
        with store.reading() as conn:
            assert balance_mismatches(conn) == []
    finally:
        store.close()


def check_scenario(script: Path, rows: list[dict[str, Any]], db: Path) -> None:
    """Every ``#>`` of ``script`` holds in ``rows``, every input was committed, and the
    ledger equals the balances."""
    by_line = {row["line"]: row for row in rows}
    wanted = expectations(script.read_text(encoding="utf-8"))
    assert wanted, f"{script.name} checks nothing"
    for line_no, tokens in wanted.items():
        check_row(by_line[line_no], tokens, f"{script.name}:{line_no}")
    assert all(row["committed"] for row in rows)
    ledger_agrees(db)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_scenario(script: Path, demo_db: Path) -> None:
    check_scenario(script, run_file(script, demo_db), demo_db)


def test_every_case_of_the_issue_has_a_script() -> None:
    names = {p.stem for p in SCRIPTS}
    assert {
        "full_gs1_receipt",
        "short_delivery",
        "over_delivery_approved",
        "over_delivery_refused",
        "unknown_gtin",
        "expired_lot",
        "undo",
        "restart_midway",
        "blind_receipt",
        "move",
        "reversal",
    } <= names


def test_the_cli_runs_a_receiving_script(demo_db: Path) -> None:
    script = next(p for p in SCRIPTS if p.stem == "full_gs1_receipt")
    done = subprocess.run(
        [sys.executable, "-m", "station", "script", "--db", str(demo_db), str(script)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    posted = next(r for r in rows if r["message_key"] == "receiving.posted_clean")
    assert posted["effects"][0]["template"] == "batch"
    ledger_agrees(demo_db)


def _movements(db: Path) -> list[Any]:
    store = Store.open(db)
    try:
        with store.reading() as conn:
            m = schema.movements.c
            return list(
                conn.execute(
                    select(m.kind, m.qty, m.user_id, m.user2_id, m.reference, m.reason).where(
                        m.reference != "DEMO-OPENING"
                    )
                )
            )
    finally:
        store.close()


def test_an_approved_over_receipt_names_the_supervisor(demo_db: Path) -> None:
    script = next(p for p in SCRIPTS if p.stem == "over_delivery_approved")
    run_file(script, demo_db)
    moves = _movements(demo_db)
    breakers = [m for m in moves if m.reason == "receipt line 2"]
    assert [str(m.qty) for m in breakers] == ["18"]
    store = Store.open(demo_db)
    try:
        with store.reading() as conn:
            u = schema.users.c
            supervisor = conn.execute(select(u.id).where(u.badge == "S001")).scalar()
    finally:
        store.close()
    assert breakers[0].user2_id == supervisor


def test_a_reversal_is_a_counter_movement(demo_db: Path) -> None:
    script = next(p for p in SCRIPTS if p.stem == "reversal")
    run_file(script, demo_db)
    moves = [m for m in _movements(demo_db) if m.reference == "PO-2026-0001"]
    assert sorted(str(m.qty) for m in moves) == ["-20", "12", "20"]
    reversal = next(m for m in moves if m.qty < 0)
    assert reversal.kind == "receipt" and reversal.reason.startswith("reversal of movement")


def test_a_move_posts_two_transfers(demo_db: Path) -> None:
    script = next(p for p in SCRIPTS if p.stem == "move")
    run_file(script, demo_db)
    transfers = [m for m in _movements(demo_db) if m.kind == "transfer"]
    assert sorted(str(m.qty) for m in transfers) == ["-12", "-24", "12", "24"]
