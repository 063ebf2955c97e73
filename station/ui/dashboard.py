# SPDX-License-Identifier: Apache-2.0
"""The stale-stock dashboard: where money is stuck, at a glance.

Tiles (total value, stale value and share, near-expiry value, open alerts, money released),
a bar chart of value by aging bucket (click a bar to drill down), the ten slowest movers and
the open follow-up tasks, and the lots of the chosen bucket with their locations. "Print
stale-stock flag" emits :attr:`DashboardWidget.flag_label_requested` with the label effect of
the chosen lot (``{"kind": "labels", "template": "stale_stock", ...}``); the window carries it
out as it does any effect.

Threads: the widget never reads the store. :meth:`DashboardWidget.refresh` hands ``load``
(a function of the core, e.g. ``lambda: load_dashboard(store)``) to the task runner, which
runs it off the UI thread and delivers the :class:`DashboardData` back on it; the widget
then only renders. A failed load shows its message in the status line and keeps the last
data.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station.core.stale_stock.dashboard import DashboardData, LotRow, flag_label_effect

from .translation import tr_word


class Tasks(Protocol):
    """What the widget needs of :class:`station.ui.ops.TaskRunner` (or ``InlineTasks``)."""

    def run(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None: ...


def money(value: Decimal) -> str:
    """Money for display: thousands separators, two decimals."""
    return f"{value:,.2f}"


class Tile(QFrame):
    """A caption over a big figure, with a small note under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("Tile { background: #F4F6F8; border-radius: 6px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: #555;")
        self.figure = QLabel("–")
        font = QFont(self.figure.font())
        font.setPointSize(font.pointSize() + 7)
        font.setBold(True)
        self.figure.setFont(font)
        self.note = QLabel("")
        self.note.setStyleSheet("color: #555;")
        for w in (self.caption, self.figure, self.note):
            layout.addWidget(w)

    def show_figure(self, figure: str, note: str = "", alarm: bool = False) -> None:
        self.figure.setText(figure)
        self.figure.setStyleSheet("color: #B3261E;" if alarm else "")
        self.note.setText(note)


