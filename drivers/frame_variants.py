# SPDX-License-Identifier: Apache-2.0
"""Second looks at a frame in which the first zxing-cpp pass found nothing usable.

:data:`SECOND_LOOKS` is the ordered list the decoder tries (``drivers.image_decode``), in
order of measured yield on the public and the degraded benchmark sets (``python -m bench
decoders`` prints what each step adds). Each :class:`Look` makes one variant of the grey
frame and names the zxing-cpp options to read it with; ``pyzbar`` marks the step where
pyzbar reads the full-resolution frame instead. ``cost`` is the step's time as a share of the
first pass, measured on 1280x720 frames. On frames of :data:`HD_PIXELS` or more (camera
frames, decoded many times a second) the decoder skips a step that would take the second
looks past :data:`SECOND_LOOK_BUDGET`; smaller images get every look until one reads.
Pure functions; any thread, except :class:`LookSchedule`, which belongs to one camera's
decode thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import cv2
import numpy as np
import zxingcpp

__all__ = [
    "EMPTY_FRAME_LOOK_EVERY",
    "HD_PIXELS",
    "SECOND_LOOKS",
    "SECOND_LOOK_BUDGET",
    "Look",
    "LookSchedule",
]

SECOND_LOOK_BUDGET: Final[float] = 0.42
"""On HD frames, second looks may take at most this share of the first pass's time (so an
HD frame in which nothing is found costs at most about 1.45x a bare zxing-cpp pass)."""

HD_PIXELS: Final[int] = 1280 * 720
"""Frames this large are camera frames: their second looks are budgeted."""

EMPTY_FRAME_LOOK_EVERY: Final[int] = 4
"""A live camera gives every second look to one frame in this many of a run without a read;
the frames between get them only when zxing-cpp saw a symbol it could not read. A code held
under a 10 fps camera for half a second gets the full looks at least once; an empty frame costs
about the first pass plus a quarter of the looks (``python -m bench decoders``)."""

SMALL_PIXELS: Final[int] = 640 * 480
"""Frames up to this size also get an upscaled look (small or distant codes)."""


def _same(gray: np.ndarray) -> tuple[np.ndarray, float]:
    return gray, 1.0


def _half(gray: np.ndarray) -> tuple[np.ndarray, float]:
    return cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), 0.5


def _double(gray: np.ndarray) -> tuple[np.ndarray, float]:
    return cv2.resize(gray, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC), 2.0


def _local_contrast(gray: np.ndarray) -> tuple[np.ndarray, float]:
    return cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(gray), 1.0


def _unsharp(gray: np.ndarray) -> tuple[np.ndarray, float]:
    return cv2.addWeighted(gray, 1.8, cv2.GaussianBlur(gray, (0, 0), 2.0), -0.8, 0), 1.0


@dataclass(frozen=True)
class Look:
    """One second look: ``variant(gray) -> (image, scale)`` read with ``options``."""

    name: str
    cost: float
    variant: Callable[[np.ndarray], tuple[np.ndarray, float]] = _same
    options: dict[str, Any] = field(default_factory=dict)
    pyzbar: bool = False
    max_pixels: int | None = None


SECOND_LOOKS: Final[tuple[Look, ...]] = (
    Look("pyzbar", 0.3, pyzbar=True),
    Look("zxing-contrast", 1.5, _local_contrast),
    Look("zxing-double", 5.0, _double, max_pixels=SMALL_PIXELS),
    Look("zxing-half", 0.35, _half),
    Look("zxing-fixed-threshold", 0.4, options={"binarizer": zxingcpp.Binarizer.FixedThreshold}),
    Look("zxing-unsharp", 1.1, _unsharp),
)
"""The second looks, in the order they are tried."""


class LookSchedule:
    """When a live camera's next frame gets every second look (``decode_image(...,
    second_looks=...)``): ``True`` on the first frame and on every
    :data:`EMPTY_FRAME_LOOK_EVERY`-th frame of a run without a read, otherwise ``None`` (only
    when the first pass saw a symbol it could not read). One camera's decode thread only."""

    def __init__(self, every: int = EMPTY_FRAME_LOOK_EVERY) -> None:
        if every < 1:
            raise ValueError("a look schedule needs every >= 1")
        self.every = every
        self._empty = 0

    def next(self) -> bool | None:
        """What to pass as ``second_looks`` for the next frame."""
        return True if self._empty % self.every == 0 else None

    def record(self, read: bool) -> None:
        """Tell the schedule whether the frame just decoded gave a read."""
        self._empty = 0 if read else self._empty + 1
