# SPDX-License-Identifier: Apache-2.0
"""Render a small barcode test video (MJPG ``.avi``) with zxing-cpp's writer.

The video is a sequence of *segments*: stretches of empty frames (a textured, shelf-like
background) and stretches showing one symbol, upright or rotated, sharp or blurred, at normal
or low contrast. :data:`SEGMENTS` is the script; :func:`make_video` writes it and returns what
a decoder should find, so tests generate the file into ``tmp_path`` instead of trusting a stale
committed copy.

Usage: ``python tests/data/make_barcode_video.py [OUT.avi]`` (default
``tests/data/video/barcodes.avi``) also writes ``OUT.json`` with the expected reads.

Contract: deterministic for a given OpenCV build (fixed random seed); raises ``RuntimeError``
when OpenCV cannot write MJPG.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

WIDTH, HEIGHT, FPS = 640, 480, 10.0


@dataclass(frozen=True)
class Segment:
    """``frames`` frames showing ``content`` (``None``: empty) rendered as ``fmt``."""

    frames: int
    fmt: str | None = None
    content: str = ""
    gs1: bool = False
    angle: float = 0.0
    blur: float = 0.0
    low_contrast: bool = False
    scale: int = 3


@dataclass(frozen=True)
class ExpectedRead:
    """What a decoder should report for one symbol segment (``first_frame`` is 0-based)."""

    symbology: str
    aim: str
    text: str
    first_frame: int
    last_frame: int


SEGMENTS: tuple[Segment, ...] = (
    Segment(4),
    Segment(8, "EAN13", "400638133393"),
    Segment(4),
    Segment(8, "QRCode", "WH-LOC-A-12-03", angle=30.0),
    Segment(4),
    Segment(8, "Code128", "(01)09506000134376(10)AB12", gs1=True, blur=1.2, scale=2),
    Segment(4),
    Segment(8, "DataMatrix", "(01)09506000134376(17)271231", gs1=True, low_contrast=True),
    Segment(4),
    Segment(8, "Code128", "PALLET-0042", angle=90.0, scale=2),
    Segment(3),
    Segment(6, "EAN13", "400638133393", angle=180.0),
    Segment(4),
)
"""The default script: 73 frames, 7.3 s at 10 fps."""

EXPECTED: dict[tuple[str, str], tuple[str, str, str]] = {
    ("EAN13", "400638133393"): ("ean13", "]E0", "4006381333931"),
    ("QRCode", "WH-LOC-A-12-03"): ("qrcode", "]Q1", "WH-LOC-A-12-03"),
    ("Code128", "(01)09506000134376(10)AB12"): ("gs1-128", "]C1", "010950600013437610AB12"),
    ("DataMatrix", "(01)09506000134376(17)271231"): (
        "gs1-datamatrix",
        "]d2",
        "010950600013437617271231",
    ),
    ("Code128", "PALLET-0042"): ("code128", "]C0", "PALLET-0042"),
}


def background(rng: np.random.Generator) -> np.ndarray:
    """A BGR shelf-like scene: smooth noise, boxes and a printed word, no barcode."""
    noise = rng.integers(90, 200, (HEIGHT // 16, WIDTH // 16), dtype=np.uint8)
    gray = cv2.GaussianBlur(
        cv2.resize(noise, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC), (0, 0), 4
    )
    for _ in range(6):
        x, y = int(rng.integers(0, WIDTH - 80)), int(rng.integers(0, HEIGHT - 60))
        w, h = int(rng.integers(30, 160)), int(rng.integers(20, 100))
        cv2.rectangle(gray, (x, y), (x + w, y + h), int(rng.integers(60, 220)), -1)
    cv2.putText(gray, "SHELF 12-B", (20, HEIGHT - 24), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 40, 2)
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def render_symbol(seg: Segment) -> np.ndarray:
    """The symbol of ``seg`` as a grey image with quiet zones, rotated and degraded."""
    assert seg.fmt is not None
    fmt = getattr(zxingcpp.BarcodeFormat, seg.fmt)
    if seg.gs1:
        barcode = zxingcpp.create_barcode(seg.content, fmt, gs1=True)
    else:
        barcode = zxingcpp.create_barcode(seg.content, fmt)
    img: np.ndarray = np.array(
        barcode.to_image(scale=seg.scale, add_quiet_zones=True), dtype=np.uint8
    )
    img = cv2.copyMakeBorder(img, 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=255)
    if seg.low_contrast:
        img = (90 + (img.astype(np.float32) / 255.0) * 60).astype(np.uint8)
    if seg.angle:
        h, w = img.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), seg.angle, 1.0)
        cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
        nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
        matrix[0, 2] += nw / 2 - w / 2
        matrix[1, 2] += nh / 2 - h / 2
        border = int(img[0, 0])
        img = cv2.warpAffine(img, matrix, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=border)
    if seg.blur:
        img = cv2.GaussianBlur(img, (0, 0), seg.blur)
    return img


def _compose(bg: np.ndarray, symbol: np.ndarray, frame_no: int) -> np.ndarray:
    frame = bg.copy()
    h, w = symbol.shape
    h, w = min(h, HEIGHT), min(w, WIDTH)
    x = (WIDTH - w) // 2 + (frame_no % 3) * 4 - 4
    y = (HEIGHT - h) // 2
    x = max(0, min(WIDTH - w, x))
    frame[y : y + h, x : x + w] = symbol[:h, :w, None]
    return frame


def make_frames(
    segments: tuple[Segment, ...] = SEGMENTS, seed: int = 7
) -> tuple[list[np.ndarray], list[ExpectedRead]]:
    """All frames (BGR) of the script and the reads expected from it."""
    rng = np.random.default_rng(seed)
    bg = background(rng)
    frames: list[np.ndarray] = []
    expected: list[ExpectedRead] = []
    for seg in segments:
        start = len(frames)
        if seg.fmt is None:
            frames.extend(bg.copy() for _ in range(seg.frames))
            continue
        symbol = render_symbol(seg)
        frames.extend(_compose(bg, symbol, start + i) for i in range(seg.frames))
        symbology, aim, text = EXPECTED[(seg.fmt, seg.content)]
        expected.append(ExpectedRead(symbology, aim, text, start, start + seg.frames - 1))
    return frames, expected


def make_video(
    path: Path, segments: tuple[Segment, ...] = SEGMENTS, fps: float = FPS
) -> list[ExpectedRead]:
    """Write the script to ``path`` as MJPG ``.avi``; return the expected reads."""
    frames, expected = make_frames(segments)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (WIDTH, HEIGHT))
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write MJPG video to {path}")
    try:
        for frame in frames:
            writer.write(frame)
    finally:
        writer.release()
    return expected


def make_image_folder(folder: Path, segments: tuple[Segment, ...] = SEGMENTS) -> list[ExpectedRead]:
    """Write the first frame of every segment as ``NNN.png`` into ``folder``."""
    frames, expected = make_frames(segments)
    folder.mkdir(parents=True, exist_ok=True)
    starts: list[int] = []
    index = 0
    for seg in segments:
        starts.append(index)
        index += seg.frames
    for n, start in enumerate(starts):
        cv2.imwrite(str(folder / f"{n:03d}.png"), frames[start])
    by_start = {start: n for n, start in enumerate(starts)}
    return [
        ExpectedRead(e.symbology, e.aim, e.text, by_start[e.first_frame], by_start[e.first_frame])
        for e in expected
    ]


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent / "video" / "barcodes.avi"
    out.parent.mkdir(parents=True, exist_ok=True)
    expected = make_video(out)
    out.with_suffix(".json").write_text(
        json.dumps([asdict(e) for e in expected], indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(expected)} symbols)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
