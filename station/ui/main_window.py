# SPDX-License-Identifier: Apache-2.0
"""The station's main window: hosts the scan screen, the entry line and the status bar.

Every input (device scan, wedge scan, typed entry) becomes an engine input event and goes to
the worker thread through the task runner; the window shows the outcome when it comes back,
and sounds the accept or reject signal only for outcomes that were committed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from drivers.base import ScanEvent
from station.core.engine.inputs import (
    Choose,
    InputEvent,
    Outcome,
    RfidRead,
    RfidRound,
    Scan,
)
from station.core.internal_codes import command_code

from .i18n import current_language
from .screens.controls import Controls
from .screens.scan_screen import ScanScreen, menu_text
from .sound_player import SoundPlayer
from .typed_entry import typed_event

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget

    from drivers.rfid_rounds import ReadRound

    from .dashboard import DashboardWidget

#: the sound of each feedback kind: accept only for a committed success, none for info
SOUNDS: dict[str, str | None] = {
    "success": "accept",
    "waiting": "attention",
    "attention": "attention",
    "info": None,
    "refused": "reject",
}

HISTORY_KEPT = 100
"""How many of the latest outcomes the window keeps (a bench runs for weeks without a restart)."""


class Tasks(Protocol):
    def run(self, fn: Any, done: Any, failed: Any = None) -> None: ...


class EngineLike(Protocol):
    def handle(self, event: InputEvent) -> Outcome: ...
    def tick(self) -> Outcome | None: ...
    def snapshot(self) -> Outcome: ...
    def current_user_may(self, action: str) -> bool: ...


class MainWindow(QMainWindow):
    def __init__(
        self,
        engine: EngineLike,
        tasks: Tasks,
        *,
        station_id: str,
        db_label: str,
        sync_label: str | None = None,
        sounds: SoundPlayer | None = None,
        effects: Callable[[list[dict[str, Any]]], None] | None = None,
        dashboard_loader: Callable[[], Any] | None = None,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.settings_path = settings_path
        self.job_runs: dict[str, Any] = {}
        self.engine = engine
        self.tasks = tasks
        self.sounds = sounds
        self.effects = effects
        self.dashboard_loader = dashboard_loader
        self.dashboard: DashboardWidget | None = None
        self.dashboard_dock: QDockWidget | None = None
        self.setWindowTitle(self.tr("Warehouse station") + f" — {station_id}")
        central = QWidget()
        layout = QVBoxLayout(central)
        self.scan_screen = ScanScreen()
        self.controls = Controls()
        beside = QHBoxLayout()
        beside.addWidget(self.scan_screen, 1)
        beside.addWidget(self.controls.keypad, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(beside, 1)
        self.entry = QLineEdit()
        self.entry.setObjectName("entry")
        self.entry.setPlaceholderText(
            self.tr("Scan, or type a code / PIN / quantity and press Enter")
        )
        self.entry.setStyleSheet("font-size: 18pt; padding: 6px;")
        self.entry.returnPressed.connect(self._entered)
        self.controls.command.connect(self._clicked_command)
        self.controls.choose.connect(self._clicked_choice)
        self.controls.key.connect(self._keypad)
        layout.addWidget(self.controls)
        layout.addWidget(self.entry)
        self.setCentralWidget(central)

        self.user_status = QLabel()
        self.station_status = QLabel(self.tr("Station") + f" {station_id}")
        self.device_status = QLabel(self.tr("Devices: keyboard"))
        self.sync_status = QLabel(
            self.tr("Sync") + ": " + (sync_label or self.tr("not configured"))
        )
        self.db_status = QLabel(db_label)
        self.job_status = QLabel(self.tr("Jobs: not run yet"))
        self.job_status.setObjectName("jobStatus")
        for widget in (
            self.user_status,
            self.station_status,
            self.device_status,
            self.sync_status,
            self.job_status,
            self.db_status,
        ):
            self.statusBar().addPermanentWidget(widget)
        self._devices: dict[str, str] = {}
        self.failures: list[str] = []
        # The latest outcomes only, newest last; ``shown`` counts every outcome ever shown.
        self.history: deque[Outcome] = deque(maxlen=HISTORY_KEPT)
        self.shown = 0

        self._shortcut(QKeySequence(Qt.Key.Key_Escape), lambda: self._command("cancel"))
        self._shortcut(QKeySequence(Qt.Key.Key_F12), lambda: self._command("ack"))
        self._shortcut(QKeySequence(Qt.Key.Key_F10), lambda: self._command("done"))
        self._shortcut(QKeySequence(Qt.Key.Key_F8), lambda: self._command("undo"))
        self._shortcut(QKeySequence("Ctrl+L"), lambda: self._command("logout"))
        self._shortcut(QKeySequence("Ctrl+,"), self.open_settings)
        self._shortcut(QKeySequence(Qt.Key.Key_F9), self.open_dashboard)
        self._idle = QTimer(self)
        self._idle.setInterval(30_000)
        self._idle.timeout.connect(self._tick)
        self._idle.start()
        self.resize(1024, 720)
        unhandled = getattr(tasks, "unhandled", None)
        if unhandled is not None:  # the production runner: no exception goes unseen
            unhandled.connect(self._failed)
        self.tasks.run(self.engine.snapshot, self.show_outcome)
        self.entry.setFocus()

    def _shortcut(self, key: QKeySequence, action: Callable[[], None]) -> None:
        QShortcut(key, self).activated.connect(action)

    def _command(self, name: str) -> None:
        self.submit(Scan(command_code(name), "keyboard://"))

    # -- input -----------------------------------------------------------------------------
    def _clicked_command(self, name: str) -> None:
        self._command(name)
        self.entry.setFocus()  # a click never takes the scan entry's focus

    def _clicked_choice(self, n: int) -> None:
        self.submit(Choose(n))
        self.entry.setFocus()

    def _keypad(self, key: str) -> None:
        """A key of the on-screen keypad: typed into the entry, Enter submits it."""
        if key == "enter":
            self._entered()
        elif key == "⌫":
            self.entry.backspace()
        else:
            self.entry.insert(key)
        self.entry.setFocus()

    def submit(self, event: InputEvent) -> None:
        """Hand ``event`` to the engine on the worker thread."""
        self.tasks.run(lambda: self.engine.handle(event), self.show_outcome, self._failed)

    def on_device_scan(self, event: ScanEvent) -> None:
        self.submit(
            Scan(
                event.text,
                device_url=event.source_url,
                symbology=event.symbology,
                aim=event.aim,
                raw=event.raw,
            )
        )

    def on_rfid_round(self, finished: ReadRound) -> None:
        """A finished RFID read round (deduplicated by the driver) becomes one engine input."""
        from drivers.rfid_rounds import round_reads

        reads = tuple(RfidRead(epc, rssi, antenna) for epc, rssi, antenna in round_reads(finished))
        if reads:
            self.submit(RfidRound(reads, device_url=finished.source_url))

    def on_device_opened(self, url: str, reader: object) -> None:
        """A camera gets a live preview beside the scan screen (frames copied on a timer)."""
        if not url.startswith("camera://"):
            return
        from PySide6.QtWidgets import QDockWidget

        from .camera_view import CameraView, PreviewSource

        if not isinstance(reader, PreviewSource):
            return
        dock = QDockWidget(self.tr("Camera"), self)
        dock.setObjectName("cameraDock")
        dock.setWidget(CameraView(reader, fps=15))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)

    def open_dashboard(self) -> None:
        """The stale-stock dashboard (F9), its data loaded off the UI thread."""
        if self.dashboard_loader is None:
            return
        from PySide6.QtWidgets import QDockWidget

        from .dashboard import DashboardWidget

        if self.dashboard is None or self.dashboard_dock is None:
            self.dashboard = DashboardWidget(self.dashboard_loader, self.tasks)
            self.dashboard.flag_label_requested.connect(self._carry_out_one)
            self.dashboard_dock = QDockWidget(self.tr("Stale stock"), self)
            self.dashboard_dock.setObjectName("dashboardDock")
            self.dashboard_dock.setWidget(self.dashboard)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dashboard_dock)
        self.dashboard_dock.show()
        self.dashboard.refresh()

    def show_job_runs(self, runs: list[Any]) -> None:
        """The scheduler's latest runs (``JobRun``): a word in the status bar, each job's
        result in its tooltip; an open dashboard reloads when alerts became tasks."""
        for run in runs:
            self.job_runs[run.job] = run
        language = current_language()
        failed = [r for r in self.job_runs.values() if not r.ok]
        if failed:
            self.job_status.setText(self.tr("Jobs failed:") + f" {len(failed)}")
            self.job_status.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.job_status.setText(self.tr("Jobs: all done"))
            self.job_status.setStyleSheet("")
        self.job_status.setToolTip(
            "\n".join(
                f"{r.finished_at:%H:%M} {r.job}: {r.message(language)}"
                for r in sorted(self.job_runs.values(), key=lambda r: r.job)
            )
        )
        if self.dashboard is not None and any(r.job == "stale_alerts" for r in runs):
            self.dashboard.refresh()

    def _carry_out_one(self, effect: dict[str, Any]) -> None:
        if self.effects is not None:
            self.effects([effect])

    def on_wedge_scan(self, text: str) -> None:
        self.submit(Scan(text, device_url="wedge://"))

    def on_device_status(self, url: str, state: str) -> None:
        """Show a device's state (``connected``, ``disconnected``, ``error``, ``closed``)
        in the status bar, in the UI language."""
        shown_state = {
            "connected": self.tr("connected"),
            "disconnected": self.tr("not connected, waiting for it"),
            "error": self.tr("cannot be opened, trying again"),
            "closed": self.tr("closed"),
        }
        self._devices[url] = shown_state.get(state, state)
        shown = ", ".join(f"{u} {s}" for u, s in self._devices.items())
        self.device_status.setText(self.tr("Devices") + f": {shown}")

    def _entered(self) -> None:
        text = self.entry.text()
        self.entry.clear()
        if not text.strip():
            return
        event = self._entry_event(text.strip())
        self.submit(event)

    def _entry_event(self, text: str) -> InputEvent:
        last = self.scan_screen.last
        return typed_event(text, last.expects if last else None)

    def open_settings(self) -> None:
        """The settings dialog, for a logged-in admin only (the engine decides)."""
        self.tasks.run(lambda: self.engine.current_user_may("settings"), self._settings_allowed)

    def _settings_allowed(self, allowed: bool) -> None:
        if not allowed:
            self.scan_screen.banner.setText("✖  " + self.tr("REFUSED"))
            self.scan_screen.message.setText(
                self.tr("Only an admin may change the settings: log in as admin.")
            )
            return
        from .settings_dialog import SettingsDialog

        self.settings_dialog = SettingsDialog(self.settings_path, run=self.tasks.run, parent=self)
        self.settings_dialog.open()

    def _tick(self) -> None:
        self.tasks.run(self.engine.tick, self._show_if_any)

    def _show_if_any(self, outcome: Outcome | None) -> None:
        if outcome is not None:
            self.show_outcome(outcome)

    # -- output ----------------------------------------------------------------------------
    def show_outcome(self, outcome: Outcome) -> None:
        self.history.append(outcome)
        self.shown += 1
        self.scan_screen.show_outcome(outcome)
        self.controls.show_for(outcome.expects, [menu_text(c) for c in outcome.choices])
        secret = outcome.expects.get("kind") == "pin"
        self.entry.setEchoMode(QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal)
        names = ", ".join(u["name"] for u in outcome.users) or self.tr("nobody")
        self.user_status.setText(self.tr("User") + f": {names}")
        if outcome.committed:
            self._sound(outcome)
            if outcome.effects and self.effects is not None:
                self.effects(outcome.effects)

    def _failed(self, exc: BaseException) -> None:
        """An exception from the worker: a red banner, and a line in the job list."""
        self.scan_screen.banner.setText("✖  " + self.tr("ERROR"))
        self.scan_screen.banner.setStyleSheet("background: #b00020; color: white;")
        self.scan_screen.message.setText(
            self.tr("The station failed to handle that input") + f": {exc}"
        )
        self.failures = [*self.failures[-49:], str(exc) or self.tr("unknown error")]
        self.job_status.setText(self.tr("Errors:") + f" {len(self.failures)}")
        self.job_status.setStyleSheet("color: #b00020; font-weight: bold;")
        self.job_status.setToolTip("\n".join(self.failures[-10:]))

    def _sound(self, outcome: Outcome) -> None:
        kind = SOUNDS.get(outcome.feedback, "reject")
        if kind is None:  # start-up or a resumed session: nothing was scanned
            return
        if self.sounds is not None and self.sounds.play(kind):
            return
        if self.sounds is not None and not self.sounds.enabled:
            return
        QApplication.beep()
        if kind == "reject":
            QTimer.singleShot(150, QApplication.beep)
