# SPDX-License-Identifier: Apache-2.0
"""A bench runs for days without a restart: 6,000 scans through the real window must neither
kill the station nor make it grow.

The window runs in a child process (``bench.window_soak``), so a crash inside Qt or the
interpreter fails this test instead of ending the test run. A PySide6 that drops references
to None it never took shows first as a falling ``sys.getrefcount(None)``, long before it kills
the process; a window that keeps what it showed shows as growing memory.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.window_soak import child
from station.ui.main_window import HISTORY_KEPT

SCANS = 6000
EVERY = 500
SETTLED = 1000  # scans after which the window's caches and its bounded history are full
NONE_LOST = 200  # references to None lost between SETTLED and SCANS, at most
# PySide6 6.11 keeps a reference to None each time the table paints a cell made in Python
# (about 10 a scan here): harmless, None is never freed, but a bound shows a new leak.
NONE_KEPT_PER_SCAN = 16
GROWTH_MB = 8.0  # resident memory gained between SETTLED and SCANS, at most (+1.6 KB a scan)

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


@pytest.fixture(scope="module")
def soak() -> list[dict[str, object]]:
    code, lines, err = child(SCANS, EVERY, timeout=900)
    assert code == 0, f"the window died after {_last_scans(lines)} scans (exit {code}):\n{err}"
    return lines


def _last_scans(lines: list[dict[str, object]]) -> object:
    return next((line["scans"] for line in reversed(lines) if "scans" in line), 0)


def _at(lines: list[dict[str, object]], scans: int) -> dict[str, object]:
    return next(line for line in lines if line.get("scans") == scans)


def test_the_window_takes_6000_scans_and_is_still_answering(
    soak: list[dict[str, object]],
) -> None:
    assert soak[-1]["done"] == SCANS
    assert "in stock" in str(soak[-1]["message"])  # the last scan was a lookup, answered


def test_the_count_of_references_to_none_holds_steady(soak: list[dict[str, object]]) -> None:
    settled, end = _at(soak, SETTLED)["none_refs"], _at(soak, SCANS)["none_refs"]
    assert isinstance(settled, int) and isinstance(end, int)
    if sys.version_info >= (3, 12):
        assert settled == end  # None is immortal: a C extension cannot miscount it to death
        return
    scans = SCANS - SETTLED
    assert settled - end <= NONE_LOST, (
        f"references to None fell from {settled:,} to {end:,} over {scans:,} scans: a C "
        "extension (PySide6) gives back references it never took; at zero the station dies"
    )
    assert end - settled <= NONE_KEPT_PER_SCAN * scans, (
        f"references to None rose from {settled:,} to {end:,} over {scans:,} scans"
    )


def test_memory_stays_flat(soak: list[dict[str, object]]) -> None:
    settled, end = _at(soak, SETTLED)["rss_mb"], _at(soak, SCANS)["rss_mb"]
    assert isinstance(settled, float) and isinstance(end, float)
    assert end - settled <= GROWTH_MB, f"{settled} MB after {SETTLED} scans, {end} MB after {SCANS}"


def test_the_window_keeps_only_its_latest_outcomes(qtbot) -> None:  # type: ignore[no-untyped-def]
    from station.core.engine.inputs import Outcome
    from station.ui.main_window import MainWindow

    class Engine:
        def snapshot(self) -> Outcome:
            return Outcome("accepted", "k", "Scan your badge to log in.", "login", [], {})

        def tick(self) -> Outcome | None:  # the window's idle timer asks; nothing is due
            return None

    class Tasks:
        def run(self, fn, done, failed=None):  # type: ignore[no-untyped-def]
            done(fn())

    window = MainWindow(Engine(), Tasks(), station_id="ST-1", db_label="")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    for n in range(HISTORY_KEPT * 3):
        window.show_outcome(Outcome("rejected", "k", f"refused {n}", "lookup", [], {}))
    assert window.shown == HISTORY_KEPT * 3 + 1
    assert len(window.history) == HISTORY_KEPT
    assert window.history[-1].message == f"refused {HISTORY_KEPT * 3 - 1}"
    assert "refused" in window.scan_screen.message.text()


def test_pyproject_keeps_python_3_11_off_the_pyside6_that_kills_the_window() -> None:
    """PySide6 6.12.0 on Python 3.11 loses a reference to None on every void call (the soak
    above dies after about 2,300 scans with ``none_dealloc``); 3.12 made None immortal."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.version import Version

    deps = [Requirement(d) for d in tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]]
    pyside = [r for r in deps if r.name.lower() == "pyside6-essentials"]

    def allowed(python: str, version: str) -> bool:
        env = {"python_version": python, "python_full_version": python + ".0"}
        return any(
            (r.marker is None or r.marker.evaluate(env)) and Version(version) in r.specifier
            for r in pyside
        )

    assert not allowed("3.11", "6.12.0")
    assert allowed("3.11", "6.11.3")
    assert allowed("3.12", "6.12.0") and allowed("3.13", "6.12.0")
