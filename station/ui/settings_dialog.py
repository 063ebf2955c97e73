# SPDX-License-Identifier: Apache-2.0
"""The settings dialog: one view over ``station.core.settings_file``.

Opened only for a logged-in admin (the engine's permission check). Device URLs get a
"Test" button that opens the device off the UI thread and shows its next scan; the printer
gets a test print. Saving validates every value; an invalid one is shown with its reason and
nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station.core import settings_file
from station.core.settings_file import SettingsError


def test_device(url: str, timeout: float = 10.0) -> str:
    """Open ``url`` and return its next scan as text (runs on a worker thread)."""
    from drivers.base import DeviceError
    from drivers.registry import reader_for_url

    try:
        reader = reader_for_url(url)
    except DeviceError as exc:
        return str(exc)
    try:
        event = reader.read_event(timeout=timeout)
    finally:
        reader.close()
    return "no scan within the time" if event is None else event.text


class SettingsDialog(QDialog):
    """Edit and save the settings file. ``run`` runs a callable off the UI thread and hands
    the result to a callback on it (the window's task runner)."""

    def __init__(
        self,
        path: Path | None = None,
        run: Callable[[Callable[[], Any], Callable[[Any], None]], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.path = path
        self.run = run
        try:
            self.values = settings_file.load(path)
        except SettingsError as exc:
            self.values = settings_file.validate({})
            self.values_error = str(exc)
        form = QFormLayout()
        self.station_id = QLineEdit(self.values["station_id"])
        self.language = QComboBox()
        for code, label in (
            ("auto", self.tr("Follow the system")),
            ("zh", "简体中文"),
            ("en", "English"),
        ):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(["auto", "zh", "en"].index(self.values["language"]))
        self.scanners = QLineEdit(" ".join(self.values["scanner_urls"]))
        self.rfid = QLineEdit(" ".join(self.values["rfid_urls"]))
        self.camera = QLineEdit(self.values["camera_url"])
        self.printer = QLineEdit(self.values["printer_url"])
        self.central = QLineEdit(self.values["central_url"])
        self.sync_interval = QSpinBox()
        self.sync_interval.setRange(5, 86_400)
        self.sync_interval.setValue(self.values["sync_interval_s"])
        self.over_tolerance = QLineEdit(str(self.values["receiving_over_tolerance_pct"]))
        self.count_tolerance = QLineEdit(str(self.values["counting_tolerance_pct"]))
        self.count_value = QLineEdit(str(self.values["counting_tolerance_value"]))
        self.sounds = QCheckBox(self.tr("Play sounds"))
        self.sounds.setChecked(self.values["sounds"])
        self.volume = QSpinBox()
        self.volume.setRange(0, 100)
        self.volume.setValue(self.values["volume"])
        form.addRow(self.tr("Station id"), self.station_id)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Scanners (URLs)"), self._with_test(self.scanners))
        form.addRow(self.tr("RFID readers (URLs)"), self._with_test(self.rfid))
        form.addRow(self.tr("Camera"), self._with_test(self.camera))
        form.addRow(self.tr("Label printer"), self.printer)
        form.addRow(self.tr("Central database"), self.central)
        form.addRow(self.tr("Sync every (seconds)"), self.sync_interval)
        form.addRow(self.tr("Over-receipt tolerance (%)"), self.over_tolerance)
        form.addRow(self.tr("Count tolerance (%)"), self.count_tolerance)
        form.addRow(self.tr("Count tolerance (value)"), self.count_value)
        form.addRow(self.sounds, self.volume)
        self.error = QLabel("")
        self.error.setObjectName("settingsError")
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        self.test_result = QLabel("")
        self.test_result.setObjectName("testResult")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel(self.tr("Device, language and sync changes take effect at the next start."))
        layout.addWidget(note)
        layout.addWidget(self.test_result)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _with_test(self, field: QLineEdit) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        button = QPushButton(self.tr("Test"))
        button.clicked.connect(
            lambda: self.test(field.text().split()[0] if field.text().split() else "")
        )
        row.addWidget(button)
        return box

    def test(self, url: str) -> None:
        if not url:
            self.test_result.setText(self.tr("Enter a device URL first."))
            return
        self.test_result.setText(self.tr("Waiting for a scan from") + f" {url} …")
        if self.run is None:
            self.test_result.setText(test_device(url, timeout=0.5))
            return
        self.run(lambda: test_device(url), lambda text: self.test_result.setText(f"{url}: {text}"))

    def collected(self) -> dict[str, Any]:
        def number(field: QLineEdit) -> float | str:
            try:
                return float(field.text().replace(",", "."))
            except ValueError:
                return field.text()

        return {
            "station_id": self.station_id.text().strip(),
            "language": self.language.currentData(),
            "scanner_urls": self.scanners.text().split(),
            "rfid_urls": self.rfid.text().split(),
            "camera_url": self.camera.text().strip(),
            "printer_url": self.printer.text().strip(),
            "central_url": self.central.text().strip(),
            "sync_interval_s": self.sync_interval.value(),
            "receiving_over_tolerance_pct": number(self.over_tolerance),
            "counting_tolerance_pct": number(self.count_tolerance),
            "counting_tolerance_value": number(self.count_value),
            "idle_logout_minutes": self.values["idle_logout_minutes"],
            "error_lock": self.values["error_lock"],
            "sounds": self.sounds.isChecked(),
            "volume": self.volume.value(),
        }

    def save(self) -> bool:
        """Validate and write; on an invalid value show it and keep the dialog open."""
        try:
            settings_file.save(self.collected(), self.path)
        except SettingsError as exc:
            self.error.setText(self.tr("Not saved:") + f" {exc}")
            return False
        self.error.setText("")
        self.accept()
        return True
