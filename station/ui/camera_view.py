# SPDX-License-Identifier: Apache-2.0
"""A live camera preview: the latest frame of a ``camera://`` reader with the codes outlined.

:class:`CameraView` polls its source's ``latest_preview()`` (see
:meth:`drivers.camera.CameraReader.latest_preview`) from a :class:`QTimer` on the GUI thread,
``fps`` times a second while it is visible. When the source has a *new* frame, the view copies
that one frame into a :class:`QImage` (the driver's array is shared and never modified here)
and repaints it scaled to fit, with the outlines of the codes decoded on it drawn on top; when the frame is the same as
last time nothing is converted. The UI thread therefore never waits for the camera or the
decoder: each tick costs one lock-protected look-up and, at most, one frame copy (about 1 ms
for 1280x720, converted straight to the RGB32 format Qt paints fastest). Frames the view does not get round to are simply never shown.

Threads: GUI thread only. The source is owned by someone else (the device bridge); the view
only reads it and never opens or closes it. Failure modes: a source that raises from
``latest_preview`` is logged once and shown as "no picture"; the view never raises from its
timer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

__all__ = ["CameraView", "PreviewSource", "frame_to_image"]

log = logging.getLogger(__name__)

Point = tuple[int, int]
Outline = tuple[Point, Point, Point, Point]

OUTLINE_COLOUR = QColor(0, 200, 60)


@runtime_checkable
class PreviewSource(Protocol):
    """What the view reads: :class:`drivers.camera.CameraReader` satisfies it."""

    def latest_preview(self) -> tuple[np.ndarray, list[Outline]] | None:
        """The newest decoded frame (BGR or grey, shared) and its code outlines, or ``None``."""
        ...


def frame_to_image(frame: np.ndarray, outlines: list[Outline] | tuple[Outline, ...] = ()) -> QImage:
    """A deep copy of ``frame`` (BGR ``HxWx3`` or grey ``HxW`` uint8) as an RGB32 QImage (the
    format Qt paints fastest), with ``outlines`` drawn in green when given. ``frame`` is read,
    never written. Raises ``ValueError`` for an array of another shape or type."""
    if frame.dtype != np.uint8 or frame.ndim not in (2, 3) or frame.size == 0:
        raise ValueError(f"not an 8-bit image: shape {frame.shape}, dtype {frame.dtype}")
    if frame.ndim == 3 and frame.shape[2] != 3:
        raise ValueError(f"expected 3 colour channels (BGR), got {frame.shape[2]}")
    data = np.ascontiguousarray(frame)
    height, width = data.shape[:2]
    fmt = QImage.Format.Format_BGR888 if data.ndim == 3 else QImage.Format.Format_Grayscale8
    shared = QImage(data.data, width, height, data.strides[0], fmt)  # a view on ``data``
    image = shared.convertToFormat(QImage.Format.Format_RGB32)  # a new buffer: the copy
    if outlines:
        painter = QPainter(image)
        draw_outlines(painter, outlines, width)
        painter.end()
    return image


def draw_outlines(painter: QPainter, outlines: Iterable[Outline], frame_width: int) -> None:
    """Draw ``outlines`` (frame pixels) with ``painter``, whose transform maps frame pixels."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(OUTLINE_COLOUR, max(2.0, frame_width / 240.0)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for outline in outlines:
        painter.drawPolygon(QPolygonF([QPointF(float(x), float(y)) for x, y in outline]))


class CameraView(QWidget):
    """Shows the latest frame of ``source`` with its decoded codes outlined (module docstring).

    ``fps`` is how often the source is polled while the view is visible. Public read-only
    state for the status bar and tests: ``frames_shown`` (new frames converted),
    ``last_outlines`` (outlines on the frame shown), :meth:`image`.
    """

    def __init__(
        self,
        source: PreviewSource | None = None,
        *,
        fps: float = 15.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._source = source
        self._last_frame: np.ndarray | None = None
        self._image: QImage | None = None
        self._failed = False
        self.frames_shown = 0
        self.last_outlines: list[Outline] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(1000.0 / fps)))
        self._timer.timeout.connect(self.refresh)

    # -- public ---------------------------------------------------------------------------

    def image(self) -> QImage | None:
        """The frame shown (without outlines), at the camera's resolution; ``None`` before one."""
        return self._image

    def annotated_image(self) -> QImage | None:
        """The frame shown with its outlines drawn, at the camera's resolution (a new copy)."""
        if self._image is None:
            return None
        image = self._image.copy()
        if self.last_outlines:
            painter = QPainter(image)
            draw_outlines(painter, self.last_outlines, image.width())
            painter.end()
        return image

    def refresh(self) -> bool:
        """Take the source's newest frame if it is new; True when the picture changed."""
        if self._source is None:
            return False
        try:
            preview = self._source.latest_preview()
        except Exception:  # a driver bug must not take the window down
            if not self._failed:
                log.exception("camera preview failed")
            self._failed = True
            return False
        if preview is None:
            return False
        frame, outlines = preview
        if frame is self._last_frame:
            return False
        try:
            self._image = frame_to_image(frame)  # outlines are drawn when painting
        except ValueError:
            if not self._failed:
                log.exception("camera preview: unusable frame")
            self._failed = True
            return False
        self._last_frame = frame
        self.last_outlines = list(outlines)
        self.frames_shown += 1
        self.update()
        return True

    # -- Qt -------------------------------------------------------------------------------

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt name)
        """Poll only while visible."""
        self._timer.start()
        self.refresh()

    def hideEvent(self, event: object) -> None:  # noqa: N802 (Qt name)
        """Stop polling while hidden."""
        self._timer.stop()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        """The frame scaled to fit, centred on black; a line of text when there is none."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self._image is None:
            painter.setPen(Qt.GlobalColor.lightGray)
            text = (
                self.tr("No camera") if self._source is None else self.tr("Waiting for the camera…")
            )
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, text)
            painter.end()
            return
        target = self._target_rect()
        painter.drawImage(target, self._image)
        if self.last_outlines:
            painter.translate(target.topLeft())
            painter.scale(
                target.width() / self._image.width(), target.height() / self._image.height()
            )
            draw_outlines(painter, self.last_outlines, self._image.width())
        painter.end()

    def _target_rect(self) -> QRectF:
        assert self._image is not None
        area = QRect(self.rect())
        scale = min(area.width() / self._image.width(), area.height() / self._image.height())
        width, height = self._image.width() * scale, self._image.height() * scale
        return QRectF((area.width() - width) / 2, (area.height() - height) / 2, width, height)
