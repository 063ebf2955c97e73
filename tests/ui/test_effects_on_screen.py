# SPDX-License-Identifier: Apache-2.0
"""Nothing fails silently: a receipt posted in the window asks for labels and a discrepancy
report; when no printer is set up, when the printer does not answer and when the documents
folder is read-only, the clerk reads it on screen and finds it in the job list (F6), and
RETRY there works once the cause is fixed. A pallet label that must be scanned back is asked
for as soon as it is printed, counted in the printer indicator, and counted off when read."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from station.core.clock import ManualClock
from station.core.documents import register_all
from station.core.effects import carry_out
from station.core.engine.session import Engine
from station.core.label_printing.queue import PrintQueue, set_company_prefix
from station.core.store.database import Store
from station.ui.i18n import TRANSLATIONS
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks
from tests.labels.fake_printer import FakePrinter
from tests.labels.zpl_reader import element_string, read_zpl
from tests.ui.test_walks import stable_folder

#: a GS1 case of a new lot (a batch label) leaves the line short (a discrepancy report)
SHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
RECEIPT = [
    "$USR-C001",
    "1111",
    "PO-2026-0001",
    "]C101169751230003471728123110CB2611A",
    "$LOC-A-02-1",
]


class Bench:
    """The station's effect setup as the app wires it, with a printer URL the test changes."""

    def __init__(self, store: Store, clock: ManualClock, folder: Path) -> None:
        self.store, self.clock, self.folder = store, clock, folder
        self.printer_url = ""
        self.queue = PrintQueue(store, clock)

    def effects(self, todo: list[dict[str, Any]]) -> list[str]:
        return carry_out(
            todo,
            store=self.store,
            printer_url=self.printer_url,
            documents_dir=self.folder,
            clock=self.clock,
        )

    def retry_printer(self, url: str) -> None:
        self.queue.retry_now(url)
        self.queue.run_once()  # the queue's own thread in the station; here at once


@pytest.fixture
def bench(demo_store: Store, clock: ManualClock, tmp_path: Path) -> Bench:
    register_all()
    return Bench(demo_store, clock, tmp_path / "documents")


@pytest.fixture
def window(qtbot: Any, bench: Bench, demo_store: Store, clock: ManualClock) -> MainWindow:
    win = MainWindow(
        Engine(demo_store, clock),
        InlineTasks(),
        station_id="ST-DEMO",
        db_label="demo.db",
        effects=bench.effects,
        printer_retry=bench.retry_printer,
        printer_states=bench.queue.states,
    )
    bench.queue.on_change = win.show_printers
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    return win


def post_a_receipt(qtbot: Any, window: MainWindow) -> None:
    for text in RECEIPT:
        qtbot.keyClicks(window.entry, text)
        qtbot.keyClick(window.entry, Qt.Key.Key_Return)
    qtbot.mouseClick(window.controls.command_buttons["done"], Qt.MouseButton.LeftButton)
    assert "posted" in window.scan_screen.message.text()


def job_list(qtbot: Any, window: MainWindow) -> list[tuple[str, str, bool]]:
    """F6: the job list page, as (what, result, has RETRY) rows."""
    qtbot.keyClick(window, Qt.Key.Key_F6)
    page = window.job_page
    assert window.pages.currentWidget() is page
    table = page.table
    return [
        (table.item(r, 1).text(), table.item(r, 2).text(), table.cellWidget(r, 3) is not None)
        for r in range(table.rowCount())
    ]


def click_retry(qtbot: Any, window: MainWindow) -> None:
    (button,) = window.job_page.retry_buttons.values()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_labels_with_no_printer_set_up_are_told_and_retried(
    qtbot: Any, window: MainWindow, bench: Bench, tmp_path: Path
) -> None:
    bench.folder = stable_folder("job-list")  # the path shown is the same every run
    window.show_printers([], configured=False)
    assert window.printer_status.text() == "Printer: none set up"
    post_a_receipt(qtbot, window)
    notice = window.notice.text()
    assert window.notice.isVisible()
    assert "Labels (1): NOT done: no label printer is set up." in notice
    assert "Set a label printer in the settings" in notice
    assert "Receipt discrepancy report: written to " + str(bench.folder) in notice
    rows = job_list(qtbot, window)
    assert rows[-1][0] == "Labels (1)" and rows[-1][2]  # failed, with RETRY
    SHOTS.mkdir(parents=True, exist_ok=True)
    for _ in range(3):  # laid out as shown: wrapped labels settle
        QCoreApplication.processEvents()
    assert window.grab().save(str(SHOTS / "job-list.png"))
    assert rows[0][0] == "Receipt discrepancy report" and not rows[0][2]
    assert window.failed_status.isVisible() and window.failed_status.text() == "Failed jobs: 1"
    bench.printer_url = f"file://{tmp_path / 'labels.zpl'}"  # a printer is set up now
    click_retry(qtbot, window)
    assert "sent to the print queue" in window.notice.text()
    assert not window.job_page.retry_buttons  # nothing left to retry
    assert not window.failed_status.isVisible()
    bench.queue.run_once()
    assert "^XA" in (tmp_path / "labels.zpl").read_text(encoding="utf-8")
    qtbot.keyClick(window, Qt.Key.Key_F7)  # BACK: scanning again, the entry focused
    assert window.pages.currentIndex() == 0
    assert window.focusWidget() is window.entry


