# SPDX-License-Identifier: Apache-2.0
"""The station's main window: hosts the scan screen, the entry line and the status bar.

Every input (device scan, wedge scan, typed entry) becomes an engine input event and goes to
the worker thread through the task runner; the window shows the outcome when it comes back,
and sounds the accept or reject signal only for outcomes that were committed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.base import ScanEvent
from station.core.engine.inputs import (
    Choose,
    InputEvent,
    Outcome,
    Qty,
    RfidRead,
    RfidRound,
    Scan,
)
from station.core.internal_codes import command_code

from . import effect_reports
from .i18n import current_language
from .job_list import JobList, JobListWidget
from .local_time import shown_time
from .panels.captured import Captured, from_scan
from .printer_status import PrinterStatusButton
from .screens.controls import Controls
from .screens.scan_screen import ScanScreen, menu_text
from .sound_player import SoundPlayer, sound_feedback
from .typed_entry import typed_event
from .wrap_label import WrapLabel

if TYPE_CHECKING:
    from drivers.rfid_rounds import ReadRound

    from .dashboard import DashboardWidget

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
    """Pages: scanning (the scan screen, the controls and the entry), the dashboard (F9) and
    the job list (F6); BACK (F7) returns to scanning. ``effects(list) -> results`` runs on the
    worker (:func:`station.core.effects.carry_out`); each result is told on screen and kept in
    the job list, a failed one with RETRY. ``printer_retry(url)`` also runs on the worker, and
    ``printer_states()`` (the print queue's states), asked again after each outcome while
    printed labels wait to be scanned back, so the status bar counts them down."""

    def __init__(
        self,
        engine: EngineLike,
        tasks: Tasks,
        *,
        station_id: str,
        db_label: str,
        sync_label: str | None = None,
        sounds: SoundPlayer | None = None,
        effects: Callable[[list[dict[str, Any]]], list[str] | None] | None = None,
        dashboard_loader: Callable[[], Any] | None = None,
        settings_path: Path | None = None,
        after_effects: Callable[[], None] | None = None,
        printer_retry: Callable[[str], None] | None = None,
        printer_states: Callable[[], list[Any]] | None = None,
    ) -> None:
        super().__init__()
        self.settings_path = settings_path
        self.job_runs: dict[str, Any] = {}
        self.engine = engine
        self.tasks = tasks
        self.sounds = sounds
        self.effects = effects
        self.after_effects = after_effects
        self.printer_retry = printer_retry
        self.printer_states = printer_states
        self.dashboard_loader = dashboard_loader
        self.dashboard: DashboardWidget | None = None
        self.jobs = JobList()
        self._captured: Captured | None = None
        self.setWindowTitle(self.tr("Warehouse station") + f" — {station_id}")
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        # No animated docks: the layout would move its central widget with a geometry
        # animation (of no length, but on an animation timer) and nothing at a scanning
        # bench is helped by one.
        self.setAnimated(False)
        central = QWidget()
        central.setObjectName("scanPage")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.setSpacing(4)
        self.scan_screen = ScanScreen()
        self.controls = Controls()
        beside = QHBoxLayout()
        beside.addWidget(self.scan_screen, 1)
        beside.addWidget(self.controls.keypad, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(beside, 1)
        self.notice = WrapLabel("")
        self.notice.setObjectName("effectNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.entry = QLineEdit()
        self.entry.setObjectName("entry")
        self.entry.setPlaceholderText(
            self.tr("Scan, or type a code / PIN / quantity and press Enter")
        )
        self.entry.setStyleSheet("font-size: 18pt; padding: 4px;")
        self.entry.returnPressed.connect(self._entered)
        self.controls.command.connect(self._clicked_command)
        self.controls.choose.connect(self._clicked_choice)
        self.controls.key.connect(self._keypad)
        layout.addWidget(self.controls)
        layout.addWidget(self.entry)
        self.pages.addWidget(central)
        self.job_page = JobListWidget()
        self.job_page.installEventFilter(self)
        self.job_page.table.installEventFilter(self)
        self.job_page.retry_requested.connect(self.retry_job)
        self.job_page.back_requested.connect(self.back)
        self.pages.addWidget(self.job_page)
        self.setCentralWidget(self.pages)

        self.user_status = QLabel()
        self.user_status.setObjectName("userStatus")
        self.station_status = QLabel(self.tr("Station") + f" {station_id}")
        self.station_status.setToolTip(db_label)
        self.device_status = QLabel(self.tr("Devices: keyboard"))
        self.sync_status = QLabel(
            self.tr("Sync") + ": " + (sync_label or self.tr("not configured"))
        )
        self.db_status = self.station_status  # the database file: the station's tooltip
        self.printer_status = PrinterStatusButton()
        self.printer_status.clicked.connect(self.open_jobs)
        self.job_status = QLabel(self.tr("Jobs: not run yet"))
        self.job_status.setObjectName("jobStatus")
        self.failed_status = QPushButton()
        self.failed_status.setObjectName("failedJobs")
        self.failed_status.setFlat(True)
        self.failed_status.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.failed_status.setStyleSheet("color: #b00020; font-weight: bold;")
        self.failed_status.clicked.connect(self.open_jobs)
        self.failed_status.hide()
        self.statusBar().addWidget(self.user_status, 1)  # the user's name is never cut
        for widget in (
            self.station_status,
            self.device_status,
            self.sync_status,
            self.printer_status,
            self.failed_status,
            self.job_status,
        ):
            self.statusBar().addPermanentWidget(widget)
        self._devices: dict[str, str] = {}
        self.failures: list[str] = []
        # The latest outcomes only, newest last; ``shown`` counts every outcome ever shown.
        self.history: deque[Outcome] = deque(maxlen=HISTORY_KEPT)
        self.shown = 0

        self._shortcut(QKeySequence(Qt.Key.Key_Escape), self._escape)
        self._shortcut(QKeySequence(Qt.Key.Key_F7), self.back)
        self._shortcut(QKeySequence(Qt.Key.Key_F6), self.open_jobs)
        self._shortcut(QKeySequence(Qt.Key.Key_F5), self.retry_latest)
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
        self.resize(1024, 740)
        unhandled = getattr(tasks, "unhandled", None)
        if unhandled is not None:  # the production runner: no exception goes unseen
            unhandled.connect(self._failed)
        self.tasks.run(self.engine.snapshot, self.show_outcome)
        self.entry.setFocus()

    def _shortcut(self, key: QKeySequence, action: Callable[[], None]) -> None:
        QShortcut(key, self).activated.connect(action)

    def _command(self, name: str) -> None:
        if self.pages.currentIndex() != 0:  # DONE on the dashboard is no scan
            return
        self.submit(Scan(command_code(name), "keyboard://"))

    # -- pages -----------------------------------------------------------------------------
    def _escape(self) -> None:
        if self.pages.currentIndex() != 0:
            self.back()
        else:
            self._command("cancel")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """On the dashboard or the job list, typed digits and letters (a PIN, a code) go back
        to the scan entry instead of into a table: the window returns to scanning with them."""
        if (
            event.type() == QEvent.Type.KeyPress
            and self.pages.currentIndex() != 0
            and isinstance(event, QKeyEvent)
            and event.text()
            and event.text().isprintable()
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.back()
            self.entry.insert(event.text())
            return True
        return super().eventFilter(watched, event)

    def back(self) -> None:
        """BACK (F7): from the dashboard or the job list back to scanning, the entry focused."""
        self.pages.setCurrentIndex(0)
        self.entry.setFocus()

    def open_jobs(self) -> None:
        """The job list page (F6, or a click on the printer or jobs in the status bar)."""
        self.pages.setCurrentWidget(self.job_page)  # first: rows wrap at the width shown
        self.job_page.show_jobs(self.jobs.jobs)

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
        self.tasks.run(
            lambda: self.engine.handle(event),
            lambda outcome: self.show_outcome(outcome, event),
            self._failed,
        )

    def _scanned(self, event: InputEvent | None) -> dict[str, Any]:
        """What the input carried, for the captured line: a scan's GS1 fields, or a quantity
        typed for the item scanned before."""
        today = self._now().date()
        if isinstance(event, Scan) and not event.text.startswith("$"):
            found = from_scan(event.text, today)
            self._captured = found
            source = "barcode" if found is not None and found.quantity else None
            return {"captured": found, "source": source, "today": today}
        if isinstance(event, Qty):
            return {"captured": self._captured, "source": "keypad", "today": today}
        return {"captured": None, "source": None, "today": today}

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
        """The stale-stock dashboard (F9) as a page of the window; BACK (F7) leaves it."""
        if self.dashboard_loader is None:
            return
        from .dashboard import DashboardWidget

        if self.dashboard is None:
            self.dashboard = DashboardWidget(self.dashboard_loader, self.tasks)
            self.dashboard.flag_label_requested.connect(self._carry_out_one)
            page = QWidget()
            page.setObjectName("dashboardPage")
            column = QVBoxLayout(page)
            top = QHBoxLayout()
            back = QPushButton(self.tr("BACK") + "  [F7]")
            back.setObjectName("dashboardBack")
            back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            back.setMinimumHeight(60)
            back.setStyleSheet("font-size: 14pt; font-weight: bold;")
            back.clicked.connect(self.back)
            top.addWidget(back)
            top.addStretch(1)  # the dashboard's own heading follows
            column.addLayout(top)
            scroll = QScrollArea()  # a small screen scrolls the dashboard, never grows
            scroll.setWidgetResizable(True)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            scroll.setWidget(self.dashboard)
            column.addWidget(scroll, 1)
            self.dashboard_page = page
            for child in [page, *page.findChildren(QWidget)]:  # keys typed anywhere on it
                child.installEventFilter(self)
            self.pages.addWidget(page)
        self.pages.setCurrentWidget(self.dashboard_page)
        self.dashboard.refresh()
        self.setFocus()  # typed keys reach the window's shortcuts, never a lost field

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
                f"{shown_time(r.finished_at, self._zone())} {r.job}: {r.message(language)}"
                for r in sorted(self.job_runs.values(), key=lambda r: r.job)
            )
        )
        if self.dashboard is not None and any(r.job == "stale_alerts" for r in runs):
            self.dashboard.refresh()

    def _carry_out_one(self, effect: dict[str, Any]) -> None:
        self.carry_out([effect])

    # -- effects and the job list ----------------------------------------------------------
    def carry_out(self, effects: list[dict[str, Any]], retried: int | None = None) -> None:
        """Labels and documents off the UI thread; each result told on screen and listed."""
        if self.effects is None or not effects:
            return
        run = self.effects
        self.tasks.run(
            lambda: run(effects),
            lambda results: self._effects_done(effects, results, retried),
            self._failed,
        )

    def _zone(self) -> tzinfo | None:
        clock = getattr(self.engine, "clock", None)
        return getattr(clock, "tz", None)

    def _now(self) -> datetime:
        clock = getattr(self.engine, "clock", None)
        return clock.now() if clock is not None else datetime.now().astimezone()

    def _effects_done(
        self, effects: list[dict[str, Any]], results: list[str] | None, retried: int | None
    ) -> None:
        if results is None:  # a carrier that reports nothing
            return
        told: list[tuple[str, str]] = []
        for effect, result in zip(effects, results, strict=False):
            shown = effect_reports.report(effect, result)
            retry = effect if shown.retry else None
            if retried is not None:
                job = self.jobs.get(retried)
                if job is not None:
                    job.when, job.result, job.state, job.retry = (
                        self._now(),
                        shown.result,
                        shown.state,
                        retry,
                    )
                    job.attempts += 1
            else:
                self.jobs.add(self._now(), shown.what, shown.result, shown.state, retry=retry)
            told.append((effect_reports.notice_text(shown), shown.state))
        if told:  # one notice for the batch: its worst state colours it
            worst = next(
                (w for w in ("failed", "waiting", "done") if any(st == w for _, st in told)), "done"
            )
            self._notify("\n".join(text for text, _ in told), worst)
        if self.after_effects is not None:
            self.after_effects()
        self._show_job_count()

    def _notify(self, text: str, state: str) -> None:
        colours = {"failed": "#b00020", "done": "#1b7f3b", "waiting": "#1d4e89"}
        colour = colours.get(state, "#1d4e89")
        mark = {"failed": "✖", "done": "✔"}.get(state, "ℹ")
        self.notice.setText(f"{mark}  {text}")
        self.notice.setStyleSheet(
            f"font-size: 13pt; font-weight: bold; color: white; background: {colour};"
            " padding: 4px; border-radius: 4px;"
        )
        self.notice.show()
        if self.pages.currentWidget() is self.job_page:
            self.job_page.show_jobs(self.jobs.jobs)

    def _show_job_count(self) -> None:
        """The failed jobs in the status bar (a click opens the job list), hidden when none."""
        failed = self.jobs.failed()
        self.failed_status.setText(self.tr("Failed jobs: {count}").format(count=len(failed)))
        self.failed_status.setToolTip("\n".join(f"{j.what}: {j.result}" for j in failed[-10:]))
        self.failed_status.setVisible(bool(failed))

    def retry_job(self, number: int) -> None:
        """RETRY of one job: its effect carried out again, or its printer tried at once."""
        job = self.jobs.get(number)
        if job is None or job.retry is None:
            return
        if job.retry.get("kind") == "printer":
            url = str(job.retry["url"])
            if self.printer_retry is not None:
                retry = self.printer_retry
                self.tasks.run(lambda: retry(url), lambda _r: None, self._failed)
            return
        self.carry_out([job.retry], retried=number)

    def retry_latest(self) -> None:
        """F5: retry the newest failed job."""
        failed = [j for j in self.jobs.failed() if j.retry is not None]
        if failed:
            self.retry_job(failed[-1].number)

    def show_printers(self, states: list[Any], *, configured: bool | None = None) -> None:
        """The print queue's printer states (on the GUI thread): the status bar, and a job
        per printer; a printer that stops printing is told on screen, and so is a printed
        label that must be scanned back (the clerk is asked to scan it now)."""
        if configured is not None:
            self._printer_configured = configured
        was, read_back = self.printer_status.state, self.printer_status.to_read_back
        self.printer_status.show_states(
            states, configured=getattr(self, "_printer_configured", False)
        )
        for state in states:
            shown = effect_reports.printer_report(
                state.url, state.online, state.pending, state.last_error
            )
            retry = {"kind": "printer", "url": state.url} if shown.retry else None
            self.jobs.add(
                self._now(),
                shown.what,
                shown.result,
                shown.state,
                retry=retry,
                key=f"printer:{state.url}",
            )
            if shown.state == "failed" and was != "failing":
                self._notify(effect_reports.notice_text(shown), "failed")
            elif shown.state == "done" and was == "failing":
                self._notify(effect_reports.notice_text(shown), "done")
        self.scan_screen.show_read_back(self.printer_status.to_read_back)
        prompt = effect_reports.read_back_prompt(states, read_back)
        if prompt is not None and self.printer_status.state != "failing":
            self._notify(*prompt)
        self._show_job_count()

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
    def show_outcome(self, outcome: Outcome, event: InputEvent | None = None) -> None:
        self.history.append(outcome)
        self.shown += 1
        self.scan_screen.show_outcome(outcome, self._scanned(event))
        self.controls.show_for(outcome.expects, [menu_text(c) for c in outcome.choices])
        secret = outcome.expects.get("kind") == "pin"
        self.entry.setEchoMode(QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal)
        names = ", ".join(u["name"] for u in outcome.users) or self.tr("nobody")
        self.user_status.setText(self.tr("User") + f": {names}")
        if outcome.committed:
            sound_feedback(self.sounds, outcome.feedback)
            if outcome.effects:
                self.carry_out(list(outcome.effects))
        if self.printer_states is not None and self.printer_status.to_read_back:
            self.tasks.run(self.printer_states, self.show_printers, self._failed)

    def _failed(self, exc: BaseException) -> None:
        """An exception from the worker: a red banner, and a line in the job list."""
        self.scan_screen.banner.setText("✖  " + self.tr("ERROR"))
        self.scan_screen.banner.setStyleSheet("background: #b00020; color: white;")
        self.scan_screen.message.setText(
            self.tr("The station failed to handle that input") + f": {exc}"
        )
        self.failures = [*self.failures[-49:], str(exc) or self.tr("unknown error")]
        self.jobs.add(self._now(), self.tr("The station"), self.failures[-1], "failed", retry=None)
        self._show_job_count()
        self.job_status.setText(self.tr("Errors:") + f" {len(self.failures)}")
        self.job_status.setStyleSheet("color: #b00020; font-weight: bold;")
        self.job_status.setToolTip("\n".join(self.failures[-10:]))
