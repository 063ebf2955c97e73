# SPDX-License-Identifier: Apache-2.0
"""The scan screen: what the engine said, in large type, and what the workflow shows.

It renders an :class:`Outcome` and nothing else; it never talks to the store.
Feedback is never colour alone: an icon, a word (ACCEPTED / CHECK / WAITING / READY /
REFUSED, one per feedback kind the engine gives) and the message, plus a sound.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.core.engine.inputs import REJECTED, Outcome
from station.core.engine.messages import CHOICES, MENU_TITLES, WORDS

from ..panels import discover as discover_panels
from ..translation import tr_message, tr_word
from ..wrap_label import WrapLabel

#: icon, word and colour of each feedback kind (station.core.engine.feedback)
BANNER = {
    "success": ("✔", QT_TRANSLATE_NOOP("ScanScreen", "ACCEPTED"), "#1b7f3b"),
    "waiting": ("…", QT_TRANSLATE_NOOP("ScanScreen", "WAITING"), "#8a6d00"),
    "attention": ("⚠", QT_TRANSLATE_NOOP("ScanScreen", "CHECK"), "#c2410c"),
    "info": ("ℹ", QT_TRANSLATE_NOOP("ScanScreen", "READY"), "#1d4e89"),
    "refused": ("✖", QT_TRANSLATE_NOOP("ScanScreen", "REFUSED"), "#b00020"),
}
NOT_SAVED = QT_TRANSLATE_NOOP("ScanScreen", "NOT SAVED")
LOCATION = QT_TRANSLATE_NOOP("ScanScreen", "Location")
LOT = QT_TRANSLATE_NOOP("ScanScreen", "Lot")
EXPIRY = QT_TRANSLATE_NOOP("ScanScreen", "Expiry")
QTY = QT_TRANSLATE_NOOP("ScanScreen", "Qty")
COLUMNS = {
    "item": [("location", LOCATION), ("lot", LOT), ("expiry", EXPIRY), ("qty", QTY)],
    "location": [
        ("sku", QT_TRANSLATE_NOOP("ScanScreen", "SKU")),
        ("name", QT_TRANSLATE_NOOP("ScanScreen", "Item")),
        ("lot", LOT),
        ("expiry", EXPIRY),
        ("qty", QTY),
    ],
    "rfid": [
        ("epc", QT_TRANSLATE_NOOP("ScanScreen", "EPC")),
        ("label", QT_TRANSLATE_NOOP("ScanScreen", "What it is")),
        ("sku", QT_TRANSLATE_NOOP("ScanScreen", "SKU")),
        ("rssi", QT_TRANSLATE_NOOP("ScanScreen", "RSSI")),
    ],
}


PROMPTS = {
    "pin": QT_TRANSLATE_NOOP("ScanScreen", "Next: type the PIN (digits) and press Enter."),
    "quantity_after": QT_TRANSLATE_NOOP(
        "ScanScreen",
        "Next: type the quantity of the item just scanned and press Enter, or scan the next item.",
    ),
    "scan_quantity_before": QT_TRANSLATE_NOOP(
        "ScanScreen",
        "Next: scan an item. For another quantity, type it first (Enter), then scan the item.",
    ),
    "quantity": QT_TRANSLATE_NOOP("ScanScreen", "Next: type the quantity and press Enter."),
    "choice": QT_TRANSLATE_NOOP(
        "ScanScreen", "Next: type the number of your choice and press Enter, or scan."
    ),
    "text": QT_TRANSLATE_NOOP("ScanScreen", "Next: type the text and press Enter, or scan it."),
    "confirm": QT_TRANSLATE_NOOP(
        "ScanScreen", "Next: scan DONE again to confirm, or CANCEL (Esc) to go back."
    ),
    "scan_choice": QT_TRANSLATE_NOOP(
        "ScanScreen", "Next: scan a barcode, or type the number of a choice and press Enter."
    ),
    "scan": QT_TRANSLATE_NOOP("ScanScreen", "Next: scan a barcode."),
    "printed_label_choice": QT_TRANSLATE_NOOP(
        "ScanScreen",
        "Next: scan the label just printed, or type the number of a choice and press Enter.",
    ),
    "printed_label": QT_TRANSLATE_NOOP("ScanScreen", "Next: scan the label just printed."),
}


def prompt_key(wants: dict[str, Any]) -> str:
    """Which prompt line says what the engine ``wants`` next."""
    kind = str(wants.get("kind", "scan"))
    also = wants.get("also") or []
    if kind == "quantity" and wants.get("quantity") == "after_scan":
        return "quantity_after"
    if kind == "scan" and "quantity" in also and wants.get("quantity") == "before_scan":
        return "scan_quantity_before"
    if kind == "scan" and wants.get("scan") == "printed_label":
        return "printed_label_choice" if "choice" in also else "printed_label"
    if kind == "scan" and "choice" in also:
        return "scan_choice"
    return kind if kind in PROMPTS else "scan"


def prompt_text(wants: dict[str, Any]) -> str:
    return QCoreApplication.translate("ScanScreen", str(PROMPTS[prompt_key(wants)]))


WORKFLOW_TITLES = {
    "login": QT_TRANSLATE_NOOP("ScanScreen", "Log in"),
    "lookup": QT_TRANSLATE_NOOP("ScanScreen", "Lookup"),
    "receive": QT_TRANSLATE_NOOP("ScanScreen", "Receiving"),
    "move": QT_TRANSLATE_NOOP("ScanScreen", "Move"),
    "reversal": QT_TRANSLATE_NOOP("ScanScreen", "Reversal"),
    "issuing": QT_TRANSLATE_NOOP("ScanScreen", "Issue"),
    "counting": QT_TRANSLATE_NOOP("ScanScreen", "Cycle count"),
    "count_batch": QT_TRANSLATE_NOOP("ScanScreen", "Scanner batch"),
    "variance_review": QT_TRANSLATE_NOOP("ScanScreen", "Variance review"),
    "users": QT_TRANSLATE_NOOP("ScanScreen", "Users and PINs"),
}


def _item_line(state: dict[str, Any]) -> str:
    """The looked-up item in one line: SKU, name and the stock on hand."""
    return f"{state.get('sku')}  {state.get('name')}  —  {state.get('total')} {state.get('unit')}"


def menu_text(text: str) -> str:
    """A choice as shown: workflow titles (the home menu, as the engine registered them) are
    translated; other choices are data (references, lots) or come translated from the
    workflow."""
    if text in MENU_TITLES.values():
        return QCoreApplication.translate("menu", text)
    if text in WORDS or ("_" in text and text.replace("_", "").isalnum()):
        return tr_word(text)  # a reason code: its words, never the identifier
    if text in CHOICES:
        return QCoreApplication.translate("choices", text)
    return text


def workflow_title(name: str) -> str:
    """The running workflow as the header names it: the screen's own word for the standing
    ones, else the workflow's menu title as the engine registered it (so a new workflow is
    named, in the user's language, without editing this screen)."""
    source = WORKFLOW_TITLES.get(name)
    if source is not None:
        return QCoreApplication.translate("ScanScreen", str(source))
    if name in MENU_TITLES:
        return QCoreApplication.translate("menu", MENU_TITLES[name])
    return name.replace("_", " ").capitalize()


