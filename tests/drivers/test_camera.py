# SPDX-License-Identifier: Apache-2.0
"""camera:// on a generated video file, an image folder and a scripted live source."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from drivers import camera
from drivers.base import DeviceError, DeviceState, Reader, ScanEvent
from drivers.camera import CameraReader
from drivers.image_decode import DecodedCode
from drivers.registry import reader_for_url
from tests.data.make_barcode_video import (
    ExpectedRead,
    Segment,
    make_frames,
    make_image_folder,
    make_video,
)

WAIT = 60.0


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ExpectedRead]]:
    path = tmp_path_factory.mktemp("video") / "barcodes.avi"
    return path, make_video(path)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ExpectedRead]]:
    path = tmp_path_factory.mktemp("images")
    return path, make_image_folder(path)


@pytest.fixture
def readers() -> Iterator[list[Reader]]:
    opened: list[Reader] = []
    yield opened
    for reader in opened:
        reader.close()


def drain(reader: Reader) -> list[ScanEvent]:
    events = []
    while (event := reader.read_event(0.0)) is not None:
        events.append(event)
    return events


def run_to_end(url: str, readers: list[Reader]) -> tuple[CameraReader, list[ScanEvent]]:
    reader = reader_for_url(url)
    readers.append(reader)
    assert isinstance(reader, CameraReader)
    assert reader.wait_finished(WAIT)
    return reader, drain(reader)


def test_video_file_gives_one_event_per_appearance(
    video: tuple[Path, list[ExpectedRead]], readers: list[Reader]
) -> None:
    path, expected = video
    url = f"camera://{path}?fps=0"
    reader, events = run_to_end(url, readers)
    assert isinstance(reader, Reader)
    assert [(e.symbology, e.aim, e.text) for e in events] == [
        (x.symbology, x.aim, x.text) for x in expected
    ]
    first = events[0]
    assert first.source_url == url and first.kind == "barcode"
    assert first.raw == b"]E04006381333931"
    stats = reader.stats()
    assert stats["frames"] == stats["decoded"] == 73
    assert stats["dropped"] == 0 and stats["scans"] == len(expected)
    assert reader.status().state is DeviceState.DISCONNECTED
    assert "end of video file" in reader.status().message
    reader.close()
    assert reader.status().state is DeviceState.CLOSED


def test_hold_off_joins_sightings_within_the_window(tmp_path: Path, readers: list[Reader]) -> None:
    segments = (
        Segment(2),
        Segment(4, "EAN13", "400638133393"),
        Segment(3),  # 0.3 s out of view at 10 fps
        Segment(4, "EAN13", "400638133393"),
        Segment(2),
    )
    path = tmp_path / "twice.avi"
    make_video(path, segments)
    _, joined = run_to_end(f"camera://{path}?fps=0&holdoff_ms=1500", readers)
    assert [e.text for e in joined] == ["4006381333931"]
    _, apart = run_to_end(f"camera://{path}?fps=0&holdoff_ms=200", readers)
    assert [e.text for e in apart] == ["4006381333931", "4006381333931"]


def test_long_hold_off_merges_the_whole_video(
    video: tuple[Path, list[ExpectedRead]], readers: list[Reader]
) -> None:
    path, expected = video
    _, events = run_to_end(f"camera://{path}?fps=0&holdoff_ms=60000", readers)
    assert len(events) == len(expected) - 1  # the EAN-13 coming back is the same scan


def test_symbology_filter(video: tuple[Path, list[ExpectedRead]], readers: list[Reader]) -> None:
    path, _ = video
    _, events = run_to_end(f"camera://{path}?fps=0&symbologies=qrcode,gs1-datamatrix", readers)
    assert [e.symbology for e in events] == ["qrcode", "gs1-datamatrix"]


def test_image_folder(folder: tuple[Path, list[ExpectedRead]], readers: list[Reader]) -> None:
    path, expected = folder
    reader, events = run_to_end(f"camera://{path}?fps=0", readers)
    assert [(e.symbology, e.text) for e in events] == [(x.symbology, x.text) for x in expected]
    assert reader.stats()["frames"] == len(list(path.iterdir()))
    assert "image folder" in reader.status().message


def test_preview_holds_the_last_frame_and_its_outlines(
    tmp_path: Path, readers: list[Reader]
) -> None:
    make_image_folder(tmp_path, (Segment(1, "QRCode", "WH-LOC-A-12-03"),))
    reader = reader_for_url(f"camera://{tmp_path}?fps=0", do_not_open=True)
    readers.append(reader)
    assert isinstance(reader, CameraReader)
    assert reader.latest_preview() is None
    reader.open()
    assert reader.wait_finished(WAIT)
    preview = reader.latest_preview()
    assert preview is not None
    frame, outlines = preview
    assert frame.shape == (480, 640, 3)
    assert len(outlines) == 1 and len(outlines[0]) == 4
    xs = [p[0] for p in outlines[0]]
    assert 200 < min(xs) < max(xs) < 440  # the symbol is pasted in the middle


def test_frames_the_decoder_cannot_keep_up_with_are_dropped(
    video: tuple[Path, list[ExpectedRead]], readers: list[Reader]
) -> None:
    path, _ = video
    seen: list[int] = []

    def slow(frame: np.ndarray) -> list[DecodedCode]:
        seen.append(1)
        time.sleep(0.03)
        return []

    reader = CameraReader(f"camera://{path}?fps=500", decoder=slow)
    readers.append(reader)
    reader.open()
    assert reader.wait_finished(WAIT)
    stats = reader.stats()
    assert stats["frames"] == 73
    assert stats["dropped"] > 0
    assert stats["decoded"] == len(seen) < 73
    assert stats["decoded"] + stats["dropped"] == stats["frames"]


def test_latest_slot_keeps_only_the_newest_frame() -> None:
    reader = CameraReader("camera:///nowhere.avi")
    frames = [camera._Frame(np.zeros((2, 2), np.uint8), i, i / 10, 0.0) for i in range(3)]
    for frame in frames:
        reader._offer(frame)
    taken = reader._take()
    assert taken is frames[2]
    assert reader.stats() == {"frames": 3, "decoded": 0, "dropped": 2, "scans": 0, "rejected": 0}


class ScriptedLiveSource(camera._Source):
    """A webcam stand-in: the same frame over and over, at most ``limit`` times."""

    live = True

    def __init__(self, frame: np.ndarray, limit: int) -> None:
        super().__init__()
        self.frame = frame
        self.left = limit
        self.released = threading.Event()

    @camera.runs_on_capture_thread
    def read(self) -> np.ndarray | None:
        if self.left == 0:
            time.sleep(0.01)
            return self.frame  # keep delivering without counting
        self.left -= 1
        time.sleep(0.005)
        return self.frame

    @camera.runs_on_capture_thread
    def release(self) -> None:
        self.released.set()


def test_live_source_hold_off_uses_the_clock(
    monkeypatch: pytest.MonkeyPatch, readers: list[Reader]
) -> None:
    frames, _ = make_frames((Segment(1, "EAN13", "400638133393"),))
    source = ScriptedLiveSource(frames[0], limit=20)
    reader = CameraReader("camera://0?holdoff_ms=60000")
    monkeypatch.setattr(reader, "_make_source", lambda: source)
    readers.append(reader)
    reader.open()
    assert reader.is_connected()
    event = reader.read_event(WAIT)
    assert event is not None and event.text == "4006381333931"
    assert reader.read_event(0.3) is None  # still in view: the same scan
    reader.close()
    assert source.released.is_set()
    assert not reader.is_connected()


def test_capture_source_refuses_other_threads(video: tuple[Path, list[ExpectedRead]]) -> None:
    source = camera._CaptureSource(str(video[0]))
    source.owner = threading.Thread(target=lambda: None)
    with pytest.raises(RuntimeError, match="capture thread"):
        source.read()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("camera:///no/such/clip.mp4", "video file /no/such/clip.mp4 does not exist"),
        ("camera://97", "camera 97 is not available"),
    ],
)
def test_unopenable_sources_raise_device_error(
    url: str, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    reader = reader_for_url(url, do_not_open=True)
    with pytest.raises(DeviceError, match=message):
        reader.open()
    assert not [r for r in caplog.records if r.exc_info]  # a message, no logged traceback
    assert reader.status().state is DeviceState.ERROR
    assert message in reader.status().message
    reader.close()


def test_not_a_video_and_empty_folder(tmp_path: Path) -> None:
    junk = tmp_path / "notes.avi"
    junk.write_text("not a video")
    with pytest.raises(DeviceError, match="cannot open"):
        reader_for_url(f"camera://{junk}")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DeviceError, match="holds no images"):
        reader_for_url(f"camera://{empty}")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("camera://0?fps=fast", "not a number"),
        ("camera://0?symbologies=ean13,ean99", "unknown symbology ean99"),
        ("camera://0?holdoff=5", "unknown option"),
        ("camera://0?use_pyzbar=maybe", "must be 1 or 0"),
        ("camera://", "camera number"),
    ],
)
def test_bad_urls_fail_at_construction(url: str, message: str) -> None:
    with pytest.raises(DeviceError, match=message):
        reader_for_url(url, do_not_open=True)
