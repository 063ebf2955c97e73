# SPDX-License-Identifier: Apache-2.0
"""The station in Simplified Chinese: every string the screens show goes through a translation
that exists. A recording translator notes each lookup the Chinese translations cannot answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.label_printing.queue import PrinterState
from station.core.store.database import Store
from station.ui.i18n import TRANSLATIONS, RecordingTranslator
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks

DOCS = Path(__file__).parents[2] / "docs" / "screenshots"


@pytest.fixture
def chinese(qapp):  # type: ignore[no-untyped-def]
    inner = QTranslator()
    assert inner.load(str(TRANSLATIONS / "station_zh_CN.qm")), "run packaging/i18n.py"
    recorder = RecordingTranslator(inner)
    qapp.installTranslator(recorder)
    yield recorder
    qapp.removeTranslator(recorder)


def type_line(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


CORE_CONTEXTS = {"engine", "roles", "actions", "MainWindow", "ScanScreen"}
CORE_WALK = [
    "$USR-NOBODY",
    "$USR-C001",
    "1111",
    "06975123000012",
    "$LOC-A-01-1",
    "$LOC-Z-99",
    "6975123000013",
    "$USR-S001",
    "$CMD-FLY",
    "$CMD-USERS",
    "$CMD-UNDO",
    "$USR-C001",
    "$USR-A001",
    "4444",
    "$CMD-USERS",
    "$USR-C002",
]


def test_the_core_screens_are_all_chinese(
    qtbot, chinese, demo_store: Store, clock: ManualClock
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(window)
    window.show()
    assert window.scan_screen.message.text() == "请扫描工牌登录。"
    for line in CORE_WALK:
        type_line(qtbot, window, line)
        QCoreApplication.processEvents()
        if line == "6975123000013":  # a wrong check digit: the reason in Chinese too
            assert window.scan_screen.message.text() == "条码有误：校验位错误（AI 01）"
        if line == "$LOC-A-01-1":
            DOCS.mkdir(parents=True, exist_ok=True)
            for _ in range(3):  # laid out as shown: wrapped labels settle
                QCoreApplication.processEvents()
            window.grab().save(str(DOCS / "zh-lookup.png"))
    assert "发放一次性 PIN" in window.scan_screen.detail.text()  # the choices are Chinese too
    ours = {(c, s) for c, s in chinese.missing if not c.startswith("Q")}
    assert ours == set(), sorted(ours)


WORKFLOW_WALKS = {
    "receiving": [
        "$USR-C001",
        "1111",
        "PO-2026-0001",
        "]C1011697512300034717281231\x1d10CB2611A",
        "4006381333931",
        "$LOC-A-02-1",
        "$CMD-UNDO",
    ],
    "issuing": ["$USR-C001", "1111", "ISS-0001"],
    "moving": ["$USR-C001", "1111", "$CMD-MOVE", "$LOC-A-01-1"],
    "counting": ["$USR-N001", "2222", "$CMD-COUNT", "1", "$LOC-A-01-1", "06975123000012"],
    "review": ["$USR-S001", "3333", "$CMD-REVIEW"],
    "reversal": ["$USR-S001", "3333", "$CMD-REVERSE"],
    "batch": ["$USR-N001", "2222", "$CMD-BATCH"],
}


def test_a_label_to_scan_back_is_asked_for_in_chinese(
    qtbot, chinese, demo_store: Store, clock: ManualClock
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(window)
    url = "raw+socket://127.0.0.1:9100"
    printed = PrinterState(url, True, 0, to_read_back=1, read_back_next="(00)306141410000000013")
    window.show_printers([printed], configured=True)
    assert "请在货物移动之前，立即扫描刚打印的标签：(00)306141410000000013" in window.notice.text()
    assert window.printer_status.text() == "打印机：就绪，1 张待扫描复核"
    window.show_printers([PrinterState(url, True, 0)])
    assert "现在没有等待扫描复核的已打印标签" in window.notice.text()
    assert window.printer_status.text() == "打印机：就绪"
    ours = {(c, s) for c, s in chinese.missing if not c.startswith("Q")}
    assert ours == set(), sorted(ours)


@pytest.mark.parametrize("walk", sorted(WORKFLOW_WALKS))
def test_every_workflow_screen_is_chinese(
    qtbot, chinese, demo_store: Store, clock: ManualClock, walk: str
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    for line in WORKFLOW_WALKS[walk]:
        window.entry.setText(line)
        qtbot.keyClick(window.entry, Qt.Key.Key_Return)
        QCoreApplication.processEvents()
    DOCS.mkdir(parents=True, exist_ok=True)
    for _ in range(3):  # laid out as shown: wrapped labels settle
        QCoreApplication.processEvents()
    window.grab().save(str(DOCS / f"zh-{walk}.png"))
    ours = {(c, s) for c, s in chinese.missing if not c.startswith("Q")}
    assert ours == set(), sorted(ours)


def test_the_translation_file_is_complete_for_the_engine_core() -> None:
    from station.core.engine.messages import MESSAGES

    inner = QTranslator()
    assert inner.load(str(TRANSLATIONS / "station_zh_CN.qm"))
    core = [
        text
        for key, text in MESSAGES.items()
        if key.split(".")[0]
        in {
            "firstrun",
            "login",
            "pin",
            "command",
            "error",
            "perm",
            "scan",
            "input",
            "choose",
            "lookup",
            "workflow",
            "home",
            "store",
            "users",
        }
    ]
    untranslated = [text for text in core if not inner.translate("engine", text)]
    assert untranslated == []
