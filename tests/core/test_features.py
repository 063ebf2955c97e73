# SPDX-License-Identifier: Apache-2.0
"""Each feature package is found by walking station/core: its workflows, tables, migrations
and reports come in without editing the engine, and a new folder is found the same way."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import station.core
from station.core import features
from station.core.jobs import JobHost
from station.core.store.database import Store, head_revisions
from station.core.store.schema import load_all_tables, metadata

CORE = Path(station.core.__file__).parent


def test_every_folder_of_the_core_is_a_feature_or_shared() -> None:
    folders = {p.name for p in CORE.iterdir() if (p / "__init__.py").is_file()}
    assert folders - features.SHARED == {name.rsplit(".", 1)[1] for name in features.packages()}
    assert {"receiving", "issuing", "counting", "moving", "stale_stock"} <= folders


def test_each_feature_says_on_its_first_line_what_it_owns() -> None:
    for name in features.packages():
        first = (CORE / name.rsplit(".", 1)[1] / "__init__.py").read_text().splitlines()[1]
        assert " owns " in first, name


def test_the_station_finds_the_real_features_workflows_tables_and_branches() -> None:
    workflows = {wf.name for wf in features.discover_workflows()}
    assert {"receive", "reversal", "move", "issuing", "counting", "variance_review"} <= workflows
    assert {"receipt_lines", "issue_runs", "count_sessions", "label_jobs"} <= set(
        load_all_tables().tables
    )
    assert {"0100", "0200", "0300", "0500", "0601"} <= head_revisions()


def test_the_station_finds_the_real_features_timed_jobs(tmp_path: Path) -> None:
    from station.core.clock import ManualClock

    store = Store.open(tmp_path / "station.db")
    try:
        clock = ManualClock(datetime(2026, 11, 24, 9, 30, tzinfo=UTC), UTC)
        jobs = features.discover_jobs(JobHost(store, clock, {}, in_place=True))
    finally:
        store.close()
    assert {job.name for job in jobs} == {"stale_alerts", "count_plan", "print_retry"}


def test_every_feature_stands_apart_in_the_import_rules() -> None:
    """A new feature joins the independence contract (pyproject.toml), or nothing checks it."""
    contracts = tomllib.loads((CORE.parents[1] / "pyproject.toml").read_text())["tool"][
        "importlinter"
    ]["contracts"]
    apart = next(c for c in contracts if c["type"] == "independence")
    named = next(c for c in contracts if c["name"].startswith("The engine, the store"))
    window = next(c for c in contracts if c["name"].startswith("The window shows"))
    assert set(apart["modules"]) == set(features.packages())
    assert set(named["forbidden_modules"]) == set(features.packages())
    assert set(window["forbidden_modules"]) == {*features.packages(), "station.core.features"}


def test_the_station_finds_the_real_features_documents() -> None:
    from station.core.documents import register_all
    from station.core.effects import DOCUMENT_RENDERERS

    register_all()
    assert {"receipt-discrepancies", "dispatch-note"} <= set(DOCUMENT_RENDERERS)


FEATURE = {
    "__init__.py": '"""Returns owns taking goods back (a throwaway feature for a test)."""\n',
    "workflow.py": """
from station.core.engine.workflow import BaseWorkflow

class Returns(BaseWorkflow):
    name = "returns_test"
    title = "Take goods back"
    command = "RETURNS-TEST"
    permission = "receive"
    order = 99

WORKFLOWS = [Returns()]
""",
    "tables.py": """
from sqlalchemy import Column, Integer, Table

from station.core.store.schema import load_all_tables, metadata

returns_test = Table("returns_test", metadata, Column("id", Integer, primary_key=True))
""",
    "report.py": """
from station.core.reports import ReportKind, add_common_options

REPORTS = {"returns-test": ReportKind("returns", add_common_options, lambda args: 0)}
""",
    "documents.py": """
from pathlib import Path

def write(data, target):
    target.write_text(data["text"])
    return target

DOCUMENTS = {"returns-test-note": write}
""",
    "jobs.py": """
from datetime import timedelta

from station.core.jobs import Done, Job

def remind(host):
    return Job("returns_test", "Returns reminder", "退货提醒", lambda settings: timedelta(hours=1),
               lambda now: Done("Nothing to remind.", "没有要提醒的。"))

JOBS = [remind]
""",
    "migrations/9900_returns_test.py": """
import sqlalchemy as sa
from alembic import op

revision = "9900"
down_revision = "0001"
branch_labels = ("returns_test",)
depends_on = None

def upgrade():
    op.create_table("returns_test", sa.Column("id", sa.Integer, primary_key=True))

def downgrade():
    op.drop_table("returns_test")
""",
}


@pytest.fixture
def returns_feature(tmp_path: Path) -> Iterator[None]:
    """A feature package in a folder of its own, added to station.core's search path."""
    folder = tmp_path / "returns_test"
    for name, text in FEATURE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    station.core.__path__.append(str(tmp_path))
    try:
        yield
    finally:
        station.core.__path__.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("station.core.returns_test")]:
            del sys.modules[name]
        table = metadata.tables.get("returns_test")
        if table is not None:
            metadata.remove(table)


def test_a_new_folder_is_a_new_capability(returns_feature: None, tmp_path: Path) -> None:
    from station.core.documents import register_all
    from station.core.effects import DOCUMENT_RENDERERS
    from station.core.reports import discover as discover_reports

    assert "station.core.returns_test" in features.packages()
    assert "Take goods back" in {wf.title for wf in features.discover_workflows()}
    assert "returns-test" in discover_reports()
    assert "9900" in head_revisions()
    host = JobHost(None, None, {}, in_place=True)  # type: ignore[arg-type]
    assert "returns_test" in {job.name for job in features.discover_jobs(host)}
    register_all()
    try:
        note = {"name": "returns-test-note", "filename": "n.txt", "data": {"text": "back"}}
        written = DOCUMENT_RENDERERS["returns-test-note"](note, tmp_path / "docs", None)  # type: ignore[arg-type]
        assert written.read_text() == "back"
    finally:
        DOCUMENT_RENDERERS.pop("returns-test-note", None)
    import station.core.returns_test.tables  # noqa: F401  (what the store does when it loads)

    store = Store.open(tmp_path / "station.db")
    try:
        with store.reading() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM returns_test").scalar() == 0
    finally:
        store.close()
