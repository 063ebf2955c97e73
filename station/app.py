# SPDX-License-Identifier: Apache-2.0
"""The composition root: builds the store, the engine, the task runner, the devices and the
window, and wires them together. The only module that knows all the parts."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from .core.clock import SystemClock, station_timezone
from .core.demo_seed import DEMO_USERS, seed_demo
from .core.engine.session import Engine
from .core.paths import audit_key_path, default_db_path, demo_db_path
from .core.store.database import Store
from .core.system_check import missing_parts, window_blocker


def open_demo_store(path: Path | None = None) -> Store:
    """A fresh demo database (rebuilt on every start), seeded as of today."""
    path = path or demo_db_path()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = Store.open(path, station_id="ST-DEMO")
    seed_demo(store, date.today(), station_timezone())
    return store


def print_demo_users() -> None:
    print("Demo users (scan $USR-<badge> or type it, then the PIN):")
    for user in DEMO_USERS:
        print(
            f"  {user.badge:5} {user.role:10} PIN {user.pin or '(sets one at first scan)':24} {user.name}"
        )


def run_window(
    *,
    db: str | None,
    demo: bool,
    devices: list[str],
    self_test: bool = False,
    screenshot: str | None = None,
) -> int:
    for note in missing_parts():
        print(f"station: {note}", file=sys.stderr)
    blocker = window_blocker()
    if blocker:
        print(f"station: cannot open the window: {blocker}", file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from .ui.device_bridge import DeviceBridge
    from .ui.main_window import MainWindow
    from .ui.ops import TaskRunner

    if (demo or self_test) and not db:
        store = open_demo_store()
        print_demo_users()
    else:
        store = Store.open(default_db_path(db))
    store.anchor_audit(audit_key_path())
    engine = Engine(store, SystemClock(station_timezone()))
    app = QApplication.instance() or QApplication(sys.argv)
    from .ui.i18n import install_translation

    language_setting = "auto"
    try:
        from .core.settings_file import load as load_settings

        language_setting = load_settings()["language"]
    except Exception:  # a bad settings file is reported below; the language falls back
        pass
    install_translation(app, language_setting)  # type: ignore[arg-type]
    tasks = TaskRunner()
    from .core.settings_file import SettingsError, load
    from .ui.sound_player import SoundPlayer

    try:
        settings = load()
    except SettingsError as exc:
        print(f"station: settings.toml: {exc}; using defaults", file=sys.stderr)
        settings = {"sounds": True, "volume": 80}
    sounds = SoundPlayer(enabled=settings["sounds"], volume=settings["volume"])
    window = MainWindow(
        engine, tasks, station_id=store.station_id, db_label=str(store.path), sounds=sounds
    )
    bridge = DeviceBridge()
    bridge.scanned.connect(window.on_device_scan)
    bridge.status_changed.connect(window.on_device_status)
    for url in devices:
        bridge.open(url)
    _install_wedge(app, window)
    window.show()
    if self_test:
        from .ui.self_test import DEMO_STEPS, SelfTest

        tester = SelfTest(app, window, DEMO_STEPS, Path(screenshot) if screenshot else None)
        tester.start()
    try:
        return app.exec()
    finally:
        bridge.close()
        tasks.shutdown()
        store.close()


def _install_wedge(app: object, window: object) -> None:
    try:
        from .ui.wedge_filter import install_wedge_filter
    except ImportError:
        return
    install_wedge_filter(app, window)  # type: ignore[arg-type]
