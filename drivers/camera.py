# SPDX-License-Identifier: Apache-2.0
"""Barcodes from a webcam, a video file or a folder of images (``camera://``).

URL format:
    ``camera://N?options``: webcam number ``N`` (OpenCV ``VideoCapture(N)``), e.g.
    ``camera://0?fps=10&symbologies=ean13,gs1-128``.
    ``camera://PATH?options``: anything after ``camera://`` that is not a whole number is a
    path to a video file (anything OpenCV's FFmpeg backend opens: ``.avi``, ``.mp4`` ...) or to
    a folder of images (``.png .jpg .jpeg .bmp .webp .tif .tiff``, read in name order).
    Absolute POSIX paths give three slashes: ``camera:///srv/clips/dock3.mp4``; relative paths
    are taken from the working directory: ``camera://tests/data/video/barcodes.avi``.
    Percent-encode ``?``, ``#`` and ``%`` in paths.

options:
    ``fps``: webcam: the capture rate asked of the camera (default: the camera's own).
    Video file or folder: playback speed in frames per second of wall-clock time (default:
    the file's frame rate; 2 for a folder); ``fps=0`` plays in lock-step, every frame decoded
    and none dropped (reproducible runs, batch decoding).
    ``symbologies``: comma-separated names from :data:`drivers.aim.SYMBOLOGY_NAMES`
    (default: all; ``ean13`` includes ``upca``, ``code128`` does not include ``gs1-128``).
    ``holdoff_ms`` (1500): the same code (symbology and text) seen again less than this long
    after it was last seen is the same scan; a code must be out of view that long before it
    counts again. Files use media time (frame number / frame rate), webcams the clock.
    ``use_pyzbar`` (1): let pyzbar look at frames where zxing-cpp found nothing.
    ``width``, ``height``: webcam resolution to ask for (default: the camera's own).

Threads: an open reader owns two threads. The *capture* thread is the only thread that ever
touches its ``cv2.VideoCapture`` (OpenCV capture objects are not thread-safe): it opens,
reads and releases it, guarded by :func:`runs_on_capture_thread`. It puts each frame in a
one-frame *latest* slot, replacing a frame the decoder has not taken yet (counted in
``stats()["dropped"]``): frames the decoder cannot keep up with are dropped, never queued.
The *decode* thread decodes the newest frame with :func:`drivers.image_decode.decode_image`
(a webcam's empty frames get the second looks on a :class:`~drivers.frame_variants.LookSchedule`,
a file's every frame), applies the hold-off and puts :class:`~drivers.base.ScanEvent` values
in a ``queue.Queue`` for :meth:`CameraReader.read_event`.
An event's ``raw`` is what a scanner with AIM identifiers would send (``b"]E04006381333931"``,
UTF-8), ``text`` the data after the identifier, ``ts`` the wall-clock time the frame was
grabbed. :meth:`CameraReader.latest_preview` hands the last decoded frame and its outlines to
a preview.

Failure modes: a bad option raises :class:`~drivers.base.DeviceError` at construction; a
missing webcam, a missing or unreadable file, or an empty folder raises it from ``open()``,
with status ``error`` and a message, never a traceback. A webcam that stops delivering frames
turns the status to ``disconnected`` and is reopened once a second. The end of a file or
folder turns the status to ``disconnected`` (``"end of video ..."``). Decoder exceptions are
logged and the frame is skipped.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, ParamSpec, TypeVar

import cv2
import numpy as np

from drivers.aim import SYMBOLOGY_NAMES
from drivers.base import DeviceError, DeviceState, DeviceStatus, ScanEvent
from drivers.frame_variants import LookSchedule
from drivers.image_decode import IMAGE_SUFFIXES, DecodedCode, Point, RejectedRead, decode_image
from drivers.registry import DeviceUrl, register_scheme

__all__ = [
    "CameraReader",
    "Outline",
    "runs_on_capture_thread",
]

log = logging.getLogger(__name__)

Outline = tuple[Point, Point, Point, Point]
Decoder = Callable[[np.ndarray], list[DecodedCode]]
"""Frame -> validated reads; called on the decode thread only."""

_P = ParamSpec("_P")
_R = TypeVar("_R")

_OPEN_TIMEOUT_S = 10.0
_REOPEN_DELAY_S = 1.0
_FAILED_READS_BEFORE_LOST = 5
_FOLDER_FPS = 2.0
_MAX_REMEMBERED = 1000


def runs_on_capture_thread(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Guard for methods that touch ``cv2.VideoCapture``: they must run on the owning thread.

    The first argument must be a frame source with an ``owner`` attribute (the thread that may
    call it); any other thread gets ``RuntimeError``.
    """

    @functools.wraps(method)
    def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        owner = getattr(args[0], "owner", None)
        if owner is not threading.current_thread():
            raise RuntimeError(f"{method.__qualname__} must run on the capture thread")
        return method(*args, **kwargs)

    return guarded


