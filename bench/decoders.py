# SPDX-License-Identifier: Apache-2.0
"""Barcode decoders on the public benchmark set: zxing-cpp alone, pyzbar alone, ours.

The set is ``tests/data/barcodes`` in the repository (442 images from zxing-cpp's test samples,
see its README): :func:`run` decodes every image once with

- ``zxing``: bare ``zxingcpp.read_barcodes(bgr, text_mode=Plain)``;
- ``pyzbar``: bare ``pyzbar.decode(grey)`` (the grey conversion is timed too);
- ``ours``: :func:`drivers.image_decode.decode_image` (zxing-cpp, then pyzbar as a checked
  fallback, every read validated),

and counts an image as read when one returned text equals the expected text exactly. A
*wrong read* is a returned text that differs from the image's expected text: some are other
genuine codes in the picture (two books, a double QR code), some are misreads; the figures
compare decoders. ``wrong_beyond_zxing`` lists ours' wrong reads that bare zxing-cpp does not
also return for that image, i.e. what the pyzbar fallback let through.

It then times 1280x720 BGR frames (a synthetic shelf scene, empty or holding one EAN-13,
GS1-128, QR or GS1 DataMatrix symbol): ours against bare ``zxingcpp.read_barcodes(bgr)``,
as ratios of medians.

:func:`run` prints nothing and returns a JSON-ready dict (see its docstring). Runs on the
caller's thread, in about 10 s on two cores. Raises ``FileNotFoundError`` when the set is
missing.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar

from drivers.image_decode import decode_image

__all__ = ["BENCHMARK_DIR", "DECODERS", "frame_times", "load_set", "run"]

BENCHMARK_DIR: Final[Path] = Path(__file__).resolve().parents[1] / "tests/data/barcodes"
"""Default location of the benchmark set (``tests/data/barcodes`` in the source tree)."""

Decoder = Callable[[np.ndarray], list[str]]


def _zxing(img: np.ndarray) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.Plain)]


def _pyzbar(img: np.ndarray) -> list[str]:
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    return [d.data.decode("utf-8", errors="replace") for d in pyzbar.decode(gray)]


def _ours(img: np.ndarray) -> list[str]:
    return [code.text for code in decode_image(img)]


DECODERS: Final[dict[str, Decoder]] = {"zxing": _zxing, "pyzbar": _pyzbar, "ours": _ours}
"""Decoder name -> function from a BGR image to the texts it read."""


def load_set(root: Path = BENCHMARK_DIR) -> list[dict[str, Any]]:
    """The manifest's image entries, each with ``image`` (BGR array) added.

    Raises ``FileNotFoundError`` when the manifest or an image is missing.
    """
    manifest = root / "manifest.json"
    if not manifest.is_file():
        raise FileNotFoundError(f"benchmark set not found: {manifest} is missing")
    entries: list[dict[str, Any]] = json.loads(manifest.read_text(encoding="utf-8"))["images"]
    for entry in entries:
        image = cv2.imread(str(root / entry["path"]), cv2.IMREAD_COLOR)
        if image is None:
            raise FileNotFoundError(f"benchmark image unreadable: {root / entry['path']}")
        entry["image"] = image
    return entries


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


def decode_set(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per decoder: ``per_image`` (path -> texts) and ``times`` (path -> seconds)."""
    out: dict[str, dict[str, Any]] = {}
    for name, decoder in DECODERS.items():
        decoder(entries[0]["image"])  # warm-up (library loading, first allocation)
        texts: dict[str, list[str]] = {}
        times: dict[str, float] = {}
        for entry in entries:
            start = time.perf_counter()
            found = decoder(entry["image"])
            times[entry["path"]] = time.perf_counter() - start
            texts[entry["path"]] = found
        out[name] = {"per_image": texts, "times": times}
    return out


def _summarise(entries: list[dict[str, Any]], result: dict[str, Any]) -> dict[str, Any]:
    formats = sorted({e["format"] for e in entries})
    per_format: dict[str, Any] = {}
    read_total = wrong_total = 0
    wrong: list[dict[str, str]] = []
    for fmt in formats:
        group = [e for e in entries if e["format"] == fmt]
        read = sum(1 for e in group if e["expected"] in result["per_image"][e["path"]])
        times = [result["times"][e["path"]] for e in group]
        bad = [
            {"path": e["path"], "text": t}
            for e in group
            for t in dict.fromkeys(result["per_image"][e["path"]])
            if t != e["expected"]
        ]
        per_format[fmt] = {
            "images": len(group),
            "read": read,
            "rate": round(read / len(group), 4),
            "wrong_reads": len(bad),
            "median_ms": _ms(statistics.median(times)),
            "p95_ms": _ms(_p95(times)),
        }
        read_total += read
        wrong_total += len(bad)
        wrong.extend(bad)
    return {
        "read": read_total,
        "rate": round(read_total / len(entries), 4),
        "wrong_reads": wrong_total,
        "wrong": wrong,
        "per_format": per_format,
    }


