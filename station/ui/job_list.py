# SPDX-License-Identifier: Apache-2.0
"""The job list: every label job, document and background failure the window has seen, newest
first, each with what happened in words, when (station time) and a RETRY button when it can be
tried again.

Nothing here runs work: :class:`JobListWidget` renders :class:`Job` entries the window keeps
and emits :attr:`JobListWidget.retry_requested` with a job's number; the window carries the
retry out. GUI thread only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from msgspec import Struct
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .local_time import shown_time
from .screens.controls import TOUCH_PX

#: background of a job's row by how it stands
STATE_COLOURS = {"failed": "#f8d7da", "done": "#e3f4e8", "waiting": "#fff3cd", "info": "#ffffff"}
KEPT = 200
"""How many jobs the list keeps (oldest dropped first)."""


class Job(Struct):
    """One entry: ``state`` is ``done``, ``waiting``, ``failed`` or ``info``; ``retry`` is
    what a retry carries out again (an effect, or a printer's URL), None when there is none."""

    number: int
    when: datetime
    what: str
    result: str
    state: str
    retry: dict[str, Any] | None = None
    attempts: int = 1
    key: str = ""


class JobList:
    """The window's jobs, newest last; a job with a ``key`` (a printer) is updated in place."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []
        self._next = 1

    def add(
        self,
        when: datetime,
        what: str,
        result: str,
        state: str,
        *,
        retry: dict[str, Any] | None = None,
        key: str = "",
    ) -> Job:
        if key:
            for job in self.jobs:
                if job.key == key:
                    job.when, job.what, job.result, job.state = when, what, result, state
                    job.retry = retry
                    return job
        job = Job(self._next, when, what, result, state, retry, key=key)
        self._next += 1
        self.jobs = [*self.jobs[-(KEPT - 1) :], job]
        return job

    def get(self, number: int) -> Job | None:
        return next((j for j in self.jobs if j.number == number), None)

    def failed(self) -> list[Job]:
        return [j for j in self.jobs if j.state == "failed"]


class JobListWidget(QWidget):
    """The job list page: a heading, BACK, and one row per job with RETRY where it applies."""

    retry_requested = Signal(int)  # a job's number
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobList")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back = QPushButton(self.tr("BACK") + "  [F7]")
        self.back.setObjectName("jobsBack")
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.setMinimumSize(TOUCH_PX * 2, TOUCH_PX)
        self.back.clicked.connect(self.back_requested.emit)
        self.heading = QLabel(self.tr("Labels, documents and errors, newest first"))
        self.heading.setObjectName("jobsHeading")
        self.heading.setWordWrap(True)
        top.addWidget(self.back)
        top.addWidget(self.heading, 1)
        layout.addLayout(top)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("jobTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("What"), self.tr("Result"), ""]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.table, 1)
        self.setStyleSheet(
            "#jobsHeading { font-size: 16pt; font-weight: bold; }"
            "QTableWidget { font-size: 13pt; } QPushButton { font-size: 14pt; font-weight: bold; }"
        )
        self.retry_buttons: dict[int, QPushButton] = {}

    def show_jobs(self, jobs: list[Job]) -> None:
        self.retry_buttons = {}
        shown = list(reversed(jobs))
        self.table.setRowCount(len(shown))
        for row, job in enumerate(shown):
            colour = QBrush(QColor(STATE_COLOURS.get(job.state, "#ffffff")))
            for col, text in enumerate(
                (shown_time(job.when, job.when.tzinfo, seconds=True), job.what, job.result)
            ):
                cell = QTableWidgetItem(text)
                cell.setBackground(colour)
                self.table.setItem(row, col, cell)
            if job.retry is not None and job.state == "failed":
                button = QPushButton(self.tr("RETRY") + "  [F5]")
                button.setObjectName(f"retry_{job.number}")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setMinimumHeight(TOUCH_PX)
                button.clicked.connect(lambda _=False, n=job.number: self.retry_requested.emit(n))
                self.table.setCellWidget(row, 3, button)
                self.retry_buttons[job.number] = button
            else:
                self.table.removeCellWidget(row, 3)
                self.table.setItem(row, 3, QTableWidgetItem(""))
        self.table.resizeRowsToContents()
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 3) is not None:
                self.table.setRowHeight(row, max(self.table.rowHeight(row), TOUCH_PX + 4))
