# SPDX-License-Identifier: Apache-2.0
"""The live camera preview: it shows what the camera sees with the codes it read outlined,
copies frames instead of sharing them, and only does work when there is a new frame."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from drivers.camera import CameraReader
from station.ui.camera_view import OUTLINE_COLOUR, CameraView, Outline, frame_to_image
from tests.data.make_barcode_video import make_video


class StillSource:
    """A preview source holding one frame until the test swaps it."""

    def __init__(self, frame: np.ndarray, outlines: list[Outline] | None = None) -> None:
        self.preview: tuple[np.ndarray, list[Outline]] | None = (frame, outlines or [])
        self.calls = 0

    def latest_preview(self) -> tuple[np.ndarray, list[Outline]] | None:
        self.calls += 1
        return self.preview


def is_outline_green(colour: QColor) -> bool:
    return colour.green() > 150 and colour.red() < 80 and colour.blue() < 120


def grey_frame(width: int = 320, height: int = 240, level: int = 128) -> np.ndarray:
    return np.full((height, width, 3), level, dtype=np.uint8)


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("preview") / "barcodes.avi"
    make_video(path)
    return path


@pytest.fixture
def camera(video: Path) -> Iterator[CameraReader]:
    reader = CameraReader(f"camera://{video}?fps=0")  # lock-step: every frame decoded
    reader.open()
    yield reader
    reader.close()


def test_the_preview_shows_the_video_with_the_read_code_outlined(
    qtbot, camera: CameraReader, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = CameraView(camera, fps=30)
    qtbot.addWidget(view)
    view.resize(640, 480)
    view.show()
    qtbot.waitUntil(lambda: bool(view.last_outlines), timeout=30_000)
    image = view.annotated_image()
    assert image is not None and (image.width(), image.height()) == (640, 480)
    (outline,) = view.last_outlines
    x, y = outline[0]
    near = [image.pixelColor(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    assert any(is_outline_green(c) for c in near)  # the corner of the code is drawn green
    shown = view.grab().toImage()  # on screen too: the widget is the frame's size here
    assert any(
        is_outline_green(shown.pixelColor(x + dx, y + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
    )
    shot = tmp_path / "preview.png"
    assert view.grab().save(str(shot))
    assert view.frames_shown >= 1


def test_a_frame_is_copied_not_shared() -> None:
    frame = grey_frame()
    image = frame_to_image(frame)
    frame[:] = 0  # the driver reusing its buffer must not change what is shown
    assert image.pixelColor(10, 10) == QColor(128, 128, 128)


def test_bgr_colours_come_out_right() -> None:
    frame = grey_frame(8, 8)
    frame[:, :] = (255, 0, 0)  # blue in OpenCV's BGR order
    assert frame_to_image(frame).pixelColor(4, 4) == QColor(0, 0, 255)


def test_outlines_are_drawn_on_the_copy_only() -> None:
    frame = grey_frame()
    outline: Outline = ((50, 50), (150, 50), (150, 150), (50, 150))
    image = frame_to_image(frame, [outline])
    assert is_outline_green(image.pixelColor(100, 50))
    assert image.pixelColor(100, 100) == QColor(128, 128, 128)  # inside stays untouched
    assert int(frame[50, 100, 1]) == 128


def test_the_same_frame_is_not_converted_twice(qtbot) -> None:  # type: ignore[no-untyped-def]
    source = StillSource(grey_frame())
    view = CameraView(source)
    qtbot.addWidget(view)
    assert view.refresh() is True
    assert view.refresh() is False
    assert view.frames_shown == 1
    source.preview = (grey_frame(level=60), [])
    assert view.refresh() is True
    assert view.frames_shown == 2


def test_nothing_to_show_yet_and_no_camera_are_said_in_words(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = CameraView(None)
    qtbot.addWidget(view)
    view.resize(320, 240)
    view.show()
    assert view.refresh() is False and view.image() is None
    assert view.grab().save(str(tmp_path / "empty.png"))


def test_a_broken_source_does_not_take_the_window_down(qtbot) -> None:  # type: ignore[no-untyped-def]
    class Broken:
        def latest_preview(self) -> tuple[np.ndarray, list[Outline]] | None:
            raise RuntimeError("driver bug")

    view = CameraView(Broken())
    qtbot.addWidget(view)
    assert view.refresh() is False
    assert view.refresh() is False


def test_the_view_polls_only_while_visible(qtbot) -> None:  # type: ignore[no-untyped-def]
    source = StillSource(grey_frame())
    view = CameraView(source, fps=100)
    qtbot.addWidget(view)
    qtbot.wait(50)
    assert source.calls == 0
    view.show()
    qtbot.waitUntil(lambda: source.calls >= 3, timeout=2000)
    view.hide()
    calls = source.calls
    qtbot.wait(60)
    assert source.calls == calls
    assert isinstance(view.image(), QImage)


def test_outline_colour_is_green() -> None:
    assert is_outline_green(OUTLINE_COLOUR)
