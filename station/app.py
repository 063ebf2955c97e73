# SPDX-License-Identifier: Apache-2.0
"""The composition root: builds the store, the engine, the task runner, the devices and the
window, and wires them together. The only module that knows all the parts."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import collector_pause
from .core import settings_file
from .core.clock import SystemClock, station_timezone
from .core.engine.session import Engine
from .core.paths import audit_key_path, default_db_path, demo_db_path
from .core.store.database import Store
from .core.store.file_station import station_in_file
from .core.store.station_lock import take_station_lock
from .core.system_check import message_language, missing_parts, window_blocker

if TYPE_CHECKING:
    from .ui.main_window import MainWindow


DEMO_STATION = "ST-DEMO"


class DemoRefused(Exception):
    """``--demo --db PATH`` where PATH holds a station database that is not a demo."""


def open_demo_store(path: Path | None = None) -> Store:
    """A fresh demo database (rebuilt on every start), seeded as of today: in the demo file,
    or in ``path`` (``--demo --db PATH``) when it is new or holds an earlier demo.

    The old demo file is deleted only once this process holds its station lock: a demo that
    is still running elsewhere keeps its database, and this start is refused naming it. A
    ``path`` holding any other station's database is never deleted: :class:`DemoRefused`."""
    from .core.demo_seed import seed_demo

    path = (path or demo_db_path()).expanduser().resolve()
    lock = take_station_lock(path, "station run --demo")
    try:
        held = station_in_file(path)
        if held not in (None, DEMO_STATION):
            what = f"the database of station {held}" if held else "something else than a database"
            raise DemoRefused(
                f"--demo with --db builds the demo warehouse in that file, but {path} holds "
                f"{what}: it was left as it is. Name a new file for the demo, or leave out "
                "--demo to open this database"
            )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        store = Store.open(path, station_id=DEMO_STATION)
    finally:
        lock.release()  # the store holds its own reference now
    seed_demo(store, date.today(), station_timezone())
    return store


def print_demo_users() -> None:
    from .core.demo_seed import DEMO_USERS

    print("Demo users (scan $USR-<badge> or type it, then the PIN):")
    for user in DEMO_USERS:
        print(
            f"  {user.badge:5} {user.role:10} PIN {user.pin or '(sets one at first scan)':24} {user.name}"
        )


def load_station_settings(path: Path | None = None) -> dict[str, Any]:
    """The site file's values (settings.toml or ``path``), or none with a clear note when it
    is invalid (the store's and the registry's values then apply)."""
    try:
        for note in settings_file.retired_notes(path):
            print(f"station: settings.toml: {note}", file=sys.stderr)
        return settings_file.site_settings(path)
    except settings_file.SettingsError as exc:
        print(f"station: settings.toml: {exc}; using the defaults", file=sys.stderr)
        return {}


def open_store(db: str | None, demo: bool) -> Store:
    """The store ``station run`` works on; with ``demo``, a demo warehouse rebuilt in the demo
    file or in ``db`` (raises :class:`DemoRefused` when ``db`` is another station's)."""
    if demo:
        store = open_demo_store(default_db_path(db) if db else None)
        print_demo_users()
    else:
        store = Store.open(default_db_path(db))
    store.anchor_audit(audit_key_path())
    return store


