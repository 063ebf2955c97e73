# SPDX-License-Identifier: Apache-2.0
"""Walks through the real window at 1024x768, in English and in Chinese, by key presses and
clicks only: what a clerk, a checker, a counter and a supervisor do at the bench. Each walk
saves screenshots into docs/screenshots/ (walk-<name>-<lang>-<n>.png) and checks what a person
would check on them: the banner word, the prompt line, the captured lot and expiry, the
keypad while a quantity is taken, and that nothing is cut off at the screen's edge."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableWidget, QWidget

from station.core.clock import ManualClock
from station.core.documents import register_all
from station.core.effects import carry_out
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.i18n import TRANSLATIONS
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks
from station.ui.panels.issuing import IssuingPanel
from station.ui.panels.receiving import ReceivingPanel
from station.ui.wedge_filter import WedgeFilter

SHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
WIDTH, HEIGHT = 1024, 768

#: a GS1 case of ELEC-0034 (6 each): lot CB2611A, expiry 2028-12-31, no separator needed
GS1_CASE = "]C101169751230003471728123110CB2611A"
#: the same case with the lot before the expiry: the variable-length lot must end with a group
#: separator, which this wedge scanner sends as its default substitute, Ctrl+]
GS1_CASE_GS = ("]C1011697512300034710CB2611A", "17281231")
#: BEAR-0017 lot L2608241, for line 1 of ISS-0001 (picked from A-01-2)
BEARING = "]C1010697512300017310L2608241"
SECOND = "]C1010697512300022710L2609221"  # line 2, from B-01-2
THIRD = "]C1010697512300027210L2606111"  # line 3, from B-04-1


@pytest.fixture(params=["en", "zh"])
def lang(request: Any, qapp: Any) -> Iterator[str]:
    if request.param == "en":
        yield "en"
        return
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "station_zh_CN.qm")), "run packaging/i18n.py"
    qapp.installTranslator(translator)
    yield "zh"
    qapp.removeTranslator(translator)


@pytest.fixture
def window(qtbot: Any, lang: str, demo_store: Store, clock: ManualClock, tmp_path: Path) -> Any:
    register_all()
    documents = stable_folder(lang)

    def effects(todo: list[dict[str, Any]]) -> list[str]:
        return carry_out(
            todo,
            store=demo_store,
            printer_url=f"file://{tmp_path / 'labels.zpl'}",
            documents_dir=documents,
            clock=clock,
        )

    with demo_store.transaction() as conn:  # the count tasks as the demo lists them
        conn.exec_driver_sql(
            "INSERT INTO settings (key, value, updated_at) VALUES ('count_planning', 'false', 'x')"
        )
    win = MainWindow(
        Engine(demo_store, clock),
        InlineTasks(),
        station_id="ST-DEMO",
        db_label="demo.db",
        effects=effects,
    )
    qtbot.addWidget(win)
    win.resize(WIDTH, HEIGHT)
    win.show()
    win.activateWindow()
    return win


def stable_folder(lang: str) -> Path:
    """The documents folder of a walk: the same path every run, so the path the notice shows
    (and the screenshot) does not change from run to run."""
    folder = (
        Path(tempfile.gettempdir())
        / f"station-walks-{getattr(os, 'getuid', lambda: 0)()}"
        / lang
        / "documents"
    )
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def scan(qtbot: Any, window: MainWindow, text: str) -> None:
    """A scan as a keyboard-wedge scanner makes it: keystrokes into the entry, then Enter."""
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def wedge_scan(qtbot: Any, window: MainWindow, parts: tuple[str, ...]) -> None:
    """A keyboard-wedge scan through the window's wedge filter: the keys of each part 5 ms
    apart (on a clock the test moves), Ctrl+] for the group separator between parts, then
    Enter."""
    now = [1000.0]
    wedge = WedgeFilter(window, clock=lambda: now[0])
    wedge.install()
    try:
        for i, part in enumerate(parts):
            if i:
                qtbot.keyClick(
                    window.entry, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier
                )
                now[0] += 5
                wedge.poll()
            for char in part:
                qtbot.keyClicks(window.entry, char)
                now[0] += 5
                wedge.poll()
        qtbot.keyClick(window.entry, Qt.Key.Key_Return)
        now[0] += 500
        wedge.poll()
    finally:
        wedge.uninstall()
    assert window.entry.text() == "", "the scan went to the engine, not into the field"


def keypad(qtbot: Any, window: MainWindow, digits: str) -> None:
    """Digits tapped on the on-screen keypad, then its OK."""
    assert window.controls.keypad.isVisible(), "the keypad shows while a number is taken"
    for key in [*digits, "enter"]:
        qtbot.mouseClick(window.controls.keypad_buttons[key], Qt.MouseButton.LeftButton)


def click(qtbot: Any, window: MainWindow, command: str) -> None:
    qtbot.mouseClick(window.controls.command_buttons[command], Qt.MouseButton.LeftButton)


def banner(window: MainWindow) -> str:
    return window.scan_screen.banner.text()


def prompt(window: MainWindow) -> str:
    return window.scan_screen.prompt.text()


def message(window: MainWindow) -> str:
    return window.scan_screen.message.text()


def fits(window: MainWindow) -> None:
    """Nothing grew past the screen, and no label's text is wider than the label shows."""
    assert window.width() <= WIDTH and window.height() <= HEIGHT
    for label in window.findChildren(QLabel):
        if not label.isVisible() or label.wordWrap() or not label.text():
            continue
        if "\n" in label.text() or label.objectName() in ("", "qt_scrollarea_viewport"):
            continue
        needed = label.fontMetrics().horizontalAdvance(label.text())
        assert needed <= label.contentsRect().width() + 2, (label.objectName(), label.text())
    for button in window.findChildren(QPushButton):
        if button.isVisible() and button.text():
            widest = max(
                button.fontMetrics().horizontalAdvance(t) for t in button.text().split("\n")
            )
            assert widest <= button.width(), (button.objectName(), button.text())


