# SPDX-License-Identifier: Apache-2.0
"""The settings dialog: one view over ``station.core.settings_file``, built from the registry.

Every setting the site file may hold gets a field, on the tab of its group, labelled with its
help sentence in the window's language: a check box for yes/no, a number box within the
setting's range, a list of choices, or a line of text (lists and tables in the text form the
registry defines, e.g. ``A=30; B=90``). Opened only for a logged-in admin (the engine's
permission check). Device URLs get a "Test" button that opens the device off the UI thread
and shows its next scan. Saving validates every value; an invalid one is shown with its
reason and nothing is written.
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
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station.core import settings_file
from station.core.engine.settings import GROUPS, Setting
from station.core.settings_file import SettingsError

from .i18n import current_language

LANGUAGE_NAMES = {"auto": None, "zh": "简体中文", "en": "English"}
DEVICE_KEYS = ("scanner_urls", "rfid_urls")


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
        language: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.path = path
        self.run = run
        self.language = language or current_language()
        self.registry = settings_file.registry()
        self.values_error = ""
        try:
            self.values = settings_file.load(path)
        except SettingsError as exc:
            self.values = settings_file.validate({})
            self.values_error = exc.sentence(self.language)
        self.fields: dict[str, QWidget] = {}
        tabs = QTabWidget()
        forms: dict[str, QFormLayout] = {}
        for key, setting in self.registry.items():
            if setting.group not in forms:
                page = QWidget()
                forms[setting.group] = QFormLayout(page)
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(page)
                en, zh = GROUPS[setting.group]
                tabs.addTab(scroll, zh if self.language == "zh" else en)
            field = self._field(setting, self.values[key])
            self.fields[key] = field
            label = QLabel(setting.help(self.language))
            label.setWordWrap(True)
            shown = self._with_test(field) if key in DEVICE_KEYS else field
            forms[setting.group].addRow(label, shown)
        # the fields other code and tests reach by name
        self.language_box = self.fields["language"]
        self.scanners = self.fields["scanner_urls"]
        self.rfid = self.fields["rfid_urls"]
        self.volume = self.fields["volume"]
        self.error = QLabel(self.values_error)
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
        layout.addWidget(tabs, 1)
        note = QLabel(self.tr("Device, language and sync changes take effect at the next start."))
        layout.addWidget(note)
        layout.addWidget(self.test_result)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def _field(self, setting: Setting, value: Any) -> QWidget:
        if setting.kind == "bool":
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if setting.kind == "int" and not setting.optional:
            spin = QSpinBox()
            spin.setRange(int(setting.low or 0), int(setting.high or 2_000_000_000))
            spin.setValue(int(value))
            return spin
        if setting.kind == "choice":
            combo = QComboBox()
            for choice in setting.choices:
                name = LANGUAGE_NAMES.get(choice) if setting.key == "language" else None
                if setting.key == "language" and choice == "auto":
                    name = self.tr("Follow the system")
                combo.addItem(name or choice, choice)
            combo.setCurrentIndex(setting.choices.index(value))
            return combo
        return QLineEdit(setting.to_text(value))

    def value_of(self, key: str) -> Any:
        """What the field of ``key`` holds, as the setting's value."""
        field = self.fields[key]
        if isinstance(field, QCheckBox):
            return field.isChecked()
        if isinstance(field, QSpinBox):
            return field.value()
        if isinstance(field, QComboBox):
            return field.currentData()
        assert isinstance(field, QLineEdit)
        return self.registry[key].from_text(field.text())

    def set_value(self, key: str, value: Any) -> None:
        """Put a value into the field of ``key`` (as a user would type or pick it)."""
        field = self.fields[key]
        if isinstance(field, QCheckBox):
            field.setChecked(bool(value))
        elif isinstance(field, QSpinBox):
            field.setValue(int(value))
        elif isinstance(field, QComboBox):
            field.setCurrentIndex(field.findData(value))
        else:
            assert isinstance(field, QLineEdit)
            field.setText(self.registry[key].to_text(value))

    def _with_test(self, field: QWidget) -> QWidget:
        assert isinstance(field, QLineEdit)
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
        return {key: self.value_of(key) for key in self.registry}

    def save(self) -> bool:
        """Validate and write; on an invalid value show it and keep the dialog open."""
        try:
            settings_file.save(self.collected(), self.path)
        except SettingsError as exc:
            self.error.setText(self.tr("Not saved:") + f" {exc.sentence(self.language)}")
            return False
        self.error.setText("")
        self.accept()
        return True
