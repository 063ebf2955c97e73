# SPDX-License-Identifier: Apache-2.0
"""Scanner latency and camera preview cost, each beside its bare baseline in the same run.

``serial``: byte-to-committed-scan latency. An emulated serial scanner
(:mod:`drivers.emulators.serial_scanner`) writes a frame to a pty; the real driver
(:mod:`drivers.barcode_serial`, ``serial:///dev/pts/N``) frames it on its reader thread; the
consumer takes the :class:`~drivers.base.ScanEvent` and hands it to
:meth:`station.core.engine.session.Engine.handle` with a logged-in demo clerk on a temporary
demo store (WAL, ``synchronous=FULL``); the clock stops when the outcome is committed. The
baseline is the same engine call for the same scan without the serial path, so
``serial_ms = total - engine`` is what the wire and the driver add. Goal: p99 under 20 ms.

``camera_ui``: the UI thread while a 30 fps camera runs. A 1280x720 MJPG video (codes and
empty shelf frames) is played by ``camera://FILE?fps=30`` into a
:class:`station.ui.camera_view.CameraView` polled at 30 fps in a QApplication (offscreen unless
``QT_QPA_PLATFORM`` says otherwise). A probe timer ticks every 5 ms on the UI thread; a gap
between two ticks longer than the interval is time the UI thread could not run. The baseline
is the same probe with no camera, and with the camera decoding but no preview (which shows
what the driver's own threads cost the UI thread, apart from the view). Goal: no gap above
16 ms beyond the probe interval (one 60 Hz frame).

:func:`run` prints nothing and returns a JSON-ready dict; it takes about 25 s. Runs on the
caller's thread (which must be the Qt GUI thread if a QApplication already exists). POSIX only
(the pty).
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import zxingcpp

from drivers.base import ScanEvent
from drivers.emulators.serial_scanner import SerialScannerEmulator
from drivers.registry import reader_for_url
from station.core.clock import SystemClock, station_timezone
from station.core.demo_seed import seed_demo
from station.core.engine.inputs import Pin, Scan
from station.core.engine.session import Engine
from station.core.store.database import Store

__all__ = ["camera_ui", "make_camera_video", "run", "serial_latency"]

SCANS = (
    ("6975123000012", "]E0"),
    ("16975123000019", "]I1"),
    ("0106975123000012\x1d10LOT-7", "]C1"),
    ("$LOC-A-01-1", "]C0"),
)
"""What the emulated scanner sends, in turn: EAN-13, ITF-14 case, GS1-128 with GS, a location."""

PROBE_MS = 5
UI_GOAL_MS = 16.0
SERIAL_GOAL_MS = 20.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000.0 for s in seconds]
    return {
        "p50_ms": round(statistics.median(ms), 3),
        "p99_ms": round(_percentile(ms, 0.99), 3),
        "max_ms": round(max(ms), 3),
    }


def _engine(folder: Path) -> tuple[Store, Engine]:
    store = Store.open(folder / "bench.db", station_id="ST-BENCH")
    seed_demo(store, date.today(), station_timezone())
    engine = Engine(store, SystemClock(station_timezone()))
    engine.handle(Scan("$USR-C001", device_url="bench://"))
    outcome = engine.handle(Pin("1111"))
    if not outcome.committed or outcome.outcome != "accepted":
        raise RuntimeError(f"demo login failed: {outcome.message}")
    return store, engine


def _scan_input(event: ScanEvent) -> Scan:
    return Scan(
        event.text,
        device_url=event.source_url,
        symbology=event.symbology,
        aim=event.aim,
        raw=event.raw,
    )


def serial_latency(n: int = 400) -> dict[str, Any]:
    """``n`` scans through pty -> driver -> engine; see the module docstring."""
    folder = Path(tempfile.mkdtemp(prefix="station-bench-serial-"))
    store, engine = _engine(folder)
    total: list[float] = []
    to_event: list[float] = []
    engine_only: list[float] = []
    try:
        with SerialScannerEmulator(announce=False) as emu:
            reader = reader_for_url(f"{emu.url}?baud=115200&suffix=cr")
            try:
                for i in range(n + 20):
                    text, aim = SCANS[i % len(SCANS)]
                    start = time.perf_counter()
                    if not emu.scan(text, aim=aim):
                        raise RuntimeError("the emulated scanner is unplugged")
                    event = reader.read_event(timeout=2.0)
                    if event is None or event.text != text:
                        raise RuntimeError(f"scan {i} lost or garbled: {event!r}")
                    got = time.perf_counter()
                    outcome = engine.handle(_scan_input(event))
                    done = time.perf_counter()
                    if not outcome.committed:
                        raise RuntimeError(f"scan {i} not committed: {outcome.message}")
                    t0 = time.perf_counter()
                    engine.handle(_scan_input(event))
                    t1 = time.perf_counter()
                    if i >= 20:  # the first scans warm caches up
                        total.append(done - start)
                        to_event.append(got - start)
                        engine_only.append(t1 - t0)
            finally:
                reader.close()
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
    result: dict[str, Any] = {
        "scans": n,
        "byte_to_committed": _summary(total),
        "byte_to_event": _summary(to_event),
        "engine_alone": _summary(engine_only),
    }
    result["goal_p99_under_20_ms"] = result["byte_to_committed"]["p99_ms"] < SERIAL_GOAL_MS
    return result


# -- camera -----------------------------------------------------------------------------------

_W, _H = 1280, 720
_SYMBOLS = (
    ("EAN13", "400638133393", False),
    ("Code128", "(01)09506000134376(10)AB12", True),
    ("QRCode", "WH-LOC-A-12-03", False),
    ("DataMatrix", "(01)09506000134376(17)271231", True),
)


def _shelf(rng: np.random.Generator) -> np.ndarray:
    noise = rng.integers(80, 210, (_H // 20, _W // 20), dtype=np.uint8)
    grey = cv2.GaussianBlur(cv2.resize(noise, (_W, _H), interpolation=cv2.INTER_CUBIC), (0, 0), 5)
    for _ in range(10):
        x, y = int(rng.integers(0, _W - 200)), int(rng.integers(0, _H - 120))
        cv2.rectangle(grey, (x, y), (x + int(rng.integers(40, 200)), y + 80), 60, -1)
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def make_camera_video(path: Path, *, fps: float = 30.0, seconds: float = 6.0) -> int:
    """Write a 1280x720 MJPG video alternating half a second of shelf and half a second of
    one code; return the number of frames. Raises ``RuntimeError`` when OpenCV cannot write."""
    rng = np.random.default_rng(3)
    bg = _shelf(rng)
    with_code = []
    for fmt, content, gs1 in _SYMBOLS:
        kind = getattr(zxingcpp.BarcodeFormat, fmt)
        barcode = zxingcpp.create_barcode(content, kind, gs1=True) if gs1 else None
        barcode = barcode or zxingcpp.create_barcode(content, kind)
        symbol = np.array(barcode.to_image(scale=4, add_quiet_zones=True), dtype=np.uint8)
        frame = bg.copy()
        h, w = symbol.shape
        y, x = (_H - h) // 2, (_W - w) // 2
        frame[y : y + h, x : x + w] = symbol[:, :, None]
        with_code.append(frame)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (_W, _H))
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write MJPG video to {path}")
    count = int(fps * seconds)
    half = max(1, int(fps / 2))
    try:
        for i in range(count):
            segment = i // half
            writer.write(with_code[(segment // 2) % len(with_code)] if segment % 2 else bg)
    finally:
        writer.release()
    return count


def _probe(seconds: float, camera_url: str | None, *, view_it: bool = True) -> dict[str, Any]:
    """Run the event loop ``seconds`` with a 5 ms probe timer, optionally with a camera
    decoding (``camera_url``) and shown in a preview (``view_it``)."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from station.ui.camera_view import CameraView

    app = QApplication.instance() or QApplication([])
    ticks: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    reader = None
    view = None
    refresh_s: list[float] = []
    if camera_url is not None:
        from drivers.camera import CameraReader

        reader = CameraReader(camera_url)
        reader.open()
    if reader is not None and view_it:
        view = CameraView(reader, fps=30)
        plain_refresh = view.refresh

        def timed_refresh() -> bool:
            start = time.perf_counter()
            changed = plain_refresh()
            if changed:
                refresh_s.append(time.perf_counter() - start)
            return changed

        view._timer.timeout.disconnect()  # noqa: SLF001 - time the view's own tick
        view._timer.timeout.connect(timed_refresh)  # noqa: SLF001
        view.resize(960, 540)
        view.show()
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    probe.start()
    loop.exec()
    probe.stop()
    out: dict[str, Any] = {}
    if view is not None:
        out["frames_shown"] = view.frames_shown
        out["preview_update"] = _summary(refresh_s) if refresh_s else None
        view.close()
        view.deleteLater()
    if reader is not None:
        out["camera"] = reader.stats()
        reader.close()
    app.processEvents()
    gaps = [(b - a) * 1000.0 for a, b in zip(ticks, ticks[1:], strict=False)]
    out["ticks"] = len(ticks)
    out["max_gap_ms"] = round(max(gaps), 3)
    out["p99_gap_ms"] = round(_percentile(gaps, 0.99), 3)
    out["max_blocked_ms"] = round(max(0.0, max(gaps) - PROBE_MS), 3)
    return out


def camera_ui(seconds: float = 5.0) -> dict[str, Any]:
    """The UI thread with and without a 30 fps camera preview; see the module docstring."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="station-bench-camera-"))
    try:
        video = folder / "shelf-720p.avi"
        frames = make_camera_video(video, seconds=seconds + 2)
        baseline = _probe(min(seconds, 2.0), None)
        url = f"camera://{video}?fps=30"
        decoding_only = _probe(seconds, url, view_it=False)
        with_camera = _probe(seconds, url)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "video": {"width": _W, "height": _H, "fps": 30, "frames": frames},
        "probe_interval_ms": PROBE_MS,
        "no_camera": baseline,
        "camera_decoding_no_preview": decoding_only,
        "camera_30fps": with_camera,
        "goal_blocked_at_most_16_ms": with_camera["max_blocked_ms"] <= UI_GOAL_MS,
    }


def run() -> dict[str, Any]:
    """Both measurements: ``{"serial": ..., "camera_ui": ...}`` (see the module docstring)."""
    return {"serial": serial_latency(), "camera_ui": camera_ui()}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
