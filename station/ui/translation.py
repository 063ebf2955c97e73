# SPDX-License-Identifier: Apache-2.0
"""Engine messages through Qt's translator: the English template is the source text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from drivers.gs1.errors import ERROR_CODES
from station.core.engine.messages import MESSAGES, WORD_PARAMS, word


def gs1_reason(code: str, ai: object, english: str) -> str:
    """The GS1 engine's reason in the UI language: its detailed English sentence where no
    translation exists, otherwise the translated meaning of the error code with the AI."""
    source = ERROR_CODES[code]
    translated = QCoreApplication.translate("gs1", source)
    if translated == source:
        return english
    return f"{translated}（AI {ai}）" if ai else translated


def tr_message(key: str, params: dict[str, Any], fallback: str) -> str:
    template = MESSAGES.get(key)
    if template is None:
        return fallback
    translated = QCoreApplication.translate("engine", template)
    shown = dict(params)
    if key == "scan.invalid" and params.get("code") in ERROR_CODES:
        shown["reason"] = gs1_reason(str(params["code"]), params.get("ai"), str(params["reason"]))
    for name, context in (("role", "roles"), ("action", "actions")):
        if isinstance(shown.get(name), str):
            shown[name] = QCoreApplication.translate(context, shown[name])
    for name in WORD_PARAMS:
        if isinstance(shown.get(name), str) and not (key == "scan.invalid" and name == "reason"):
            shown[name] = tr_word(shown[name])
    try:
        return translated.format(**shown)
    except (KeyError, IndexError, ValueError):
        return fallback


def tr_word(value: str) -> str:
    """An identifier (an input kind, a status, a reason code) as a word in the UI language."""
    return QCoreApplication.translate("words", word(value))