def _background(seed: int = 11) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noise = rng.integers(80, 210, (45, 80), dtype=np.uint8)
    gray = cv2.GaussianBlur(
        cv2.resize(noise, (1280, 720), interpolation=cv2.INTER_CUBIC), (0, 0), 5
    )
    for _ in range(12):
        x, y = int(rng.integers(0, 1180)), int(rng.integers(0, 640))
        w, h = int(rng.integers(40, 260)), int(rng.integers(30, 160))
        cv2.rectangle(gray, (x, y), (x + w, y + h), int(rng.integers(50, 230)), -1)
    cv2.putText(gray, "AISLE 7 - SHELF 12-B", (60, 660), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 30, 3)
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


_FRAME_SYMBOLS: Final[tuple[tuple[str, str, bool], ...]] = (
    ("EAN13", "400638133393", False),
    ("Code128", "(01)09506000134376(10)AB12", True),
    ("QRCode", "WH-LOC-A-12-03", False),
    ("DataMatrix", "(01)09506000134376(17)271231", True),
)


def _frames_with_codes(bg: np.ndarray) -> list[np.ndarray]:
    frames = []
    for fmt, content, gs1 in _FRAME_SYMBOLS:
        kind = getattr(zxingcpp.BarcodeFormat, fmt)
        barcode = zxingcpp.create_barcode(content, kind, gs1=True) if gs1 else None
        barcode = barcode or zxingcpp.create_barcode(content, kind)
        symbol = np.array(barcode.to_image(scale=4, add_quiet_zones=True), dtype=np.uint8)
        h, w = symbol.shape
        frame = bg.copy()
        y, x = (720 - h) // 2, (1280 - w) // 2
        frame[y : y + h, x : x + w] = symbol[:, :, None]
        frames.append(frame)
    return frames


def _median_time(fn: Callable[[np.ndarray], object], frame: np.ndarray, repeats: int) -> float:
    fn(frame)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(frame)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def frame_times(repeats: int = 15) -> dict[str, Any]:
    """Median decode time of 1280x720 frames, ours vs bare zxing-cpp, with and without a code."""
    bg = _background()
    empties = [bg, _background(seed=12)]
    with_code = _frames_with_codes(bg)

    def bare(frame: np.ndarray) -> object:
        return zxingcpp.read_barcodes(frame)

    def ours(frame: np.ndarray) -> object:
        return decode_image(frame)

    out: dict[str, Any] = {}
    for label, frames in (("with_code", with_code), ("empty", empties)):
        zx = statistics.median(_median_time(bare, f, repeats) for f in frames)
        us = statistics.median(_median_time(ours, f, repeats) for f in frames)
        out[label] = {"zxing_ms": _ms(zx), "ours_ms": _ms(us), "ratio": round(us / zx, 3)}
    out["frames_read_by_ours"] = sum(1 for f in with_code if decode_image(f))
    out["frames"] = {"with_code": len(with_code), "empty": len(empties)}
    return out


def run(root: Path = BENCHMARK_DIR) -> dict[str, Any]:
    """Measure everything; return a JSON-ready dict.

    Keys: ``images``; ``decoders`` (per decoder: ``read``, ``rate``, ``wrong_reads``,
    ``wrong`` [{path, text}] (ours also ``wrong_beyond_zxing``), ``per_format`` {format: images, read, rate, wrong_reads,
    median_ms, p95_ms}); ``frame_1280x720`` (``with_code``/``empty``: ``zxing_ms``,
    ``ours_ms``, ``ratio``); ``goals`` (booleans against the targets: ours at least the
    better single decoder per format, ours above both overall, frame-time ratios at most 1.2
    with a code and 1.5 on empty frames).
    """
    entries = load_set(root)
    raw = decode_set(entries)
    decoders = {name: _summarise(entries, result) for name, result in raw.items()}
    frames = frame_times()
    ours, zx, pz = decoders["ours"], decoders["zxing"], decoders["pyzbar"]
    per_format_ok = {
        fmt: stats["read"] >= max(zx["per_format"][fmt]["read"], pz["per_format"][fmt]["read"])
        for fmt, stats in ours["per_format"].items()
    }
    zx_texts = raw["zxing"]["per_image"]
    ours["wrong_beyond_zxing"] = [w for w in ours["wrong"] if w["text"] not in zx_texts[w["path"]]]
    goals = {
        "per_format_at_least_best_single": all(per_format_ok.values()),
        "per_format": per_format_ok,
        "overall_above_both": ours["read"] > max(zx["read"], pz["read"]),
        "frame_with_code_ratio_le_1_2": frames["with_code"]["ratio"] <= 1.2,
        "frame_empty_ratio_le_1_5": frames["empty"]["ratio"] <= 1.5,
    }
    return {
        "images": len(entries),
        "benchmark": str(root),
        "decoders": decoders,
        "frame_1280x720": frames,
        "goals": goals,
    }