def run_window(
    *,
    db: str | None,
    demo: bool,
    devices: list[str],
    self_test: bool = False,
    screenshot: str | None = None,
    settings_path: Path | None = None,
) -> int:
    site = load_station_settings(settings_path)
    lang = "en" if self_test else message_language(str(site.get("language", "auto")))
    for note in missing_parts(lang):
        print(f"station: {note}", file=sys.stderr)
    blocker = window_blocker(lang)
    if blocker:
        cannot = "无法打开窗口" if lang == "zh" else "cannot open the window"
        print(f"station: {cannot}: {blocker}", file=sys.stderr)
        return 2
    try:
        store = open_store(db, demo or self_test)
    except DemoRefused as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 2
    clock = SystemClock(station_timezone(str(site.get("timezone") or "")))
    # the print queue declares the label settings the engine's settings start with
    from .core.label_printing.queue import PrintQueue, station_printer_url

    engine = Engine(store, clock, settings=site)
    settings = engine.settings  # the registry's defaults, the store's values, the site file
    print_queue = PrintQueue(store, verify_templates=settings["label_verify_templates"])
    # Qt after the core: once imported, PySide6 reads the source of every module imported
    # after it (the workflows, the print queue and SQLAlchemy's own are loaded by now)
    from PySide6.QtWidgets import QApplication

    from .ui.device_bridge import DeviceBridge
    from .ui.i18n import install_translation
    from .ui.main_window import MainWindow
    from .ui.ops import TaskRunner
    from .ui.sound_player import SoundPlayer

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    install_translation(app, "en" if self_test else settings["language"])
    tasks = TaskRunner()
    sounds = SoundPlayer(enabled=settings["sounds"] and not self_test, volume=settings["volume"])
    print_queue.start()

    def carry_out_effects(effects: list[dict[str, Any]]) -> Any:
        """Labels and documents are made only once a scan asks for one: the first of them
        loads the document renderers."""
        from .core.documents import register_all
        from .core.effects import carry_out
        from .core.paths import data_dir

        register_all()
        return carry_out(
            effects,
            store=store,
            printer_url=str(settings.get("printer_url") or "") or station_printer_url(store),
            documents_dir=data_dir() / "documents",
        )

    def printer_retry(url: str) -> None:
        """RETRY of a printer that was not printing: its waiting jobs are tried at once."""
        print_queue.retry_now(url)

    def load_dashboard() -> Any:
        from .core.stale_stock.dashboard import load_dashboard

        return load_dashboard(store, site=site)

    window = MainWindow(
        engine,
        tasks,
        station_id=store.station_id,
        db_label=str(store.path),
        sounds=sounds,
        effects=carry_out_effects,  # on the store thread, after the commit
        dashboard_loader=load_dashboard,
        settings_path=settings_path,
        after_effects=print_queue.wake,
        printer_retry=printer_retry,
        printer_states=print_queue.states,  # on the store thread: a read
    )
    from .ui.printer_status import PrinterBridge

    printers = PrinterBridge(window)
    printers.changed.connect(window.show_printers)
    print_queue.on_change = printers.report  # called on the print queue's thread
    window.show_printers(
        print_queue.states(),
        configured=bool(str(settings.get("printer_url") or "") or station_printer_url(store)),
    )
    sync_service = _start_sync(app, window, store, settings)
    timer = _start_jobs(window, tasks, store, clock, site, settings, print_queue, sync_service)
    bridge = DeviceBridge()
    bridge.scanned.connect(window.on_device_scan)
    bridge.rfid_round.connect(window.on_rfid_round)
    bridge.opened.connect(window.on_device_opened)
    bridge.status_changed.connect(window.on_device_status)
    for url in [*settings["scanner_urls"], *settings["rfid_urls"], *devices]:
        bridge.open(url)
    for pattern in settings["device_patterns"]:
        bridge.watch(pattern)
    _install_wedge(window)
    window.show()
    collector_pause.resume()  # what start-up loaded lives as long as the process
    if self_test:
        from .ui.self_test import DEMO_STEPS, SelfTest

        tester = SelfTest(app, window, DEMO_STEPS, Path(screenshot) if screenshot else None)
        tester.start()
    try:
        return app.exec()
    finally:
        timer.stop()
        bridge.close()
        if sync_service is not None:
            sync_service.stop()
        tasks.shutdown()
        print_queue.stop()
        store.close()


def _start_sync(app: Any, window: Any, store: Store, settings: dict[str, Any]) -> Any:
    """The background sync with the central database, when one is configured
    (settings ``central_url``, or ``STATION_CENTRAL_URL``); its state in the status bar."""
    import os

    url = os.environ.get("STATION_CENTRAL_URL") or settings.get("central_url") or ""
    if not url:
        return None
    from sync.credentials import read_secret
    from sync.service import SyncService

    from .ui.sync_status import SyncStatusBridge, SyncStatusLabel

    label = SyncStatusLabel(zone=getattr(getattr(window.engine, "clock", None), "tz", None))
    window.statusBar().removeWidget(window.sync_status)
    window.sync_status = label
    window.statusBar().addPermanentWidget(label)
    bridge = SyncStatusBridge(window)
    bridge.result_ready.connect(label.show_result)
    service = SyncService(
        store,
        url,
        read_secret(),
        interval_s=None,  # rounds are asked for by the scheduler's sync job, every sync_interval_s
        timeout_s=settings["central_timeout_s"],
        on_result=bridge.deliver,
    )
    service.start()
    return service


FIRST_JOBS_CHECK_MS = 5000
"""How long after the window opens the scheduler first looks for due jobs: a job due at start
(the count plan of a new day, a sync round) never keeps a clerk's first scans waiting on the
store's one worker."""


def _start_jobs(
    window: Any,
    tasks: Any,
    store: Store,
    clock: Any,
    site: dict[str, Any],
    settings: dict[str, Any],
    print_queue: Any,
    sync_service: Any,
) -> Any:
    """The scheduler on the store's worker thread: every second the window asks it to run
    the due jobs (never two checks at once); each result goes to the status bar. The first
    check, which builds the scheduler, comes :data:`FIRST_JOBS_CHECK_MS` after start."""
    from PySide6.QtCore import QTimer

    built: list[Any] = []
    busy = [False]

    def done(runs: Any) -> None:
        busy[0] = False
        if runs:
            window.show_job_runs(runs)

    def failed(_exc: BaseException) -> None:
        busy[0] = False

    def check() -> None:
        if busy[0]:
            return
        if not built:
            from .scheduled_jobs import station_scheduler

            built.append(
                station_scheduler(
                    store,
                    clock,
                    site,
                    settings,
                    print_queue=print_queue,
                    sync_service=sync_service,
                    in_place=False,
                )
            )
        scheduler = built[0]
        if not scheduler.due():
            return
        busy[0] = True
        tasks.run(scheduler.run_due, done, failed)

    timer = QTimer(window)
    timer.timeout.connect(check)

    def first_check() -> None:
        check()
        timer.start(1000)

    QTimer.singleShot(FIRST_JOBS_CHECK_MS, window, first_check)
    return timer


def _install_wedge(window: MainWindow) -> None:
    try:
        from .ui.wedge_filter import install_wedge_filter
    except ImportError:
        return
    install_wedge_filter(window)
