# SPDX-License-Identifier: Apache-2.0
"""Decode barcodes in image and video files, one JSON-ready dict per file.

Backs ``station decode --json FILE...``. Each file gives::

    {"file": "shelf.jpg",
     "codes": [{"symbology": "ean13", "aim": "]E0", "text": "4006381333931",
                "gtin": "04006381333931", "gs1": None, "fields": {...}, "frame": 0}],
     "error": None}

``gtin``, ``gs1`` and ``fields`` are those of :meth:`drivers.gs1.ParseResult.to_json` (the
types are :class:`FileJson` and :class:`CodeJson`);
``frame`` is the index of the first video frame showing the code (0 for images). A video
reports each ``(symbology, text)`` once. Files whose suffix is in
:data:`drivers.image_decode.IMAGE_SUFFIXES` are read as images, anything else as video.

Failure modes: a file that is missing or that OpenCV cannot read gives ``"codes": []`` and
``"error"`` (a sentence); the other files go on. An image whose header claims more than
:data:`MAX_IMAGE_PIXELS` pixels (a decompression bomb: a few kilobytes that would decode
into gigabytes) is refused the same way before any pixel is decoded; its size is read from
the header with Pillow, which does not decode the pixel data to report it. Reads refused by the decoder (check digit
mismatch, garbled pyzbar text ...) are left out and logged as warnings on the
``drivers.decode_files`` logger (stderr under the CLI's logging set-up), once per file, reason
and text.

Threads: runs entirely on the caller's thread; frames are decoded one after another.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from drivers.image_decode import IMAGE_SUFFIXES, DecodedCode, RejectedRead, decode_image

__all__ = ["MAX_IMAGE_PIXELS", "CodeJson", "FileJson", "decode_files"]

#: Larger images are refused unread: 40 megapixels is well above any camera or scanner
#: photo of a label (a 12-megapixel phone photo is 4000x3000), and decodes into 120 MB.
MAX_IMAGE_PIXELS = 40_000_000

log = logging.getLogger(__name__)


class CodeJson(TypedDict):
    """One code found in a file (see the module docstring)."""

    symbology: str
    aim: str
    text: str
    gtin: str | None
    gs1: dict[str, str] | None
    fields: dict[str, str]
    frame: int


class FileJson(TypedDict):
    """The result for one file: its codes, or an error sentence."""

    file: str
    codes: list[CodeJson]
    error: str | None


def decode_files(
    paths: list[str], *, use_pyzbar: bool = True, frame_step: int = 1
) -> Iterator[FileJson]:
    """Yield one result dict per path, in order (see the module docstring).

    ``frame_step`` decodes every n-th video frame (1: all). Never raises for file content;
    raises ``ValueError`` when ``frame_step < 1``.
    """
    if frame_step < 1:
        raise ValueError("frame_step must be at least 1")
    for name in paths:
        yield _decode_one(name, use_pyzbar, frame_step)


def _decode_one(name: str, use_pyzbar: bool, frame_step: int) -> FileJson:
    path = Path(name)
    codes: list[CodeJson] = []
    try:
        if not path.is_file():
            raise _FileProblem(f"{name}: no such file")
        if path.suffix.lower() in IMAGE_SUFFIXES:
            frames: Iterator[tuple[int, np.ndarray]] = _image_frames(path)
        else:
            frames = _video_frames(path, frame_step)
        codes = _collect(name, frames, use_pyzbar)
    except _FileProblem as exc:
        return {"file": name, "codes": [], "error": str(exc)}
    return {"file": name, "codes": codes, "error": None}


class _FileProblem(Exception):
    """A file that cannot be read; the message is the result's ``error``."""


def _image_frames(path: Path) -> Iterator[tuple[int, np.ndarray]]:
    _refuse_oversized(path)
    try:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    except cv2.error as exc:  # OpenCV's own size limit, for formats Pillow does not read
        raise _too_large(path) from exc
    if image is None:
        raise _FileProblem(f"{path}: not an image OpenCV can read")
    yield 0, image


def _refuse_oversized(path: Path) -> None:
    """Raise _FileProblem when the image header claims more than MAX_IMAGE_PIXELS pixels."""
    try:
        with Image.open(path) as header:
            width, height = header.size
    except Image.DecompressionBombError as exc:  # Pillow's own, higher limit
        raise _too_large(path) from exc
    except (UnidentifiedImageError, OSError, ValueError):
        return  # not a format Pillow knows the header of: OpenCV's own limit applies
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_large(path)


def _too_large(path: Path) -> _FileProblem:
    return _FileProblem(
        f"{path}: the image claims more than {MAX_IMAGE_PIXELS:,} pixels, more than this "
        "station decodes; it was not read"
    )


def _video_frames(path: Path, step: int) -> Iterator[tuple[int, np.ndarray]]:
    cap = cv2.VideoCapture(str(path))
    try:
        if not cap.isOpened():
            raise _FileProblem(f"{path}: not an image or video OpenCV can read")
        index = 0
        while True:
            ok, frame = cap.read()
            if not ok or frame is None:
                if index == 0:
                    raise _FileProblem(f"{path}: the video holds no readable frame")
                return
            if index % step == 0:
                yield index, frame
            index += 1
    finally:
        cap.release()


def _collect(
    name: str, frames: Iterator[tuple[int, np.ndarray]], use_pyzbar: bool
) -> list[CodeJson]:
    found: dict[tuple[str, str], CodeJson] = {}
    warned: set[tuple[str, str]] = set()
    for index, frame in frames:
        rejected: list[RejectedRead] = []
        for code in decode_image(frame, use_pyzbar=use_pyzbar, rejected=rejected):
            key = (code.symbology, code.text)
            if key not in found:
                found[key] = _code_json(code, index)
        for item in rejected:
            if (item.reason, item.text) not in warned:
                warned.add((item.reason, item.text))
                log.warning(
                    "%s (frame %d): dropped %s read: %s", name, index, item.source, item.reason
                )
    return list(found.values())


def _code_json(code: DecodedCode, frame: int) -> CodeJson:
    parsed = code.parsed
    return {
        "symbology": code.symbology,
        "aim": code.aim,
        "text": code.text,
        "gtin": parsed.gtin if parsed is not None else None,
        "gs1": dict(parsed.gs1) if parsed is not None and parsed.gs1 is not None else None,
        "fields": dict(parsed.fields) if parsed is not None else {},
        "frame": frame,
    }
