# SPDX-License-Identifier: Apache-2.0
"""The UI language: Simplified Chinese or English, from the settings or the system locale.

Translations are Qt's own: ``translations/station_zh_CN.qm`` made by ``packaging/i18n.py``
from the ``.ts`` file (engine messages in the context ``engine``, widget strings in their
class's context). Qt's bundled translations of its standard dialogs are loaded too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATIONS = Path(__file__).with_name("translations")


def resolve_language(setting: str) -> str:
    """``zh`` or ``en``: the setting, or for ``auto`` the system locale."""
    if setting in ("zh", "en"):
        return setting
    return "zh" if QLocale.system().name().lower().startswith("zh") else "en"


LANGUAGE_PROPERTY = "stationLanguage"


def current_language() -> str:
    """``zh`` or ``en``: the language the application was started in (English before
    :func:`install_translation`)."""
    app = QCoreApplication.instance()
    value = app.property(LANGUAGE_PROPERTY) if app is not None else None
    return "zh" if value == "zh" else "en"


def install_translation(app: QCoreApplication, setting: str = "auto") -> str:
    """Load the language's translators into ``app``; returns ``zh`` or ``en``.

    The translators are parented to ``app`` so they live as long as it does.
    """
    language = resolve_language(setting)
    app.setProperty(LANGUAGE_PROPERTY, language)
    if language != "zh":
        return language
    ours = QTranslator(app)
    if ours.load(str(TRANSLATIONS / "station_zh_CN.qm")):
        app.installTranslator(ours)
    qt = QTranslator(app)
    if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    return language


class RecordingTranslator(QTranslator):
    """For tests: answers nothing itself, but records every lookup that the translators
    installed before it could not answer (a string shown untranslated)."""

    def __init__(self, inner: QTranslator, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self.inner = inner
        self.missing: set[tuple[str, str]] = set()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        found = self.inner.translate(context, source, disambiguation, n)
        if not found and source.strip():
            self.missing.add((context, source))
        return found or ""

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False
