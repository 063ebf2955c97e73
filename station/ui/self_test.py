# SPDX-License-Identifier: Apache-2.0
"""``station run --self-test``: open the real window, feed it a short scan script through the
same path a scanner takes (worker thread, queued results), check what comes back, exit.

Used by the packaging smoke test and by CI to prove that the installed program starts, opens
its window and handles scans end to end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from station.core.engine.inputs import InputEvent, Pin, Scan

from .main_window import MainWindow

#: (input, expected outcome, text the screen must show afterwards)
DEMO_STEPS: list[tuple[InputEvent, str, str]] = [
    (Scan("$USR-C001", device_url="self-test://"), "pending", "enter your PIN"),
    (Pin("1111"), "accepted", "Welcome, Demo Clerk"),
    (Scan("06975123000012", device_url="self-test://"), "accepted", "PPE-0001"),
    (Scan("6975123000013", device_url="self-test://"), "rejected", "check digit"),
]


class SelfTest:
    """Drives the window step by step; ``exit_code`` is 0 when every step behaved."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        steps: list[tuple[InputEvent, str, str]],
        screenshot: Path | None,
        timeout_ms: int = 20_000,
    ) -> None:
        self.app, self.window, self.steps, self.screenshot = app, window, steps, screenshot
        self.index = 0
        self.failures: list[str] = []
        self._poll = QTimer()
        self._poll.setInterval(20)
        self._poll.timeout.connect(self._check)
        self._expected_history = 0
        QTimer.singleShot(timeout_ms, self._timed_out)

    def start(self) -> None:
        QTimer.singleShot(200, self._next)

    def _next(self) -> None:
        if self.index >= len(self.steps):
            self._finish()
            return
        event, _, _ = self.steps[self.index]
        self._expected_history = self.window.shown + 1
        self.window.submit(event)
        self._poll.start()

    def _check(self) -> None:
        if self.window.shown < self._expected_history:
            return
        self._poll.stop()
        outcome = self.window.history[-1]
        _, want, text = self.steps[self.index]
        shown = self.window.scan_screen.message.text()
        ok = outcome.outcome == want and outcome.committed and text.lower() in shown.lower()
        print(
            f"self-test step {self.index + 1}: {outcome.outcome:9} {'ok' if ok else 'FAILED'}  {shown}"
        )
        if not ok:
            self.failures.append(f"step {self.index + 1}: wanted {want} showing {text!r}")
        self.index += 1
        self._next()

    def _timed_out(self) -> None:
        if self.index < len(self.steps):
            self.failures.append(f"timed out at step {self.index + 1}")
            self._finish()

    def _finish(self) -> None:
        if self.screenshot is not None:
            self.window.grab().save(str(self.screenshot))
        code = 1 if self.failures else 0
        for failure in self.failures:
            print(f"self-test: {failure}", file=sys.stderr)
        print("self-test passed" if code == 0 else "self-test FAILED")
        self.app.exit(code)
