# SPDX-License-Identifier: Apache-2.0
"""The settings dialog: admins only, values round-trip, an invalid URL is refused with why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from station.core import settings_file
from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks
from station.ui.settings_dialog import SettingsDialog


def test_values_round_trip_through_the_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "settings.toml"
    dialog = SettingsDialog(path)
    qtbot.addWidget(dialog)
    dialog.scanners.setText("fake://?scans=A loop://")
    dialog.station_id.setText("ST-BENCH-2")
    dialog.language.setCurrentIndex(1)  # 简体中文
    dialog.volume.setValue(40)
    assert dialog.save()
    saved = settings_file.load(path)
    assert saved["scanner_urls"] == ["fake://?scans=A", "loop://"]
    assert (saved["station_id"], saved["language"], saved["volume"]) == ("ST-BENCH-2", "zh", 40)
    again = SettingsDialog(path)
    qtbot.addWidget(again)
    assert again.scanners.text() == "fake://?scans=A loop://"


def test_an_invalid_device_url_is_refused_with_a_message(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "settings.toml"
    dialog = SettingsDialog(path)
    qtbot.addWidget(dialog)
    dialog.scanners.setText("serial:///dev/ttyACM0?baud=fast")
    assert not dialog.save()
    assert "scanner_urls" in dialog.error.text() and "baud" in dialog.error.text()
    assert not path.exists()  # nothing written


def test_the_test_button_shows_the_next_scan(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(tmp_path / "s.toml", run=InlineTasks().run)
    qtbot.addWidget(dialog)
    dialog.test("fake://?scans=0697512300001" + "2")
    assert dialog.test_result.text().endswith("06975123000012")


def test_only_an_admin_opens_the_settings(qtbot, demo_store: Store, clock: ManualClock) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(Engine(demo_store, clock), InlineTasks(), station_id="ST", db_label="d")
    qtbot.addWidget(window)
    for text in ("$USR-C001", "1111"):
        qtbot.keyClicks(window.entry, text)
        qtbot.keyClick(window.entry, Qt.Key.Key_Return)
    window.open_settings()
    assert "Only an admin" in window.scan_screen.message.text()
    for text in ("$USR-C001", "$USR-A001", "4444"):
        qtbot.keyClicks(window.entry, text)
        qtbot.keyClick(window.entry, Qt.Key.Key_Return)
    window.open_settings()
    assert window.settings_dialog.isVisible()
    window.settings_dialog.reject()
