# SPDX-License-Identifier: Apache-2.0
"""A supervisor's badge without an enrolled PIN, at the window: the screen says how to get an
enrolment code, in English and in Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.master_data import upsert_user
from station.core.store.database import Store
from station.ui.i18n import TRANSLATIONS
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks


@pytest.fixture
def chinese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "station_zh_CN.qm")), "run packaging/i18n.py"
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def _badge_message(qtbot, store: Store, clock: ManualClock) -> str:  # type: ignore[no-untyped-def]
    with store.transaction() as conn:
        upsert_user(conn, "S009", "Wang Wei", "supervisor")
    window = MainWindow(Engine(store, clock), InlineTasks(), station_id="ST-1", db_label="s.db")
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.entry, "$USR-S009")
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)
    QCoreApplication.processEvents()
    return str(window.scan_screen.message.text())


def test_the_screen_says_how_to_get_a_code(qtbot, demo_store: Store, clock: ManualClock) -> None:  # type: ignore[no-untyped-def]
    shown = _badge_message(qtbot, demo_store, clock)
    assert "one-time enrolment code" in shown
    assert "station central enrol --badge S009" in shown


def test_the_screen_says_it_in_chinese(
    qtbot, chinese: None, demo_store: Store, clock: ManualClock
) -> None:  # type: ignore[no-untyped-def]
    shown = _badge_message(qtbot, demo_store, clock)
    assert "一次性登记码" in shown and "主管" in shown
    assert "station central enrol --badge S009" in shown
