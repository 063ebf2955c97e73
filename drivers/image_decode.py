# SPDX-License-Identifier: Apache-2.0
"""Decode barcodes in one image: zxing-cpp first, then checked second looks (pyzbar and more).

:func:`decode_image` turns a camera frame or a still image into :class:`DecodedCode` values
that look like what a hardware scanner with "transmit AIM ID" delivers: an AIM identifier
(``]E0``, ``]C1``, ``]d2`` ...), the data after it with ASCII 29 (GS) as the GS1 separator,
the station's symbology name (:data:`drivers.aim.SYMBOLOGY_NAMES`) and an outline for a preview.

Decoder policy (measured by ``python -m bench decoders``, see ``docs/camera.md``):

1. zxing-cpp reads the whole frame (``TextMode.Plain``, every station symbology). It is the
   only one of the two that reads Data Matrix and reports AIM identifiers and GS1 content.
2. Only when zxing-cpp returned no usable read come the second looks of
   :mod:`drivers.frame_variants`, in order of measured yield until one reads: pyzbar (EAN/UPC
   and QR Code only; its Code 128 drops FNC1; frames above :data:`PYZBAR_MAX_PIXELS` shrunk),
   then zxing-cpp on a contrast-enhanced, an upscaled, a halved, a fixed-threshold and a
   sharpened copy. On HD frames they share a time budget; an EAN/UPC from a transformed copy
   needs a second look to agree. ``second_looks=None`` keeps them for frames where the first
   pass saw a symbol it could not read (a live camera's empty frames, mostly).
3. Every read is validated; a read that fails is dropped, logged at DEBUG and appended to the
   caller's ``rejected`` list with a reason (:class:`RejectedRead`):

   EAN/UPC and ITF-14 need digits, the right length and a correct check digit; text must not be
   empty or hold U+FFFD; pyzbar text must stay in Latin script; pyzbar EAN/UPC reads must be
   seen on :data:`PYZBAR_MIN_QUALITY` scan lines and be stable (no other EAN/UPC at the same
   place when the frame is turned, shrunk or blurred: zbar's misreads carry valid check
   digits); reads outside the ``symbologies`` filter are dropped (docs/camera.md).

   GS1 data (``]C1 ]e0 ]d2 ]Q3`` and GTINs) is parsed with :func:`drivers.gs1.parse_scan` and the
   result is attached as :attr:`DecodedCode.parsed`. A GS1 *content* error (an unknown AI, a
   bad date) in a symbol whose own integrity check passed is the label's fault, not a misread:
   the read is kept with the error in ``parsed.error`` so the station can tell the clerk, unless
   ``drop_bad_gs1=True``.

Without zbar (``PYZBAR_AVAILABLE`` False: pyzbar cannot be imported) pyzbar's look is skipped.

Threads: :func:`decode_image` is a pure function of its arguments and may run on any thread,
several at once (zxing-cpp and zbar keep no shared state between calls). It never raises for
image content; it raises ``ValueError`` for an array that is not an 8-bit grey, BGR or BGRA
image.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import cv2
import numpy as np
import zxingcpp

from drivers.aim import SYMBOLOGY_NAMES, symbology_for_aim
from drivers.frame_variants import HD_PIXELS, SECOND_LOOK_BUDGET, SECOND_LOOKS, Look
from drivers.gs1 import ParseResult, expand_upce, parse_scan
from drivers.gs1.check_digit import has_valid_check_digit
from drivers.zxing_formats import ZXING_FAMILIES, ZXING_FAMILY_FOR

try:
    from pyzbar import pyzbar as _zbar
except (ImportError, OSError):  # libzbar is missing: zxing-cpp alone, as the start-up check says
    _zbar = None

__all__ = [
    "GTIN_SYMBOLOGIES",
    "IMAGE_SUFFIXES",
    "PYZBAR_MAX_PIXELS",
    "PYZBAR_MIN_QUALITY",
    "DecodedCode",
    "Point",
    "RejectedRead",
    "decode_image",
    "to_gray",
]

log = logging.getLogger(__name__)

Point = tuple[int, int]
"""An image coordinate ``(x, y)`` in pixels of the image given to :func:`decode_image`."""

IMAGE_SUFFIXES: Final[frozenset[str]] = frozenset(
    {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"}
)
"""Still-image file name endings (lower case) read with ``cv2.imread`` by the file and folder
readers of :mod:`drivers.camera` and :mod:`drivers.decode_files`."""

PYZBAR_MAX_PIXELS: Final[int] = 640 * 480
"""Up to this many pixels pyzbar reads the full resolution (a shrunk copy lost reads it makes
at full size); larger frames are halved until they fit, which bounds its cost on HD camera
frames (1280x720 becomes 640x360), and pyzbar then looks for EAN/UPC only (zbar's QR reader
costs three times its linear ones; its QR reads on the benchmark came from small images)."""

PYZBAR_MIN_QUALITY: Final[int] = 6
"""Fewest zbar scan lines that must agree on an EAN/UPC read (zbar's ``quality``)."""

GTIN_SYMBOLOGIES: Final[dict[str, int]] = {
    "ean13": 13, "upca": 13, "upce": 13, "ean8": 8, "itf14": 14,
}  # fmt: skip
"""Symbologies that carry a bare GTIN, with the digit count a scanner transmits."""

_PLAIN = zxingcpp.TextMode.Plain
_GS1_NAMES: Final[dict[str, str]] = {
    "code128": "gs1-128",
    "datamatrix": "gs1-datamatrix",
    "qrcode": "gs1-qrcode",
}
_GS1: Final[frozenset[str]] = frozenset(_GS1_NAMES.values())
_F = zxingcpp.BarcodeFormat

PYZBAR_AVAILABLE: Final[bool] = _zbar is not None
"""False when pyzbar (or the zbar library under it) cannot be imported: decoding then uses
zxing-cpp alone and ``use_pyzbar`` has no effect."""

# zbar type -> (symbology, AIM). UPC-A comes back as EAN-13 unless UPC-A is enabled on its own;
# UPC-E is enabled on its own so that it is reported (8 digits, expanded below) as UPC-E.
_PYZBAR_TYPES: Final[dict[str, tuple[str, str]]] = {
    "EAN13": ("ean13", "]E0"), "EAN8": ("ean8", "]E4"), "UPCE": ("upce", "]E0"),
    "QRCODE": ("qrcode", "]Q1"),
}  # fmt: skip
_PYZBAR_SYMBOLS_FOR: Final[dict[str, tuple[str, ...]]] = {
    "ean13": ("EAN13",), "upca": ("EAN13",), "upce": ("UPCE",), "ean8": ("EAN8",),
    "qrcode": ("QRCODE",),
}  # fmt: skip
"""Station symbology -> the names of zbar's ``ZBarSymbol`` members that read it."""
_PYZBAR_LINEAR: Final[frozenset[str]] = frozenset({"EAN13", "EAN8", "UPCE"})

# Characters allowed in pyzbar text: Latin script plus the controls scans carry.
_LATIN_MAX: Final[int] = 0x024F
_ALLOWED_CONTROLS: Final[frozenset[str]] = frozenset("\t\n\r\x1d\x1e\x04")


@dataclass(frozen=True)
class DecodedCode:
    """One validated read.

    ``symbology`` is a member of :data:`drivers.aim.SYMBOLOGY_NAMES`; ``aim`` the ISO/IEC 15424
    identifier a scanner would send (``"]E0"``; zxing-cpp's DMRE modifiers ``]d7``/``]d8`` are
    reported as ``]d1``/``]d2``); ``text`` the content after the identifier as a scanner
    delivers it (GS1 separators as ASCII 29; EAN/UPC as 13 digits, EAN-8 as 8); ``raw`` the
    decoder's content bytes; ``outline`` four corners (top-left, top-right, bottom-right,
    bottom-left as far as the decoder knows the orientation) in pixels of the input image;
    ``source`` ``"zxing"`` or ``"pyzbar"``; ``parsed`` the GS1 engine's
    :class:`~drivers.gs1.ParseResult` for ``aim + text``.
    """

    symbology: str
    aim: str
    text: str
    raw: bytes
    outline: tuple[Point, Point, Point, Point]
    source: str
    parsed: ParseResult | None = None

    @property
    def scan(self) -> str:
        """``aim + text``: the string a scanner with AIM identifiers enabled would send."""
        return self.aim + self.text


@dataclass(frozen=True)
class RejectedRead:
    """A read that was dropped: who read it, what it said and why it was refused."""

    source: str
    symbology: str | None
    aim: str | None
    text: str
    reason: str
    outline: tuple[Point, Point, Point, Point] | None = None


@dataclass
class _Candidate:
    source: str
    symbology: str
    aim: str
    text: str
    raw: bytes
    outline: tuple[Point, Point, Point, Point]
    quality: int = 0
    zbar_type: str = ""


def to_gray(img: np.ndarray) -> np.ndarray:
    """An 8-bit single-channel view or copy of ``img`` (grey, BGR or BGRA, ``uint8``).

    Raises ``ValueError`` for other shapes or dtypes.
    """
    if not isinstance(img, np.ndarray) or img.dtype != np.uint8:
        raise ValueError("decode_image needs a numpy uint8 image")
    if img.ndim == 2:
        return img
    if img.ndim == 3 and img.shape[2] == 1:
        return img[:, :, 0]
    if img.ndim == 3 and img.shape[2] == 3:
        return cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    if img.ndim == 3 and img.shape[2] == 4:
        return cv2.cvtColor(img, cv2.COLOR_BGRA2GRAY)
    raise ValueError(f"decode_image cannot read an image of shape {img.shape}")


def decode_image(
    img: np.ndarray,
    *,
    use_pyzbar: bool = True,
    symbologies: Collection[str] | None = None,
    rejected: list[RejectedRead] | None = None,
    drop_bad_gs1: bool = False,
    second_looks: bool | None = True,
) -> list[DecodedCode]:
    """Decode every barcode in ``img`` (grey, BGR or BGRA ``uint8``), validated.

    ``symbologies`` restricts the result (and the search) to those names of
    :data:`~drivers.aim.SYMBOLOGY_NAMES` (``ean13`` includes ``upca``, which is an EAN-13
    starting with 0; ``code128`` does not include ``gs1-128``); ``None`` means all.
    ``use_pyzbar=False`` skips pyzbar. Dropped reads are appended to ``rejected`` when given. The result holds each
    ``(symbology, text)`` once, zxing-cpp reads first. ``second_looks``: ``True`` tries them
    whenever the first pass read nothing, ``False`` never, ``None`` only when the first pass saw
    a symbol it could not read (zxing-cpp found one with an error, or a read was refused): the
    camera's choice for most empty frames (:class:`drivers.frame_variants.LookSchedule`). See
    the module docstring for the policy, threads and failure modes.
    """
    wanted = _check_symbologies(symbologies)
    gray = to_gray(img)
    sink: list[RejectedRead] = rejected if rejected is not None else []
    accepted: list[DecodedCode] = []
    seen: set[tuple[str, str]] = set()

    started, refused, unread = time.perf_counter(), len(sink), [0]
    # return_errors only when cueing: it costs nothing, but it once hid a second valid EAN-13
    for cand in _zxing_candidates(gray, wanted, unread=unread if second_looks is None else None):
        _accept(cand, wanted, drop_bad_gs1, accepted, seen, sink)
    first = time.perf_counter() - started
    cued = unread[0] > 0 or len(sink) > refused
    if accepted or second_looks is False or (second_looks is None and not cued):
        return accepted
    pyzbar = use_pyzbar and PYZBAR_AVAILABLE and _wants_pyzbar(wanted)
    return _look_again(gray, wanted, first, pyzbar, drop_bad_gs1, sink)


def _look_again(
    gray: np.ndarray,
    wanted: frozenset[str] | None,
    first: float,
    pyzbar: bool,
    drop_bad_gs1: bool,
    sink: list[RejectedRead],
) -> list[DecodedCode]:
    """Try :data:`~drivers.frame_variants.SECOND_LOOKS` in order until one reads. An EAN/UPC
    read by a zxing-cpp look on a transformed frame is kept only when a second look reads
    the same text (check digits do not catch every misread of a degraded frame)."""
    started = time.perf_counter()
    # proportional to the first pass, with no floor: a floor of 20 ms let fast first passes
    # (empty frames on a quiet machine, about 8 ms) spend 2.1x a bare pass on looks
    budget = SECOND_LOOK_BUDGET * first if gray.size >= HD_PIXELS else math.inf
    accepted: list[DecodedCode] = []
    pending: dict[tuple[str, str], DecodedCode] = {}
    looked = False
    for look in SECOND_LOOKS:
        too_big = look.max_pixels is not None and gray.size > look.max_pixels
        spent = time.perf_counter() - started if looked else 0.0
        if too_big or (look.pyzbar and not pyzbar) or spent + look.cost * first > budget:
            continue
        looked = True
        if look.pyzbar:
            found = _pyzbar_candidates(gray, wanted, sink)
        else:
            image, scale = look.variant(gray)
            found = _zxing_candidates(image, wanted, scale=scale, look=look)
        reads: list[DecodedCode] = []
        seen: set[tuple[str, str]] = set()
        for cand in found:
            _accept(cand, wanted, drop_bad_gs1, reads, seen, sink)
        for code in reads:
            key = (code.symbology, code.text)
            if look.pyzbar or code.symbology not in GTIN_SYMBOLOGIES or key in pending:
                accepted.append(pending.pop(key, code))
            else:
                pending[key] = code
        if accepted:
            break
    for code in pending.values():
        reason = "an EAN/UPC read on one transformed frame only, not confirmed by a second look"
        sink.append(RejectedRead(code.source, code.symbology, code.aim, code.text, reason))
    return list({(c.symbology, c.text): c for c in accepted}.values())


# -- shared validation ---------------------------------------------------------------------


def _check_symbologies(symbologies: Collection[str] | None) -> frozenset[str] | None:
    if symbologies is None:
        return None
    names = frozenset(symbologies)
    unknown = names - SYMBOLOGY_NAMES
    if unknown:
        raise ValueError(f"unknown symbology name(s): {', '.join(sorted(unknown))}")
    if "ean13" in names:
        names |= {"upca"}  # a UPC-A symbol is an EAN-13 whose first digit is 0
    return names


def _wants_pyzbar(wanted: frozenset[str] | None) -> bool:
    return wanted is None or bool(wanted & set(_PYZBAR_SYMBOLS_FOR))


def _accept(
    cand: _Candidate,
    wanted: frozenset[str] | None,
    drop_bad_gs1: bool,
    accepted: list[DecodedCode],
    seen: set[tuple[str, str]],
    sink: list[RejectedRead],
) -> None:
    reason = _invalid_reason(cand, wanted)
    parsed: ParseResult | None = None
    if reason is None:
        parsed = parse_scan(cand.text, aim=cand.aim)
        if parsed.error is not None and drop_bad_gs1:
            reason = f"GS1 data refused: {parsed.error.message}"
    if reason is not None:
        _reject(cand, reason, sink)
        return
    key = (cand.symbology, cand.text)
    if key in seen:
        return
    seen.add(key)
    accepted.append(
        DecodedCode(
            symbology=cand.symbology,
            aim=cand.aim,
            text=cand.text,
            raw=cand.raw,
            outline=cand.outline,
            source=cand.source,
            parsed=parsed,
        )
    )


def _reject(cand: _Candidate, reason: str, sink: list[RejectedRead]) -> None:
    log.debug("dropped %s read %s%r: %s", cand.source, cand.aim, cand.text, reason)
    sink.append(
        RejectedRead(
            source=cand.source,
            symbology=cand.symbology,
            aim=cand.aim,
            text=cand.text,
            reason=reason,
            outline=cand.outline,
        )
    )


def _invalid_reason(cand: _Candidate, wanted: frozenset[str] | None) -> str | None:
    if wanted is not None and cand.symbology not in wanted:
        return f"symbology {cand.symbology} is not enabled"
    if not cand.text:
        return "empty read"
    if "\ufffd" in cand.text:
        return "text holds undecodable bytes"
    digits = GTIN_SYMBOLOGIES.get(cand.symbology)
    if digits is not None:
        if len(cand.text) != digits or not (cand.text.isascii() and cand.text.isdigit()):
            return f"{cand.symbology} read {cand.text!r} is not {digits} digits"
        if not has_valid_check_digit(cand.text):
            return f"check digit mismatch in {cand.symbology} read {cand.text}"
    if cand.source == "pyzbar":
        return _pyzbar_reason(cand)
    return None


def _pyzbar_reason(cand: _Candidate) -> str | None:
    for ch in cand.text:
        if ord(ch) > _LATIN_MAX or (not ch.isprintable() and ch not in _ALLOWED_CONTROLS):
            return f"pyzbar text holds {ch!r} (U+{ord(ch):04X}), outside Latin script"
    if cand.zbar_type in _PYZBAR_LINEAR and cand.quality < PYZBAR_MIN_QUALITY:
        return f"pyzbar read seen on only {cand.quality} scan line(s)"
    return None


# -- zxing-cpp -------------------------------------------------------------------------------


def _zxing_formats(wanted: frozenset[str] | None) -> list[zxingcpp.BarcodeFormat]:
    names = SYMBOLOGY_NAMES if wanted is None else wanted
    formats: list[zxingcpp.BarcodeFormat] = []
    for name in sorted(names):
        family = ZXING_FAMILY_FOR.get(name)
        if family is not None and family not in formats:
            formats.append(family)
    return formats


def _normalise_aim(aim: str) -> str:
    """ISO/IEC 15424 identifier for a zxing-cpp read.

    zxing-cpp 3.1 marks Data Matrix symbols in DMRE sizes by adding 6 to the modifier
    (``]d7``, ``]d8``); scanners send the ISO modifiers ``]d1``/``]d2``.
    """
    if len(aim) == 3 and aim.startswith("]d") and aim[2] in "789":
        return "]d" + str(int(aim[2]) - 6)
    return aim


def _zxing_symbology(barcode: zxingcpp.Barcode, aim: str, gs1: bool) -> str | None:
    name = ZXING_FAMILIES.get(barcode.symbology)
    if name == "ean13":
        if barcode.format == _F.EAN8:
            return "ean8"
        if barcode.format == _F.UPCE:
            return "upce"
        if barcode.format not in (_F.EAN13, _F.UPCA, _F.ISBN):
            return None  # EAN-2/EAN-5 add-ons on their own
        # An EAN-13 whose first digit is 0 is a UPC-A symbol, bar for bar.
        return "upca" if barcode.text.startswith("0") else "ean13"
    if name in _GS1_NAMES and (gs1 or symbology_for_aim(aim) in _GS1):
        return _GS1_NAMES[name]
    if name == "itf" and aim == "]I1" and len(barcode.text) == 14:
        return "itf14"
    return name


def _zxing_outline(position: zxingcpp.Position) -> tuple[Point, Point, Point, Point]:
    corners = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    a, b, c, d = ((int(p.x), int(p.y)) for p in corners)
    return (a, b, c, d)


def _zxing_candidates(
    gray: np.ndarray,
    wanted: frozenset[str] | None,
    *,
    scale: float = 1.0,
    look: Look | None = None,
    unread: list[int] | None = None,
) -> list[_Candidate]:
    """zxing-cpp's reads; with ``unread`` it also counts there the symbols it found and could
    not read (``return_errors``: no extra cost measured on 1280x720 frames)."""
    formats = _zxing_formats(wanted)
    if not formats:
        return []
    out: list[_Candidate] = []
    options = dict(look.options) if look is not None else {}
    if unread is not None:
        options["return_errors"] = True
    for barcode in zxingcpp.read_barcodes(
        gray, formats=zxingcpp.BarcodeFormats(formats), text_mode=_PLAIN, **options
    ):
        if not barcode.valid:
            if unread is not None:
                unread[0] += 1
            continue
        gs1 = barcode.content_type == zxingcpp.ContentType.GS1
        aim = _normalise_aim(barcode.symbology_identifier)
        outline = _zxing_outline(barcode.position)
        outline = outline if scale == 1.0 else _box(outline, scale)
        symbology = _zxing_symbology(barcode, aim, gs1)
        if symbology is None:
            continue
        source = look.name if look is not None else "zxing"
        out.append(_Candidate(source, symbology, aim, barcode.text, bytes(barcode.bytes), outline))
    return out


# -- pyzbar ---------------------------------------------------------------------------------


def _pyzbar_symbols(wanted: frozenset[str] | None) -> list[Any]:
    names = _PYZBAR_SYMBOLS_FOR.keys() if wanted is None else wanted & _PYZBAR_SYMBOLS_FOR.keys()
    symbols: set[Any] = set()
    for name in names:
        symbols.update(_zbar.ZBarSymbol[member] for member in _PYZBAR_SYMBOLS_FOR[name])
    return sorted(symbols)


def _pyzbar_text(zbar_type: str, data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    if zbar_type == "UPCE":
        # Scanners send UPC-E expanded to 13 digits (the GTIN-12 with a leading 0), as zxing-cpp
        # does; an 8-digit read that does not expand is left as it is and fails validation.
        upca = expand_upce(text)
        return "0" + upca if upca is not None else text
    return text


def _box(points: Iterable[tuple[float, float]], scale: float) -> tuple[Point, Point, Point, Point]:
    pts = np.array([(x / scale, y / scale) for x, y in points], dtype=np.float32)
    if len(pts) == 0:
        pts = np.zeros((1, 2), dtype=np.float32)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    tl, tr = (round(x0), round(y0)), (round(x1), round(y0))
    br, bl = (round(x1), round(y1)), (round(x0), round(y1))
    return (tl, tr, br, bl)


def _pyzbar_decode(gray: np.ndarray, symbols: Sequence[Any], scale: float) -> list[_Candidate]:
    out: list[_Candidate] = []
    for item in _zbar.decode(gray, symbols=list(symbols)):
        mapped = _PYZBAR_TYPES.get(item.type)
        if mapped is None:
            continue
        text = _pyzbar_text(item.type, item.data)
        symbology, aim = mapped
        if symbology == "ean13" and text.startswith("0"):
            symbology = "upca"
        outline = _box(((p.x, p.y) for p in item.polygon), scale)
        out.append(
            _Candidate("pyzbar", symbology, aim, text, item.data, outline, item.quality, item.type)
        )
    return out


def _pyzbar_candidates(
    gray: np.ndarray, wanted: frozenset[str] | None, sink: list[RejectedRead]
) -> list[_Candidate]:
    symbols = _pyzbar_symbols(wanted)
    scale = 1.0
    pixels = gray.shape[0] * gray.shape[1]
    if pixels > PYZBAR_MAX_PIXELS:  # large frames: linear codes only (zbar's QR costs 3x)
        symbols = [s for s in symbols if s.name != "QRCODE"]
        while gray.shape[0] * gray.shape[1] > PYZBAR_MAX_PIXELS:  # halving is fast and clean
            gray = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
            scale /= 2
    if not symbols:
        return []
    found = _pyzbar_decode(gray, symbols, scale)
    linear = [c for c in found if c.zbar_type in _PYZBAR_LINEAR]
    if not linear:
        return found
    conflicts = _unstable_linear_reads(gray, symbols, scale, linear)
    kept: list[_Candidate] = []
    for cand in found:
        if id(cand) in conflicts:
            _reject(cand, conflicts[id(cand)], sink)
        else:
            kept.append(cand)
    return kept


def _overlap(a: Sequence[Point], b: Sequence[Point], margin: int) -> bool:
    ax0, ay0 = min(p[0] for p in a) - margin, min(p[1] for p in a) - margin
    ax1, ay1 = max(p[0] for p in a) + margin, max(p[1] for p in a) + margin
    bx0, by0 = min(p[0] for p in b), min(p[1] for p in b)
    bx1, by1 = max(p[0] for p in b), max(p[1] for p in b)
    return ax0 <= bx1 and bx0 <= ax1 and ay0 <= by1 and by0 <= ay1


def _second_looks(gray: np.ndarray, symbols: Sequence[Any], scale: float) -> list[_Candidate]:
    """Linear reads of three slightly changed copies, outlines mapped back to input pixels."""
    h, w = gray.shape
    reads: list[_Candidate] = []
    for cand in _pyzbar_decode(cv2.rotate(gray, cv2.ROTATE_180), symbols, scale):
        (x0, y0), _, (x1, y1), _ = cand.outline
        full_w, full_h = round(w / scale), round(h / scale)
        cand.outline = _box([(full_w - x1, full_h - y1), (full_w - x0, full_h - y0)], 1.0)
        reads.append(cand)
    small = cv2.resize(gray, None, fx=0.75, fy=0.75, interpolation=cv2.INTER_AREA)
    reads.extend(_pyzbar_decode(small, symbols, scale * 0.75))
    reads.extend(_pyzbar_decode(cv2.GaussianBlur(gray, (3, 3), 0), symbols, scale))
    return [c for c in reads if c.zbar_type in _PYZBAR_LINEAR]


def _unstable_linear_reads(
    gray: np.ndarray,
    symbols: Sequence[Any],
    scale: float,
    linear: list[_Candidate],
) -> dict[int, str]:
    """Map id(candidate) -> reason for EAN/UPC reads contradicted at the same place."""
    margin = max(4, round(0.02 * max(gray.shape) / scale))
    others = _second_looks(gray, symbols, scale)
    reasons: dict[int, str] = {}
    for cand in linear:
        rivals = [c for c in linear if c is not cand] + others
        for rival in rivals:
            if rival.text != cand.text and _overlap(cand.outline, rival.outline, margin):
                reasons[id(cand)] = (
                    f"unstable pyzbar read: {rival.text} seen at the same place on a second look"
                )
                break
    return reasons