def shot(window: MainWindow, name: str, lang: str, n: int) -> Path:
    for _ in range(3):  # laid out as a person sees it (a wrapped label's height settles)
        QCoreApplication.processEvents()
    fits(window)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"walk-{name}-{lang}-{n}.png"
    image = window.grab().toImage()  # 256 colours: a quarter of the bytes, as readable
    small = image.convertToFormat(
        QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
    )
    assert small.save(str(path), "PNG", 0)
    return path


def log_in(qtbot: Any, window: MainWindow, badge: str, pin: str) -> None:
    scan(qtbot, window, badge)
    assert window.controls.keypad.isVisible()
    keypad(qtbot, window, pin)


def column(panel: Any, title: str) -> list[str]:
    table = panel.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    index = headers.index(title)
    return [table.item(r, index).text() for r in range(table.rowCount())]


def current(window: MainWindow) -> QWidget:
    return window.scan_screen.panels.currentWidget()


def test_a_screenshot_is_the_same_whenever_it_is_taken(
    qtbot: Any, window: MainWindow, lang: str
) -> None:
    """Rerunning the walks leaves docs/screenshots as they were: the entry's text cursor does
    not blink, so a shot taken half a blink later is the same picture."""
    window.entry.setFocus()
    qtbot.waitUntil(window.entry.hasFocus)
    first = window.grab().toImage()
    qtbot.wait(QApplication.cursorFlashTime() // 2 + 100)  # half a blink, were it blinking
    assert window.grab().toImage() == first


def test_a_receipt_with_a_gs1_case_and_an_over_receipt_approved(
    qtbot: Any, window: MainWindow, lang: str
) -> None:
    log_in(qtbot, window, "$USR-C001", "1111")
    assert tr("ScanScreen", "READY") in banner(window) or tr("ScanScreen", "ACCEPTED") in banner(
        window
    )
    scan(qtbot, window, "PO-2026-0001")
    panel = current(window)
    assert isinstance(panel, ReceivingPanel)
    assert window.controls.keypad.isVisible()  # a quantity may be typed before the scan
    wedge_scan(qtbot, window, GS1_CASE_GS)  # a lot, a group separator, then the expiry
    assert tr("ScanScreen", "ACCEPTED") in banner(window)
    captured = panel.captured.text()  # under the last-scan card
    assert panel.captured.isVisible()
    assert "CB2611A" in captured and "2028-12-31" in captured  # the lot and expiry it carried
    assert tr("Captured", "{days} days left").format(days=768) in captured
    assert prompt(window) == tr(
        "ScanScreen",
        "Next: scan an item. For another quantity, type it first (Enter), then scan the item.",
    )
    shot(window, "receipt", lang, 1)

    scan(qtbot, window, GS1_CASE)
    scan(qtbot, window, GS1_CASE)  # 18 of 12: over, a supervisor must approve
    assert tr("ScanScreen", "CHECK") in banner(window)
    assert "18 / 12" in panel.last_scan.text()
    shot(window, "receipt", lang, 2)
    scan(qtbot, window, "$USR-S001")
    assert window.controls.keypad.isVisible()  # the supervisor's PIN
    keypad(qtbot, window, "3333")
    assert "Demo Supervisor" in message(window)
    assert tr("ReceivingPanel", "OVER") in [
        panel.lines.item(r, 5).text() for r in range(panel.lines.rowCount())
    ]
    scan(qtbot, window, "$LOC-A-02-1")
    click(qtbot, window, "done")
    assert tr("ReceivingPanel", "POSTED") in panel.header.text()
    assert window.notice.isVisible()  # the discrepancy report: where it went
    assert "documents" in window.notice.text()
    shot(window, "receipt", lang, 3)


def test_a_two_person_issue_with_a_wrong_bin_recovered(
    qtbot: Any, window: MainWindow, lang: str
) -> None:
    log_in(qtbot, window, "$USR-C001", "1111")
    scan(qtbot, window, "ISS-0001")
    panel = current(window)
    assert isinstance(panel, IssuingPanel)
    scan(qtbot, window, "$LOC-B-01-2")  # the wrong bin for line 1
    scan(qtbot, window, BEARING)
    assert tr("ScanScreen", "REFUSED") in banner(window)
    take = tr("IssuingPanel", "Take")
    assert take in message(window)  # how to go on: the bin shown under Take, then the item
    assert column(panel, take)[0].endswith("A-01-2")
    shot(window, "issue", lang, 1)
    scan(qtbot, window, "$LOC-A-01-2")  # the right bin, as the refusal said
    scan(qtbot, window, BEARING)
    assert window.controls.keypad.isVisible()  # the quantity of the item just scanned
    assert prompt(window) == tr(
        "ScanScreen",
        "Next: type the quantity of the item just scanned and press Enter, or scan the next item.",
    )
    keypad(qtbot, window, "5")
    assert "L2608241" in panel.captured.text() and "5 / 5" in panel.last_scan.text()
    assert tr("Captured", "quantity typed") in panel.captured.text()
    shot(window, "issue", lang, 2)
    for bin_, item in (("$LOC-B-01-2", SECOND), ("$LOC-B-04-1", THIRD)):
        scan(qtbot, window, bin_)
        scan(qtbot, window, item)
        keypad(qtbot, window, "10")
    click(qtbot, window, "done")  # locked for the checker
    scan(qtbot, window, "$USR-C002")
    keypad(qtbot, window, "1212")
    for item, qty in ((BEARING, "5"), (SECOND, "10"), (THIRD, "10")):
        scan(qtbot, window, item)
        keypad(qtbot, window, qty)
    shot(window, "issue", lang, 3)
    click(qtbot, window, "done")
    assert tr("ScanScreen", "ACCEPTED") in banner(window)
    assert "ISS-0001" in message(window)
    assert window.notice.isVisible()  # the dispatch note: where it went
    shot(window, "issue", lang, 4)


def test_a_blind_count_with_a_typed_quantity_and_its_variance_review(
    qtbot: Any, window: MainWindow, lang: str
) -> None:
    log_in(qtbot, window, "$USR-N001", "2222")
    scan(qtbot, window, "CC-0003")
    scan(qtbot, window, "06975123001026")
    assert window.controls.keypad.isVisible()
    keypad(qtbot, window, "5")
    assert tr("Captured", "quantity typed") in current(window).captured.text()  # type: ignore[attr-defined]
    scan(qtbot, window, "06975123000586")
    keypad(qtbot, window, "149")
    panel = current(window)
    table = panel.table  # type: ignore[attr-defined]
    counted = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert counted["FAST-0058"] == "149" and "150" not in counted.values()  # blind
    shot(window, "count", lang, 1)
    click(qtbot, window, "done")
    qtbot.keyClick(window.entry, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # log out
    log_in(qtbot, window, "$USR-S001", "3333")
    scan(qtbot, window, "$CMD-REVIEW")
    review = current(window)
    qtbot.mouseClick(window.controls.choice_buttons[0], Qt.MouseButton.LeftButton)
    assert "150" in review.summary.text()  # type: ignore[attr-defined]
    shot(window, "count", lang, 2)
    scan(qtbot, window, "found on the next shelf")
    qtbot.mouseClick(window.controls.choice_buttons[1], Qt.MouseButton.LeftButton)  # reject
    keypad(qtbot, window, "3333")
    assert tr("ScanScreen", "ACCEPTED") in banner(window)
    shot(window, "count", lang, 3)


def test_the_dashboard_is_a_page_of_the_window_and_back_returns_to_scanning(
    qtbot: Any, demo_store: Store, clock: ManualClock, lang: str
) -> None:
    from station.core.stale_stock.dashboard import load_dashboard

    window = MainWindow(
        Engine(demo_store, clock),
        InlineTasks(),
        station_id="ST-DEMO",
        db_label="demo.db",
        dashboard_loader=lambda: load_dashboard(demo_store, clock.now().date()),
    )
    qtbot.addWidget(window)
    window.resize(WIDTH, HEIGHT)
    window.show()
    with qtbot.waitActive(window):  # the keys below go where a clerk's keys go
        window.activateWindow()
    log_in(qtbot, window, "$USR-S001", "3333")
    qtbot.keyClick(window.entry, Qt.Key.Key_F9)
    assert window.pages.currentWidget() is window.dashboard_page
    assert window.dashboard is not None and window.dashboard.isVisible()
    shot(window, "dashboard", lang, 1)  # it did not grow the window past the screen
    table = window.dashboard.findChildren(QTableWidget)[-1]  # the lots of the chosen bucket
    qtbot.mouseClick(table, Qt.MouseButton.LeftButton)  # a click on the page, then typing
    qtbot.keyClicks(table, "$")  # the first key typed lands on the table ...
    assert window.pages.currentIndex() == 0 and window.focusWidget() is window.entry
    qtbot.keyClicks(window.focusWidget(), "CMD")  # ... and the rest where the focus now is
    assert window.entry.text() == "$CMD"  # nothing typed was lost
    window.entry.clear()
    qtbot.keyClick(window.entry, Qt.Key.Key_F9)
    back = window.dashboard_page.findChild(QWidget, "dashboardBack")
    assert tr("MainWindow", "BACK") in back.text()  # type: ignore[attr-defined]
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == 0 and window.focusWidget() is window.entry
    qtbot.keyClicks(window.entry, "$CMD-LOGOUT")  # typed keys reach the entry again
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)
    assert tr("ScanScreen", "Log in") == window.scan_screen.workflow_label.text()


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_the_busiest_screens_fit_a_wide_bench_screen_too(
    qtbot: Any, demo_store: Store, clock: ManualClock, size: tuple[int, int]
) -> None:
    window = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    log_in(qtbot, window, "$USR-C001", "1111")
    for text in ("PO-2026-0001", GS1_CASE, GS1_CASE, GS1_CASE):  # the over-receipt: tallest
        scan(qtbot, window, text)
    QCoreApplication.processEvents()
    assert (window.width(), window.height()) == size  # it did not grow
    scan(qtbot, window, "$CMD-CANCEL")
    scan(qtbot, window, "$CMD-CANCEL")
    scan(qtbot, window, "ISS-0001")
    scan(qtbot, window, "$LOC-A-01-2")
    scan(qtbot, window, BEARING)  # the issue lines with the keypad beside them
    QCoreApplication.processEvents()
    assert (window.width(), window.height()) == size
    table = current(window).table  # type: ignore[attr-defined]
    assert table.horizontalScrollBar().maximum() == 0  # every column in view, none scrolls