@dataclass(frozen=True)
class _Frame:
    image: np.ndarray
    index: int
    media_ts: float
    wall_ts: float


class _Source:
    """A frame source; every method runs on the capture thread that owns it."""

    live: bool = False

    def __init__(self) -> None:
        self.owner: threading.Thread | None = None
        self.fps: float = 0.0

    def describe(self) -> str:
        """What this source is, for status messages."""
        return type(self).__name__

    def open(self) -> None:
        """Open the source; raises :class:`DeviceError` with a human message."""

    def read(self) -> np.ndarray | None:
        """The next frame, or ``None`` at the end (file) or on a failed grab (webcam)."""
        return None

    def release(self) -> None:
        """Free the source; never raises."""


class _CaptureSource(_Source):
    """``cv2.VideoCapture`` on a webcam number or a video file."""

    def __init__(
        self, target: int | str, *, width: int = 0, height: int = 0, fps: float = 0.0
    ) -> None:
        super().__init__()
        self.target = target
        self.live = isinstance(target, int)
        self.want = (width, height, fps)
        self._cap: cv2.VideoCapture | None = None

    def describe(self) -> str:
        return f"camera {self.target}" if self.live else f"video file {self.target}"

    @runs_on_capture_thread
    def open(self) -> None:
        if not self.live and not Path(str(self.target)).is_file():
            raise DeviceError(f"video file {self.target} does not exist")
        cap = cv2.VideoCapture(self.target)
        if not cap.isOpened():
            cap.release()
            if self.live:
                raise DeviceError(f"camera {self.target} is not available (no such camera or busy)")
            raise DeviceError(f"OpenCV cannot open {self.target} as a video")
        width, height, fps = self.want
        if self.live:
            if width:
                cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
            if height:
                cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
            if fps:
                cap.set(cv2.CAP_PROP_FPS, fps)
        reported = cap.get(cv2.CAP_PROP_FPS)
        self.fps = float(reported) if reported and reported > 0 else 10.0
        self._cap = cap

    @runs_on_capture_thread
    def read(self) -> np.ndarray | None:
        if self._cap is None:
            return None
        ok, frame = self._cap.read()
        return frame if ok and frame is not None else None

    @runs_on_capture_thread
    def release(self) -> None:
        if self._cap is not None:
            try:
                self._cap.release()
            except cv2.error:
                log.exception("releasing %s failed", self.describe())
            self._cap = None


