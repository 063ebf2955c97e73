# SPDX-License-Identifier: Apache-2.0
"""A copy-on-write workflow (``BaseWorkflow.copy_on_write``) gets the committed state itself,
not a deep copy, on every input: it must build a new state and never change the one it is
given, or a refused or rolled-back input would leave the engine holding what was never saved.

Every receiving scenario (``scripts/``) runs through an engine that checks, after each input,
that the state committed before it is exactly as it was.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from station.core.clock import ManualClock
from station.core.engine.inputs import InputEvent, Outcome
from station.core.engine.session import Engine
from station.core.receiving.workflow import ReceiveWorkflow
from station.core.script_runner import parse_script, run_script
from station.core.store.database import Store

SCRIPTS = sorted((Path(__file__).parent / "scripts").glob("*.txt"))


class CheckingEngine(Engine):
    """An engine that fails the moment an input changes the previously committed state."""

    def handle(self, event: InputEvent) -> Outcome:
        committed = self.state
        before = copy.deepcopy(committed)
        outcome = super().handle(event)
        assert committed == before, f"{event!r} changed the committed state in place"
        return outcome


def test_receiving_says_it_is_copy_on_write() -> None:
    assert ReceiveWorkflow.copy_on_write


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_no_input_changes_the_committed_state(
    script: Path, demo_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "scenario.db"
    shutil.copyfile(demo_template, db)
    rows: list[dict[str, object]] = []

    def checking(store: Store, clock: ManualClock) -> Engine:
        return CheckingEngine(store, clock)

    text = script.read_text(encoding="utf-8")
    run_script(parse_script(text, script.name), rows.append, db=db, engine_factory=checking)
    assert rows