START_SCREENS = ("login", "lookup")
"""What the engine shows before and after logging in (its outcomes' ``workflow``; "lookup" is
the engine's home): neither has a panel, so a station starts and takes its first scans
without loading the panel modules."""


class ScanScreen(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        head = QHBoxLayout()
        self.workflow_label = QLabel(self.tr("Log in"))
        self.workflow_label.setObjectName("workflowLabel")
        self.user_label = QLabel(self.tr("Nobody logged in"))
        self.user_label.setObjectName("userLabel")
        self.user_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        head.addWidget(self.workflow_label)
        head.addWidget(self.user_label)
        layout.addLayout(head)

        self.banner = QLabel("")
        self.banner.setObjectName("banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = WrapLabel(self.tr("Scan your badge to log in."))
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = WrapLabel("")
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
        self.detail.hide()  # shown while it has something to say
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("stockTable")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.prompt = WrapLabel(prompt_text({"kind": "scan"}))
        self.prompt.setObjectName("prompt")
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.prompt)
        layout.addWidget(self.detail)
        self.panels = QStackedWidget()
        # the panel takes the height left over: a tall panel never grows the window
        self.panels.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.panels.addWidget(self.table)
        # each workflow's panel is built when that workflow first shows; the panel modules
        # are found when a workflow other than the start screens first shows
        self.workflow_panels: dict[str, QWidget] = {}
        self._panel_classes: dict[str, Any] | None = None
        layout.addWidget(self.panels, 1)
        self.setStyleSheet(
            "#banner { font-size: 28pt; font-weight: bold; padding: 4px; border-radius: 6px; }"
            "#message { font-size: 20pt; }"
            "#detail { font-size: 13pt; color: #333; }"
            "#prompt { font-size: 15pt; font-weight: bold; color: #0b3d91; }"
            "#workflowLabel, #userLabel { font-size: 14pt; }"
            "QTableWidget { font-size: 13pt; }"
        )
        self.last: Outcome | None = None
        self.labels_to_read_back = 0

    def show_read_back(self, waiting: int) -> None:
        """How many printed labels wait to be scanned back (the print queue's count, which
        the engine's last outcome may predate): while some do, the prompt at home asks for
        the label just printed, as the notice does."""
        self.labels_to_read_back = waiting
        if self.last is not None and self.last.message_key != "error.locked":
            self.prompt.setText(prompt_text(self._wants(self.last)))

    def _wants(self, outcome: Outcome) -> dict[str, Any]:
        wants = outcome.expects
        if (
            self.labels_to_read_back
            and outcome.workflow == "lookup"
            and wants.get("kind") == "scan"
        ):
            return {**wants, "scan": "printed_label"}
        return wants

    def show_outcome(self, outcome: Outcome, scanned: dict[str, Any] | None = None) -> None:
        """``scanned``: what the window read from the input (``captured``, ``source``,
        ``today``; see :mod:`station.ui.panels.captured`), for the panel's captured line."""
        self.last = outcome
        icon, word, colour = BANNER.get(outcome.feedback, BANNER["refused"])
        if not outcome.committed:
            word = NOT_SAVED
        self.banner.setText(f"{icon}  {QCoreApplication.translate('ScanScreen', str(word))}")
        self.banner.setStyleSheet(f"background: {colour}; color: white;")
        self.message.setText(tr_message(outcome.message_key, outcome.params, outcome.message))
        if outcome.message_key == "error.locked":  # the station waits for ACKNOWLEDGE first
            self.prompt.setText(self.tr("Next: press ACKNOWLEDGE (F12), or scan its barcode."))
        else:
            self.prompt.setText(prompt_text(self._wants(outcome)))
        self.workflow_label.setText(workflow_title(outcome.workflow))
        if outcome.users:
            self.user_label.setText(
                ", ".join(
                    f"{u['name']} ({QCoreApplication.translate('roles', u['role'])})"
                    for u in outcome.users
                )
            )
        else:
            self.user_label.setText(self.tr("Nobody logged in"))
        choices = "   ".join(
            f"[{n}] {menu_text(text)}" for n, text in enumerate(outcome.choices, start=1)
        )
        if outcome.alarms:  # raised while this input committed: said here, in red
            from ..sync_status import alarm_sentence

            alarms = " ".join(alarm_sentence(kind) for kind in dict.fromkeys(outcome.alarms))
            choices = f"{alarms}\n{choices}" if choices else alarms
        self.detail.setText(choices)
        self.detail.setVisible(bool(choices))
        panel = self._panel_for(outcome.workflow)
        if panel is not None:
            self.panels.setCurrentWidget(panel)
            panel.show_outcome(outcome)  # type: ignore[attr-defined]
            show_scanned = getattr(panel, "show_scanned", None)
            if show_scanned is not None:
                show_scanned(outcome, scanned or {})
        else:
            self.panels.setCurrentWidget(self.table)
            refused = outcome.outcome == REJECTED
            self._fill_table({} if refused else outcome.state)  # no stale stock beside a refusal
            if refused and outcome.state.get("kind") == "item":
                self.detail.show()
                self.detail.setText(
                    self.tr("Before this refusal: %1").replace("%1", _item_line(outcome.state))
                )

    def _panel_for(self, workflow: str) -> QWidget | None:
        if workflow in START_SCREENS:
            return None
        if self._panel_classes is None:
            self._panel_classes = discover_panels()
        panel = self.workflow_panels.get(workflow)
        if panel is None and workflow in self._panel_classes:
            panel = self.workflow_panels[workflow] = self._panel_classes[workflow]()
            self.panels.addWidget(panel)
        return panel

    def _fill_table(self, state: dict[str, Any]) -> None:
        columns = COLUMNS.get(str(state.get("kind")), [])
        rows = (state.get("stock") or state.get("tags") or []) if columns else []
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ScanScreen", str(title)) for _, title in columns]
        )
        for r, row in enumerate(rows):
            for c, (key, _) in enumerate(columns):
                value = row.get(key)
                cell = QTableWidgetItem("" if value is None else str(value))
                if key == "qty":
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, cell)
        if state.get("kind") == "item":
            self.detail.show()
            self.detail.setText(_item_line(state))