class _FolderSource(_Source):
    """Images of a folder, in name order; unreadable files are logged and skipped."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.fps = _FOLDER_FPS
        self._files: Iterator[Path] = iter(())

    def describe(self) -> str:
        return f"image folder {self.folder}"

    @runs_on_capture_thread
    def open(self) -> None:
        try:
            files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        except OSError as exc:
            raise DeviceError(f"cannot list image folder {self.folder}: {exc}") from None
        if not files:
            raise DeviceError(f"image folder {self.folder} holds no images")
        self._files = iter(files)

    @runs_on_capture_thread
    def read(self) -> np.ndarray | None:
        for path in self._files:
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is not None:
                return image
            log.warning("skipping %s: not an image OpenCV can read", path)
        return None


@dataclass
class _Options:
    target: int | Path
    fps: float | None
    symbologies: frozenset[str] | None
    holdoff_s: float
    use_pyzbar: bool
    width: int
    height: int


def _parse_url(url: str) -> _Options:
    parsed = DeviceUrl.parse(url)
    if parsed.scheme != "camera":
        raise DeviceError(f"{url}: not a camera:// URL", url=url)
    path = parsed.path
    if not path:
        raise DeviceError(f"{url}: give a camera number (camera://0) or a path", url=url)
    target: int | Path = int(path) if path.isdigit() else Path(path)
    raw_fps = parsed.text("fps", "")
    fps = None if raw_fps == "" else parsed.number("fps", 0.0, minimum=0.0, maximum=1000.0)
    names = [n.strip().lower() for n in parsed.text("symbologies", "").split(",") if n.strip()]
    unknown = sorted(set(names) - SYMBOLOGY_NAMES)
    if unknown:
        known = ", ".join(sorted(SYMBOLOGY_NAMES))
        raise DeviceError(f"{url}: unknown symbology {', '.join(unknown)}; known: {known}", url=url)
    options = _Options(
        target=target,
        fps=fps,
        symbologies=frozenset(names) if names else None,
        holdoff_s=parsed.number("holdoff_ms", 1500.0, maximum=3_600_000.0) / 1000.0,
        use_pyzbar=parsed.flag("use_pyzbar", True),
        width=parsed.integer("width", 0),
        height=parsed.integer("height", 0),
    )
    parsed.finish()
    return options


class CameraReader:
    """The ``camera://`` reader (see the module docstring for URLs, options and threads).

    ``decoder`` replaces :func:`~drivers.image_decode.decode_image` (tests inject slow or
    scripted decoders); it runs on the decode thread only. All public methods are thread-safe.
    """

    scheme: ClassVar[str] = "camera"
    kind: ClassVar[str] = "barcode"

    def __init__(self, url: str, *, decoder: Decoder | None = None) -> None:
        self.url = url
        self.options = _parse_url(url)
        self._decoder = decoder or self._default_decoder
        self._lock = threading.Lock()
        self._slot_changed = threading.Condition(self._lock)
        self._slot: _Frame | None = None
        self._capture_done = False
        self._busy = False
        self._stop = threading.Event()
        self._events: queue.Queue[ScanEvent] = queue.Queue()
        self._status = DeviceStatus(DeviceState.CLOSED, "not opened")
        self._threads: list[threading.Thread] = []
        self._preview: tuple[np.ndarray, list[Outline]] | None = None
        self._last_seen: dict[tuple[str, str], float] = {}
        self._stats = {"frames": 0, "decoded": 0, "dropped": 0, "scans": 0, "rejected": 0}
        self._rejected: list[RejectedRead] = []
        self._looks = LookSchedule() if isinstance(self.options.target, int) else None

    @classmethod
    def from_url(cls, url: str) -> CameraReader:
        """An unopened reader for ``url``; raises :class:`DeviceError` for a bad URL."""
        return cls(url)

    # -- Reader interface ---------------------------------------------------------------

    def open(self) -> None:
        """Start the threads and open the source on the capture thread; waits for the result.

        Raises :class:`DeviceError` (status ``error``) when the source cannot be opened.
        """
        with self._lock:
            if self._threads:
                return
            self._stop.clear()
            self._capture_done = False
        source = self._make_source()
        opened = threading.Event()
        failure: list[DeviceError] = []
        capture = threading.Thread(
            target=self._capture_main,
            args=(source, opened, failure),
            name=f"camera-capture {self.url}",
            daemon=True,
        )
        source.owner = capture
        capture.start()
        if not opened.wait(_OPEN_TIMEOUT_S):
            self._stop.set()
            failure.append(DeviceError(f"{self.url}: opening timed out", url=self.url))
        if failure:
            capture.join(timeout=_OPEN_TIMEOUT_S)
            message = failure[0].message
            self._set_status(DeviceState.ERROR, message)
            raise DeviceError(f"{self.url}: {message}", url=self.url)
        decode = threading.Thread(
            target=self._decode_main, name=f"camera-decode {self.url}", daemon=True
        )
        with self._lock:
            self._threads = [capture, decode]
        decode.start()
        self._set_status(DeviceState.CONNECTED, f"reading {source.describe()}")

    def close(self) -> None:
        """Stop both threads and release the source. Idempotent; never raises."""
        self._stop.set()
        with self._lock:
            threads, self._threads = self._threads, []
            self._slot_changed.notify_all()
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(timeout=5.0)
        if threads:
            self._set_status(DeviceState.CLOSED, "closed")

    def read_event(self, timeout: float) -> ScanEvent | None:
        """The next scan, waiting at most ``timeout`` seconds; ``None`` if none came."""
        try:
            return self._events.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None

    def is_connected(self) -> bool:
        """True while the source is open and delivering frames."""
        return self.status().state is DeviceState.CONNECTED

    def status(self) -> DeviceStatus:
        """The current state and message."""
        with self._lock:
            return self._status

    # -- camera extras --------------------------------------------------------------------

    def latest_preview(self) -> tuple[np.ndarray, list[Outline]] | None:
        """The last decoded frame (BGR, shared: do not modify it) and the outlines of the codes
        accepted on it; ``None`` before the first frame was decoded."""
        with self._lock:
            return self._preview

    def stats(self) -> dict[str, int]:
        """Counters: ``frames`` grabbed, ``decoded``, ``dropped`` (replaced before the decoder
        took them), ``scans`` delivered, ``rejected`` reads."""
        with self._lock:
            return dict(self._stats)

    def rejected(self) -> list[RejectedRead]:
        """The last 100 reads the decoder refused, oldest first."""
        with self._lock:
            return list(self._rejected)

    def wait_finished(self, timeout: float) -> bool:
        """For files and folders: wait until the last frame has been decoded.

        Returns ``False`` on timeout (and always for a webcam, which has no end).
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            while not (self._capture_done and self._slot is None and not self._busy):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stop.is_set():
                    return False
                self._slot_changed.wait(remaining)
            return True

    # -- internals --------------------------------------------------------------------------

    def _default_decoder(self, frame: np.ndarray) -> list[DecodedCode]:
        rejected: list[RejectedRead] = []
        codes = decode_image(
            frame,
            use_pyzbar=self.options.use_pyzbar,
            symbologies=self.options.symbologies,
            rejected=rejected,
            second_looks=self._looks.next() if self._looks is not None else True,
        )
        if self._looks is not None:
            self._looks.record(bool(codes))
        if rejected:
            with self._lock:
                self._stats["rejected"] += len(rejected)
                self._rejected = (self._rejected + rejected)[-100:]
        return codes

    def _make_source(self) -> _Source:
        target = self.options.target
        if isinstance(target, int):
            return _CaptureSource(
                target,
                width=self.options.width,
                height=self.options.height,
                fps=self.options.fps or 0.0,
            )
        if target.is_dir():
            return _FolderSource(target)
        return _CaptureSource(str(target))

    def _set_status(self, state: DeviceState, message: str) -> None:
        with self._lock:
            if self._status.state is not state or self._status.message != message:
                log.info("%s: %s (%s)", self.url, state.value, message)
            self._status = DeviceStatus(state, message)

    # capture thread ------------------------------------------------------------------------

    def _capture_main(
        self, source: _Source, opened: threading.Event, failure: list[DeviceError]
    ) -> None:
        try:
            source.open()
        except DeviceError as exc:
            failure.append(exc)
            opened.set()
            return
        except Exception as exc:  # an OpenCV backend failing in an unexpected way
            log.exception("%s: opening failed", self.url)
            failure.append(DeviceError(f"cannot open: {exc}", url=self.url))
            opened.set()
            return
        opened.set()
        if failure:  # open() gave up waiting; nobody will read this source
            source.release()
            return
        try:
            if source.live:
                self._capture_live(source)
            else:
                self._capture_media(source)
        except Exception:
            log.exception("%s: capture thread failed", self.url)
            self._set_status(DeviceState.ERROR, "capture failed; see the log")
        finally:
            source.release()
            with self._lock:
                self._capture_done = True
                self._slot_changed.notify_all()

    def _offer(self, frame: _Frame) -> None:
        """Put ``frame`` in the latest slot, dropping an untaken one."""
        with self._lock:
            self._stats["frames"] += 1
            if self._slot is not None:
                self._stats["dropped"] += 1
            self._slot = frame
            self._slot_changed.notify_all()

    def _capture_live(self, source: _Source) -> None:
        index = failures = 0
        while not self._stop.is_set():
            image = source.read()
            if image is None:
                failures += 1
                if failures >= _FAILED_READS_BEFORE_LOST:
                    self._reopen(source)
                    failures = 0
                continue
            failures = 0
            now = time.monotonic()
            self._offer(_Frame(image, index, now, time.time()))
            index += 1

    def _reopen(self, source: _Source) -> None:
        self._set_status(DeviceState.DISCONNECTED, "camera stopped delivering frames; retrying")
        source.release()
        while not self._stop.wait(_REOPEN_DELAY_S):
            try:
                source.open()
            except DeviceError as exc:
                self._set_status(DeviceState.DISCONNECTED, f"{exc}; retrying")
                continue
            self._set_status(DeviceState.CONNECTED, "camera reopened")
            return

    def _capture_media(self, source: _Source) -> None:
        fps = self.options.fps if self.options.fps is not None else source.fps
        media_step = 1.0 / (source.fps or _FOLDER_FPS)
        start = time.monotonic()
        index = 0
        while not self._stop.is_set():
            if fps == 0:
                self._wait_slot_free()
            else:
                self._stop.wait(max(0.0, start + index / fps - time.monotonic()))
            if self._stop.is_set():
                return
            image = source.read()
            if image is None:
                self._set_status(
                    DeviceState.DISCONNECTED,
                    f"end of {source.describe()} after {index} frame(s)",
                )
                return
            self._offer(_Frame(image, index, index * media_step, time.time()))
            index += 1

    def _wait_slot_free(self) -> None:
        with self._lock:
            while (self._slot is not None or self._busy) and not self._stop.is_set():
                self._slot_changed.wait(0.5)

    # decode thread ------------------------------------------------------------------------

    def _take(self) -> _Frame | None:
        with self._lock:
            while self._slot is None:
                if self._stop.is_set() or self._capture_done:
                    return None
                self._slot_changed.wait(0.5)
            frame, self._slot = self._slot, None
            self._busy = True
            self._slot_changed.notify_all()
            return frame

    def _decode_main(self) -> None:
        while True:
            frame = self._take()
            if frame is None:
                return
            try:
                codes = self._decoder(frame.image)
            except Exception:
                log.exception("%s: decoding frame %d failed", self.url, frame.index)
                codes = []
            events = self._hold_off(frame, codes)
            with self._lock:
                self._preview = (frame.image, [c.outline for c in codes])
                self._stats["decoded"] += 1
                self._stats["scans"] += len(events)
                self._busy = False
                self._slot_changed.notify_all()
            for event in events:
                self._events.put(event)

    def _hold_off(self, frame: _Frame, codes: list[DecodedCode]) -> list[ScanEvent]:
        """Events for codes not seen within the hold-off window; decode thread only."""
        events: list[ScanEvent] = []
        for code in codes:
            key = (code.symbology, code.text)
            last = self._last_seen.get(key)
            self._last_seen[key] = frame.media_ts
            if len(self._last_seen) > _MAX_REMEMBERED:
                self._forget_before(frame.media_ts - self.options.holdoff_s)
            if last is not None and frame.media_ts - last < self.options.holdoff_s:
                continue
            events.append(
                ScanEvent(
                    source_url=self.url,
                    symbology=code.symbology,
                    aim=code.aim,
                    raw=code.scan.encode("utf-8"),
                    text=code.text,
                    ts=frame.wall_ts,
                    kind="barcode",
                )
            )
        return events

    def _forget_before(self, oldest: float) -> None:
        self._last_seen = {k: t for k, t in self._last_seen.items() if t >= oldest}


def _factory(url: str) -> CameraReader:
    return CameraReader.from_url(url)


register_scheme("camera", _factory)