def test_a_printer_that_does_not_answer_is_told_and_retried(
    qtbot: Any, window: MainWindow, bench: Bench
) -> None:
    printer = FakePrinter()  # switched off: connections are refused
    bench.printer_url = printer.url
    window.show_printers([], configured=True)
    assert window.printer_status.text() == "Printer: ready"
    post_a_receipt(qtbot, window)
    assert "sent to the print queue" in window.notice.text()
    bench.queue.run_once()  # the print queue tries it
    assert window.printer_status.text() == "Printer: failing, 1 waiting"
    assert "NOT printing, 1 label job(s) waiting" in window.notice.text()
    assert "cannot send to printer" in window.notice.text()
    rows = job_list(qtbot, window)
    failing = [r for r in rows if r[0] == f"Printer {printer.url}"]
    assert failing and failing[0][2], rows
    with printer:  # switched on
        click_retry(qtbot, window)
        assert printer.wait_for(1)
    assert window.printer_status.text() == "Printer: ready"
    assert "printed, nothing waiting" in window.notice.text()
    assert not window.job_page.retry_buttons


def _read_only(folder: Path) -> Iterator[None]:
    """``folder`` made read-only; for root (who writes anyway) also immutable."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o555)
    immutable = False
    if os.access(folder, os.W_OK) and os.geteuid() == 0:
        immutable = subprocess.run(["chattr", "+i", str(folder)], check=False).returncode == 0
    try:
        probe = folder / "probe"
        try:
            probe.write_bytes(b"")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.fail(f"{folder} could not be made read-only on this machine")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_report_to_a_read_only_folder_is_told_and_retried(
    qtbot: Any, window: MainWindow, bench: Bench, tmp_path: Path
) -> None:
    bench.printer_url = f"file://{tmp_path / 'labels.zpl'}"
    window.show_printers([], configured=True)
    folder = _read_only(bench.folder)
    next(folder)
    try:
        post_a_receipt(qtbot, window)
        notice = window.notice.text()
        assert f"Receipt discrepancy report: NOT done: the folder {bench.folder}" in notice
        assert "cannot be written" in notice and "then RETRY (F5)" in notice
        rows = job_list(qtbot, window)
        assert rows[0][0] == "Receipt discrepancy report" and rows[0][2]
    finally:
        next(folder, None)  # writable again: the supervisor fixed the folder
    click_retry(qtbot, window)
    assert "Receipt discrepancy report: written to" in window.notice.text()
    assert list(bench.folder.glob("*.pdf"))
    assert not window.job_page.retry_buttons


PALLET = {"ship_from": "Depot 1", "ship_to": "DC North", "content_gtin": "06975123000012",
          "count": 40, "lot": "L-2611"}  # fmt: skip


def _enter(qtbot: Any, window: MainWindow, text: str) -> None:
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def test_a_printed_pallet_label_is_asked_for_and_scanned_back(
    qtbot: Any, window: MainWindow, bench: Bench, demo_store: Store, tmp_path: Path
) -> None:
    set_company_prefix(demo_store, "0614141", 3)
    _enter(qtbot, window, "$USR-C001")
    _enter(qtbot, window, "1111")
    with FakePrinter() as printer:
        bench.printer_url = printer.url
        window.show_printers([], configured=True)
        window.carry_out([{"kind": "labels", "template": "sscc", "data": [PALLET]}])
        assert "sent to the print queue" in window.notice.text()
        assert window.printer_status.text() == "Printer: ready"
        bench.queue.run_once()  # the print queue's own thread in the station
        assert printer.wait_for(1)
    (symbol,) = [element_string(b)[1] for b in read_zpl(printer.jobs[0].decode())[0].barcodes()
                 if element_string(b)[1].startswith("00")]  # fmt: skip
    sscc = symbol[2:20]

    notice = window.notice.text()  # told at once, not at the next scan
    assert window.notice.isVisible()
    assert f"Scan the label just printed now, before the goods move: (00){sscc}" in notice
    assert "(1 printed label(s) to scan back)" in notice
    assert window.scan_screen.prompt.text() == (  # the prompt asks for it too
        "Next: scan the label just printed, or type the number of a choice and press Enter."
    )
    assert window.printer_status.text() == "Printer: ready, 1 to scan back"
    assert "1 printed label(s) wait to be scanned back" in window.printer_status.toolTip()
    for _ in range(3):  # laid out as shown: wrapped labels settle
        QCoreApplication.processEvents()
    assert window.grab().save(str(tmp_path / "scan-back-prompt.png"))

    _enter(qtbot, window, "]C1" + symbol)  # the bench scanner reads the label
    assert f"Label verified: (00){sscc} reads back as printed." in (
        window.scan_screen.message.text()
    )
    assert window.printer_status.text() == "Printer: ready"
    assert window.printer_status.to_read_back == 0
    assert "No printed label is waiting to be scanned back now." in window.notice.text()
    assert window.grab().save(str(tmp_path / "scan-back-verified.png"))
    assert window.scan_screen.prompt.text() == (
        "Next: scan a barcode, or type the number of a choice and press Enter."
    )
    menu = window.scan_screen.detail.text()  # home again: nothing left to scan back
    assert "[1] Receive goods" in menu and "Scan a printed label back" not in menu
    assert all("label back" not in b.text() for b in window.controls.choice_buttons)


def print_a_pallet_label(bench: Bench, window: MainWindow, demo_store: Store) -> None:
    set_company_prefix(demo_store, "0614141", 3)
    with FakePrinter() as printer:
        bench.printer_url = printer.url
        window.show_printers([], configured=True)
        window.carry_out([{"kind": "labels", "template": "sscc", "data": [PALLET]}])
        bench.queue.run_once()
        assert printer.wait_for(1)


def choose_scan_back(qtbot: Any, window: MainWindow) -> None:
    """Types the number the home menu shows for "Scan a printed label back"."""
    menu = window.scan_screen.last.choices if window.scan_screen.last else []
    _enter(qtbot, window, str(menu.index("Scan a printed label back") + 1))


def test_the_menu_offers_a_printed_label_and_asks_to_scan_it(
    qtbot: Any, window: MainWindow, bench: Bench, demo_store: Store
) -> None:
    print_a_pallet_label(bench, window, demo_store)
    _enter(qtbot, window, "$USR-C001")
    _enter(qtbot, window, "1111")
    assert "[4] Scan a printed label back" in window.scan_screen.detail.text()
    choose_scan_back(qtbot, window)
    assert window.scan_screen.message.text().startswith("Scan the label just printed: (00)")
    assert window.scan_screen.prompt.text() == "Next: scan the label just printed."


def test_the_read_back_prompt_in_chinese(
    qtbot: Any, window: MainWindow, bench: Bench, demo_store: Store, qapp: Any
) -> None:
    inner = QTranslator()
    assert inner.load(str(TRANSLATIONS / "station_zh_CN.qm")), "run packaging/i18n.py"
    qapp.installTranslator(inner)
    try:
        print_a_pallet_label(bench, window, demo_store)
        _enter(qtbot, window, "$USR-C001")
        _enter(qtbot, window, "1111")
        assert window.scan_screen.prompt.text() == (
            "下一步：扫描刚打印的标签，或输入选项编号并按回车。"
        )
        choose_scan_back(qtbot, window)
        assert window.scan_screen.prompt.text() == "下一步：扫描刚打印的标签。"
    finally:
        qapp.removeTranslator(inner)


def test_a_wrong_label_scanned_back_is_not_told_as_done(
    qtbot: Any, window: MainWindow, bench: Bench, demo_store: Store
) -> None:
    _enter(qtbot, window, "$USR-C001")
    _enter(qtbot, window, "1111")
    print_a_pallet_label(bench, window, demo_store)
    assert window.printer_status.text() == "Printer: ready, 1 to scan back"
    _enter(qtbot, window, "]C100306141419999999995")  # an old pallet label left on the bench
    assert "Wrong label" in window.scan_screen.message.text()
    assert window.printer_status.text() == "Printer: ready"
    notice = window.notice.text()  # no green tick: the pallet is not ready
    assert notice.startswith("ℹ") and "No printed label is waiting" in notice
