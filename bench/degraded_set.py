# SPDX-License-Identifier: Apache-2.0
"""A degraded barcode set the project generates itself: blur, noise, perspective, low
contrast, glare and JPEG, over every camera symbology the station reads.

:func:`make_set` renders symbols with zxing-cpp's writer (valid check digits, GS1 content
where the format carries it) onto a textured 640x480 background, applies one main
degradation (cycling through :data:`DEGRADATIONS`) at a strength that rises with the
image's index, and returns entries shaped like the public set's manifest: ``path`` (a
name), ``format``, ``expected`` (the text a decoder in plain text mode returns),
``degradation`` and ``image`` (BGR ``uint8``). Deterministic for a given OpenCV build
(fixed seeds); nothing is written to disk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import cv2
import numpy as np
import zxingcpp

__all__ = ["DEGRADATIONS", "FORMATS", "make_set"]

WIDTH, HEIGHT = 640, 480


def _check_digit(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def _digits(rng: np.random.Generator, n: int) -> str:
    return "".join(str(int(d)) for d in rng.integers(0, 10, n))


def _upce(rng: np.random.Generator) -> tuple[str, str]:
    """A UPC-E of the form 0 MMMMM L (L = 5..9): UPC-A 0 MMMMM 0000 L + check digit."""
    maker = _digits(rng, 4) + str(int(rng.integers(1, 10)))
    last = str(int(rng.integers(5, 10)))
    upca = "0" + maker + "0000" + last
    check = _check_digit(upca)
    return "0" + maker + last + check, "0" + upca + check  # decoders report it as UPC-A


def _content(fmt: str, rng: np.random.Generator) -> tuple[str, str]:
    """(what to encode, what a plain-text decoder returns)."""
    if fmt == "EAN-13":
        code = _digits(rng, 12)
        code = ("9" + code[1:]) if code[0] == "0" else code  # not a UPC-A
        return code, code + _check_digit(code)
    if fmt == "EAN-8":
        code = _digits(rng, 7)
        return code, code + _check_digit(code)
    if fmt == "UPC-A":
        code = _digits(rng, 11)
        full = code + _check_digit(code)
        return full, "0" + full
    if fmt == "UPC-E":
        return _upce(rng)
    if fmt == "ITF":
        code = _digits(rng, 13)
        full = code + _check_digit(code)
        return full, full
    if fmt == "Code 128":
        text = f"WH-{_digits(rng, 4)}-{chr(65 + int(rng.integers(0, 26)))}{_digits(rng, 3)}"
        return text, text
    if fmt == "QR Code":
        text = f"https://example.com/loc/A-{_digits(rng, 2)}-{_digits(rng, 2)}"
        return text, text
    gtin = "0952" + _digits(rng, 9)
    gtin += _check_digit(gtin)
    lot = f"L{_digits(rng, 4)}"
    return f"(01){gtin}(10){lot}", f"01{gtin}10{lot}"


FORMATS: Final[dict[str, str]] = {
    "EAN-13": "EAN13",
    "EAN-8": "EAN8",
    "UPC-A": "UPCA",
    "UPC-E": "UPCE",
    "ITF": "ITF",
    "Code 128": "Code128",
    "QR Code": "QRCode",
    "Data Matrix": "DataMatrix",
}
"""Manifest format name -> zxing-cpp writer format."""


def _background(rng: np.random.Generator) -> np.ndarray:
    noise = rng.integers(90, 220, (24, 32)).astype(np.uint8)
    gray = cv2.GaussianBlur(
        cv2.resize(noise, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC), (0, 0), 4
    )
    return gray


def _symbol(fmt: str, content: str, scale: int) -> np.ndarray:
    kind = getattr(zxingcpp.BarcodeFormat, FORMATS[fmt])
    gs1 = fmt == "Data Matrix"
    barcode = zxingcpp.create_barcode(content, kind, gs1=True) if gs1 else None
    barcode = barcode or zxingcpp.create_barcode(content, kind)
    image = np.array(barcode.to_image(scale=scale, add_quiet_zones=True), dtype=np.uint8)
    if fmt in ("QR Code", "Data Matrix"):
        return image
    return np.asarray(
        cv2.resize(image, (image.shape[1], max(image.shape[0], 60 * scale // 2))), dtype=np.uint8
    )


def _place(bg: np.ndarray, symbol: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    h, w = symbol.shape
    fit = min(1.0, (WIDTH - 20) / w, (HEIGHT - 20) / h)
    if fit < 1.0:
        symbol = cv2.resize(symbol, (int(w * fit), int(h * fit)), interpolation=cv2.INTER_AREA)
        h, w = symbol.shape
    y = int(rng.integers(10, HEIGHT - h - 9)) if HEIGHT - h > 20 else (HEIGHT - h) // 2
    x = int(rng.integers(10, WIDTH - w - 9)) if WIDTH - w > 20 else (WIDTH - w) // 2
    frame = bg.copy()
    frame[y : y + h, x : x + w] = symbol
    return frame


def _blur(img: np.ndarray, level: float, rng: np.random.Generator) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), 0.8 + 1.6 * level)


def _noise(img: np.ndarray, level: float, rng: np.random.Generator) -> np.ndarray:
    noisy = img.astype(np.float32) + rng.normal(0, 12 + 38 * level, img.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def _perspective(img: np.ndarray, level: float, rng: np.random.Generator) -> np.ndarray:
    d = 40 + 140 * level
    src = np.array([[0, 0], [WIDTH, 0], [WIDTH, HEIGHT], [0, HEIGHT]], dtype=np.float32)
    jitter = rng.uniform(0, d, (4, 2)).astype(np.float32)
    signs = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, (src + jitter * signs).astype(np.float32))
    return cv2.warpPerspective(img, matrix, (WIDTH, HEIGHT), borderMode=cv2.BORDER_REPLICATE)


def _low_contrast(img: np.ndarray, level: float, rng: np.random.Generator) -> np.ndarray:
    span = 70 - 45 * level
    base = float(rng.uniform(80, 150))
    return (base + img.astype(np.float32) * span / 255).astype(np.uint8)


def _glare(img: np.ndarray, level: float, rng: np.random.Generator) -> np.ndarray:
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    cx, cy = float(rng.uniform(0.3, 0.7) * WIDTH), float(rng.uniform(0.3, 0.7) * HEIGHT)
    radius = 90 + 110 * level
    spot = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radius**2))
    lit = img.astype(np.float32) * (1 - 0.55 * spot) + 255 * (0.55 + 0.35 * level) * spot
    return np.clip(lit, 0, 255).astype(np.uint8)


def _jpeg(img: np.ndarray, level: float, rng: np.random.Generator) -> np.ndarray:
    quality = int(30 - 24 * level)
    small = cv2.resize(img, (WIDTH // 2, HEIGHT // 2), interpolation=cv2.INTER_AREA)
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, quality])
    decoded = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    assert ok and decoded is not None
    return cv2.resize(decoded, (WIDTH, HEIGHT))


DEGRADATIONS: Final[dict[str, Callable[[np.ndarray, float, np.random.Generator], np.ndarray]]] = {
    "blur": _blur,
    "noise": _noise,
    "perspective": _perspective,
    "low_contrast": _low_contrast,
    "glare": _glare,
    "jpeg": _jpeg,
}
"""Degradation name -> function(grey image, level in [0, 1], rng) -> grey image."""


def make_set(per_format: int = 18, seed: int = 19) -> list[dict[str, Any]]:
    """``per_format`` degraded images for every format of :data:`FORMATS`."""
    entries: list[dict[str, Any]] = []
    names = list(DEGRADATIONS)
    for f_index, fmt in enumerate(FORMATS):
        rng = np.random.default_rng(seed + 101 * f_index)
        for n in range(per_format):
            encoded, expected = _content(fmt, rng)
            scale = int(rng.integers(2, 5))
            frame = _place(_background(rng), _symbol(fmt, encoded, scale), rng)
            name = names[n % len(names)]
            level = (n // len(names) + 1) / (per_format // len(names) + 1)
            degraded = DEGRADATIONS[name](frame, level, rng)
            if rng.random() < 0.5:  # a second, milder degradation on half the images
                extra = names[int(rng.integers(0, len(names)))]
                degraded = DEGRADATIONS[extra](degraded, level / 3, rng)
            entries.append(
                {
                    "path": f"degraded/{fmt.replace(' ', '-').lower()}/{n:02d}-{name}",
                    "format": fmt,
                    "expected": expected,
                    "degradation": name,
                    "image": cv2.cvtColor(degraded, cv2.COLOR_GRAY2BGR),
                }
            )
    return entries
