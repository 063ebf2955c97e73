# SPDX-License-Identifier: Apache-2.0
"""Visible controls for every input, each with its keyboard key on it: DONE / UNDO / CANCEL /
ACKNOWLEDGE buttons, one button per choice offered, and an on-screen numeric keypad (touch
sized: 15 mm targets) shown while a quantity or a PIN is expected.

The controls never take the keyboard focus: after a click the scan entry still has it, so a
wedge scanner's keystrokes always land there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

#: about 15 mm at the 96 dpi Qt assumes offscreen and on most bench screens
TOUCH_PX = 60

#: command, label and the key that does the same
COMMAND_BUTTONS = [
    ("done", QT_TRANSLATE_NOOP("Controls", "DONE"), "F10"),
    ("undo", QT_TRANSLATE_NOOP("Controls", "UNDO"), "F8"),
    ("cancel", QT_TRANSLATE_NOOP("Controls", "CANCEL"), "Esc"),
    ("ack", QT_TRANSLATE_NOOP("Controls", "ACKNOWLEDGE"), "F12"),
]
KEYPAD = ["7", "8", "9", "4", "5", "6", "1", "2", "3", ".", "0", "⌫"]


def _button(text: str, height: int = TOUCH_PX) -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumSize(TOUCH_PX, height)
    return button


class Controls(QWidget):
    command = Signal(str)  # done / undo / cancel / ack
    choose = Signal(int)  # a choice, from 1
    key = Signal(str)  # a keypad key: a digit, ".", "⌫" or "enter"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("controls")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.choice_row = QHBoxLayout()
        self.choice_buttons: list[QPushButton] = []
        left.addLayout(self.choice_row)
        commands = QHBoxLayout()
        self.command_buttons: dict[str, QPushButton] = {}
        for name, label, shortcut in COMMAND_BUTTONS:
            button = _button(f"{QCoreApplication.translate('Controls', str(label))}  [{shortcut}]")
            button.setObjectName(f"command_{name}")
            button.clicked.connect(lambda _=False, n=name: self.command.emit(n))
            commands.addWidget(button)
            self.command_buttons[name] = button
        left.addLayout(commands)
        layout.addLayout(left, 1)
        self.keypad = QWidget()
        self.keypad.setObjectName("keypad")
        grid = QGridLayout(self.keypad)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        self.keypad_buttons: dict[str, QPushButton] = {}
        for n, text in enumerate(KEYPAD):
            button = _button(text)
            button.clicked.connect(lambda _=False, t=text: self.key.emit(t))
            grid.addWidget(button, n // 3, n % 3)
            self.keypad_buttons[text] = button
        enter = _button(QCoreApplication.translate("Controls", "OK") + "  [Enter]")
        enter.clicked.connect(lambda: self.key.emit("enter"))
        grid.addWidget(enter, 4, 0, 1, 3)  # under the digits: the keypad stays narrow
        self.keypad_buttons["enter"] = enter
        self.keypad.hide()  # the window places it beside the scan screen
        style = "QPushButton { font-size: 16pt; font-weight: bold; }"
        self.setStyleSheet(style)
        self.keypad.setStyleSheet(style)  # the window may place the keypad elsewhere

    def _fit_text(self, button: QPushButton, sharing: int) -> None:
        """A choice too long for its share of the row goes on two lines, in smaller type
        (a button does not wrap its text, and a cut choice cannot be read)."""
        width = max(self.width(), 640) // sharing - 24  # the button's frame and padding
        button.ensurePolished()  # the style sheet's type size, as it will be drawn
        text = button.text()
        if button.fontMetrics().horizontalAdvance(text) <= width:
            return
        middle = len(text) // 2
        spaces = [i for i, c in enumerate(text) if c == " "]
        if spaces:
            cut = min(spaces, key=lambda i: abs(i - middle))
            text = text[:cut] + "\n" + text[cut + 1 :]
        button.setText(text)
        button.setToolTip(button.text().replace("\n", " "))
        button.setStyleSheet("font-size: 12pt;")

    def show_for(self, wants: dict[str, Any], choices: list[str]) -> None:
        """Show the keypad while a quantity or PIN is taken, and a button per choice."""
        kinds = {wants.get("kind"), *(wants.get("also") or [])}
        self.keypad.setVisible(bool(kinds & {"quantity", "pin"}))
        for button in self.choice_buttons:
            self.choice_row.removeWidget(button)
            button.hide()  # at once: deleteLater waits for the event loop
            button.deleteLater()
        self.choice_buttons = []
        room = max(1, min(len(choices), 9))
        for n, text in enumerate(choices[:9], start=1):
            button = _button(f"[{n}] {text}")
            button.setObjectName(f"choice_{n}")
            button.clicked.connect(lambda _=False, c=n: self.choose.emit(c))
            self.choice_row.addWidget(button)
            self._fit_text(button, room)
            self.choice_buttons.append(button)