class AgingChart(QWidget):
    """Value by aging bucket as bars (QPainter); a click on a bar emits its label."""

    bucket_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(360, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.bars: list[tuple[str, Decimal]] = []
        self.selected = ""
        self._rects: list[tuple[QRectF, str]] = []

    def set_bars(self, bars: list[tuple[str, Decimal]], selected: str) -> None:
        self.bars, self.selected = bars, selected
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width(), self.height()
        top, bottom = 22.0, 34.0
        self._rects = []
        if not self.bars:
            return
        peak = max((v for _, v in self.bars), default=Decimal(0)) or Decimal(1)
        slot = (width - 20) / len(self.bars)
        base = height - bottom
        for index, (label, value) in enumerate(self.bars):
            h = float(value / peak) * (base - top)
            x = 10 + index * slot + slot * 0.15
            rect = QRectF(x, base - h, slot * 0.7, h)
            old = index >= len(self.bars) - 2  # the two oldest buckets
            color = QColor("#B3261E" if old else "#3A6EA5")
            if label == self.selected:
                color = color.darker(130)
            painter.fillRect(rect, color)
            self._rects.append((QRectF(x, top, slot * 0.7, base - top), label))
            painter.setPen(QColor("#222"))
            painter.drawText(
                QRectF(x - 10, base - h - 18, slot * 0.7 + 20, 16),
                int(Qt.AlignmentFlag.AlignCenter),
                f"{value:,.0f}",
            )
            painter.drawText(
                QRectF(x - 10, base + 4, slot * 0.7 + 20, 16),
                int(Qt.AlignmentFlag.AlignCenter),
                label,
            )
        painter.setPen(QColor("#888"))
        painter.drawLine(6, int(base), width - 6, int(base))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        for rect, label in self._rects:
            if rect.contains(event.position()):
                self.bucket_clicked.emit(label)
                return

    def click_bucket(self, label: str) -> None:
        """Same as clicking the bar of ``label`` (for keyboards and tests)."""
        self.bucket_clicked.emit(label)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], numeric: set[int]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class DashboardWidget(QWidget):
    """The dashboard. ``load`` runs on the task runner's thread and returns the data."""

    flag_label_requested = Signal(dict)
    """The label effect for the chosen lot (see :func:`flag_label_effect`)."""

    def __init__(
        self,
        load: Callable[[], DashboardData],
        tasks: Tasks,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._load = load
        self._tasks = tasks
        self.data: DashboardData | None = None
        self.bucket = ""
        self._lots: list[LotRow] = []

        self.title = QLabel(self.tr("Stale stock"))
        font = QFont(self.title.font())
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel("")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.status)
        head.addWidget(self.refresh_button)

        self.total_tile = Tile(self.tr("Total stock value"))
        self.stale_tile = Tile(self.tr("Stale value"))
        self.expiry_tile = Tile(self.tr("Near-expiry value"))
        self.alerts_tile = Tile(self.tr("Open alerts"))
        self.released_tile = Tile(self.tr("Money released"))
        tiles = QGridLayout()
        for col, tile in enumerate(
            (
                self.total_tile,
                self.stale_tile,
                self.expiry_tile,
                self.alerts_tile,
                self.released_tile,
            )
        ):
            tiles.addWidget(tile, 0, col)

        self.chart = AgingChart()
        self.chart.bucket_clicked.connect(self.show_bucket)
        chart_box = QVBoxLayout()
        chart_box.addWidget(QLabel(self.tr("Value by age since receipt (days) — click a bar")))
        chart_box.addWidget(self.chart, 1)

        self.slowest = _table(
            [self.tr("SKU"), self.tr("Name"), self.tr("Idle days"), self.tr("Value")]
        )
        self.alerts = _table(
            [self.tr("Due"), self.tr("Alert"), self.tr("SKU"), self.tr("Action"), self.tr("Owner")]
        )
        self.side = QTabWidget()
        self.side.addTab(self.slowest, self.tr("Ten slowest movers"))
        self.side.addTab(self.alerts, self.tr("Open alerts"))
        middle = QHBoxLayout()
        middle.addLayout(chart_box, 3)
        middle.addWidget(self.side, 2)

        self.lots_label = QLabel("")
        self.lots = _table(
            [
                self.tr("SKU"),
                self.tr("Name"),
                self.tr("Lot"),
                self.tr("Location"),
                self.tr("Zone"),
                self.tr("Qty"),
                self.tr("Value"),
                self.tr("Age"),
                self.tr("Idle"),
                self.tr("Expiry"),
            ]
        )
        self.lots.itemSelectionChanged.connect(self._selection_changed)
        self.flag_button = QPushButton(self.tr("Print stale-stock flag"))
        self.flag_button.setEnabled(False)
        self.flag_button.clicked.connect(self.request_flag_label)
        lots_head = QHBoxLayout()
        lots_head.addWidget(self.lots_label, 1)
        lots_head.addWidget(self.flag_button)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(tiles)
        layout.addLayout(middle, 3)
        layout.addLayout(lots_head)
        layout.addWidget(self.lots, 3)

    # --- data in ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the data off the UI thread; render it when it arrives."""
        self.status.setText(self.tr("Loading…"))
        self.refresh_button.setEnabled(False)
        self._tasks.run(self._load, self.show_data, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText(self.tr("Could not load: %1").replace("%1", str(exc)))

    def show_data(self, data: DashboardData) -> None:
        """Render ``data`` (GUI thread)."""
        self.data = data
        self.refresh_button.setEnabled(True)
        cur = data.currency
        self.status.setText(self.tr("As of %1").replace("%1", data.as_of.isoformat()))
        self.total_tile.show_figure(money(data.total_value), cur)
        self.stale_tile.show_figure(
            money(data.stale_value),
            self.tr("%1 % of the value").replace("%1", str(data.stale_share)),
            alarm=data.stale_share >= 25,
        )
        self.expiry_tile.show_figure(
            money(data.near_expiry_value),
            self.tr("expired: %1").replace("%1", money(data.expired_value)),
            alarm=data.expired_value > 0,
        )
        self.alerts_tile.show_figure(
            str(data.open_alert_count), self.tr("follow-up tasks"), data.open_alert_count > 0
        )
        self.released_tile.show_figure(money(data.released_value), cur)
        _fill(
            self.slowest,
            [[s.sku, s.item_name, str(s.idle_days), money(s.value)] for s in data.slowest],
            {2, 3},
        )
        _fill(
            self.alerts,
            [
                [t.due_date.isoformat(), tr_word(t.kind), t.sku, tr_word(t.action), t.owner]
                for t in data.open_alerts
            ],
            set(),
        )
        labels = [b.label for b in data.buckets]
        if self.bucket not in labels:
            self.bucket = labels[-1] if labels else ""
        self.show_bucket(self.bucket)

    def show_bucket(self, label: str) -> None:
        """Drill down: the lots and locations of aging bucket ``label``."""
        if self.data is None:
            return
        self.bucket = label
        self.chart.set_bars([(b.label, b.value) for b in self.data.buckets], label)
        self._lots = self.data.lots_by_bucket.get(label, [])
        self.lots_label.setText(
            self.tr("Lots aged %1 days (highest value first)").replace("%1", label)
        )
        _fill(
            self.lots,
            [
                [
                    r.sku,
                    r.item_name,
                    r.lot_no,
                    r.location,
                    r.zone,
                    f"{r.qty:,f} {r.unit}",
                    money(r.value),
                    "" if r.age_days is None else str(r.age_days),
                    "" if r.idle_days is None else str(r.idle_days),
                    r.expiry.isoformat() if r.expiry else "",
                ]
                for r in self._lots
            ],
            {5, 6, 7, 8},
        )
        self.flag_button.setEnabled(False)

    # --- actions ---------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        self.flag_button.setEnabled(self.selected_lot() is not None)

    def selected_lot(self) -> LotRow | None:
        rows = self.lots.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0].row()
        return self._lots[index] if 0 <= index < len(self._lots) else None

    def request_flag_label(self) -> None:
        """Emit the flag-label effect of the chosen lot."""
        row = self.selected_lot()
        if row is None or self.data is None:
            return
        self.flag_label_requested.emit(flag_label_effect(row, self.data.as_of))
