# SPDX-License-Identifier: Apache-2.0
"""Engine messages through Qt's translator: the English template is the source text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from station.core.engine.messages import MESSAGES


def tr_message(key: str, params: dict[str, Any], fallback: str) -> str:
    template = MESSAGES.get(key)
    if template is None:
        return fallback
    translated = QCoreApplication.translate("engine", template)
    shown = dict(params)
    for name, context in (("role", "roles"), ("action", "actions")):
        if isinstance(shown.get(name), str):
            shown[name] = QCoreApplication.translate(context, shown[name])
    try:
        return translated.format(**shown)
    except (KeyError, IndexError, ValueError):
        return fallback
