# SPDX-License-Identifier: Apache-2.0
"""The menu knows each workflow before it is loaded: a start loads only what it uses, a
workflow loaded at its first use behaves as one loaded at start, and an entry never says
other than its workflow."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from station.core import features
from station.core.engine.session import Engine
from station.core.engine.settings import DEFAULT_SETTINGS
from station.core.engine.workflow import BaseWorkflow
from station.core.engine.workflow_entry import LazyWorkflow
from tests.core.scan_helpers import login, scan

ROOT = Path(__file__).parents[2]


def _loaded(engine: Engine) -> set[str]:
    return {
        name
        for name, wf in engine.workflows.items()
        if isinstance(wf, LazyWorkflow) and wf.is_loaded
    }


def test_each_entry_says_what_its_workflow_says() -> None:
    entries = features.discover_entries()
    assert features.unlisted_workflow_modules(entries) == []  # every real workflow has one
    assert {e.name for e in entries} == {wf.name for wf in features.discover_workflows()}
    commands = [e.command for e in entries if e.command]
    assert len(set(commands)) == len(commands)  # one workflow per $CMD- code
    for entry in entries:
        real: Any = LazyWorkflow(entry).loaded()  # its module holds a workflow of that name
        # an entry that lets scans or the store through asks the workflow's own answer
        if entry.claims_kinds:
            assert type(real).claims is not BaseWorkflow.claims, entry.name
        assert (type(real).offered is not BaseWorkflow.offered) == entry.offered_at_times


def test_a_login_and_an_item_scan_load_no_workflow_but_label_read_back(engine: Engine) -> None:
    assert _loaded(engine) == set()
    assert login(engine, "C001", "1111").outcome == "accepted"
    assert scan(engine, "06975123000012").outcome == "accepted"
    # read-back is offered only while a printed label waits, so the home menu asks it
    assert _loaded(engine) == {"label_verify"}


def test_a_receipt_scanned_at_home_loads_receiving_and_starts_it(engine: Engine) -> None:
    login(engine, "C001", "1111")
    started = scan(engine, "PO-2026-0001")
    assert started.outcome == "accepted" and started.workflow == "receive"
    assert "receive" in _loaded(engine)
    assert DEFAULT_SETTINGS.keys() <= engine.settings.keys()


def test_a_fresh_process_loads_receiving_and_its_settings_at_the_first_receipt(
    demo_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_template, db)
    probe = (
        "import sys\n"
        "from station.core.clock import SystemClock\n"
        "from station.core.engine.inputs import Pin, Scan\n"
        "from station.core.engine.session import Engine\n"
        "from station.core.store.database import Store\n"
        f"engine = Engine(Store.open({str(db)!r}), SystemClock())\n"
        "engine.handle(Scan('$USR-C001', 'test://')); engine.handle(Pin('1111'))\n"
        "before = 'station.core.receiving.workflow' in sys.modules\n"
        "missing = 'receiving_over_tolerance_pct' not in engine.settings\n"
        "out = engine.handle(Scan('PO-2026-0001', 'test://'))\n"
        "print(before, missing, out.workflow, engine.settings['receiving_over_tolerance_pct'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    before, missing, workflow, _pct = done.stdout.split()
    assert (before, missing, workflow) == ("False", "True", "receive")


def test_a_command_starts_a_workflow_not_loaded_yet(engine: Engine) -> None:
    login(engine, "C001", "1111")
    assert "move" not in _loaded(engine)
    moved = scan(engine, "$CMD-MOVE")
    assert moved.outcome != "rejected" and moved.workflow == "move", moved.message_key
    assert "move" in _loaded(engine)


def test_a_workflow_whose_module_fails_to_load_leaves_the_station_scanning(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    receive = engine.workflows["receive"]
    assert isinstance(receive, LazyWorkflow) and not receive.is_loaded
    monkeypatch.setattr(receive.entry, "module", "station.core.receiving.no_such_module")
    login(engine, "C001", "1111")
    refused = scan(engine, "$CMD-RECEIVE")
    assert refused.outcome == "rejected" and refused.message_key == "workflow.unknown"
    assert "cannot be loaded" in caplog.text
    assert scan(engine, "PO-2026-0001").workflow == "lookup"  # claimed by nobody now
    assert scan(engine, "06975123000012").outcome == "accepted"
