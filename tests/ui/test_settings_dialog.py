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
from tests.core.test_settings_file import example_values


def test_values_round_trip_through_the_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "settings.toml"
    dialog = SettingsDialog(path)
    qtbot.addWidget(dialog)
    dialog.scanners.setText("fake://?scans=A loop://")
    dialog.language_box.setCurrentIndex(1)  # 简体中文
    dialog.volume.setValue(40)
    assert dialog.save()
    saved = settings_file.load(path)
    assert saved["scanner_urls"] == ["fake://?scans=A", "loop://"]
    assert (saved["language"], saved["volume"]) == ("zh", 40)
    again = SettingsDialog(path)
    qtbot.addWidget(again)
    assert again.scanners.text() == "fake://?scans=A loop://"


def test_an_invalid_device_url_is_refused_with_a_message(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "settings.toml"
    dialog = SettingsDialog(path)
    qtbot.addWidget(dialog)
    dialog.scanners.setText("serial:///dev/ttyACM0?baud=fast")
    assert not dialog.save()
    shown = dialog.error.text()
    assert shown.startswith("Not saved: Barcode scanners and cameras") and "baud" in shown
    assert "scanner_urls" not in shown  # a sentence, not the key
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


def test_every_key_of_the_registry_walks_through_the_dialog_and_the_file(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    path = tmp_path / "settings.toml"
    values = example_values()
    dialog = SettingsDialog(path)
    qtbot.addWidget(dialog)
    assert set(dialog.fields) == set(settings_file.registry())
    for key, value in values.items():
        dialog.set_value(key, value)
        assert dialog.value_of(key) == value, key
    assert dialog.save(), dialog.error.text()
    assert settings_file.site_settings(path) == values
    again = SettingsDialog(path)
    qtbot.addWidget(again)
    assert again.collected() == values


def test_the_dialog_speaks_chinese_in_a_chinese_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(tmp_path / "s.toml", language="zh")
    qtbot.addWidget(dialog)
    dialog.set_value("count_tolerance_pct_a", 150)
    assert not dialog.save()
    assert "A 类物料" in dialog.error.text() and "0 到 100" in dialog.error.text()
