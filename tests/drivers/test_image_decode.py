# SPDX-License-Identifier: Apache-2.0
"""decode_image: symbology names, AIM identifiers, scanner text, validation and the fallback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from pyzbar import pyzbar
from pyzbar.locations import Point as ZPoint
from pyzbar.locations import Rect as ZRect

from drivers import image_decode
from drivers.aim import SYMBOLOGY_NAMES
from drivers.gs1.check_digit import gs1_check_digit
from drivers.image_decode import DecodedCode, RejectedRead, decode_image, to_gray

GS = "\x1d"


def render(
    content: str,
    fmt: str,
    *,
    gs1: bool = False,
    scale: int = 3,
    canvas: tuple[int, int] = (480, 640),
) -> np.ndarray:
    """A BGR canvas with one zxing-cpp symbol pasted at (40, 30)."""
    kind = getattr(zxingcpp.BarcodeFormat, fmt)
    barcode = (
        zxingcpp.create_barcode(content, kind, gs1=True)
        if gs1
        else zxingcpp.create_barcode(content, kind)
    )
    symbol = np.array(barcode.to_image(scale=scale, add_quiet_zones=True), dtype=np.uint8)
    h, w = symbol.shape
    canvas = (max(canvas[0], h + 60), max(canvas[1], w + 80))
    img = np.full((*canvas, 3), 235, dtype=np.uint8)
    img[30 : 30 + h, 40 : 40 + w] = symbol[:, :, None]
    return img


@pytest.mark.parametrize(
    ("content", "fmt", "gs1", "symbology", "aim", "text"),
    [
        ("400638133393", "EAN13", False, "ean13", "]E0", "4006381333931"),
        ("01234567890", "UPCA", False, "upca", "]E0", "0012345678905"),
        ("0123456", "UPCE", False, "upce", "]E0", "0012345000065"),
        ("9638507", "EAN8", False, "ean8", "]E4", "96385074"),
        ("09506000134376", "ITF", False, "itf14", "]I1", "09506000134376"),
        ("PALLET-0042", "Code128", False, "code128", "]C0", "PALLET-0042"),
        (
            "(01)09506000134376(10)AB12(17)271231",
            "Code128",
            True,
            "gs1-128",
            "]C1",
            f"010950600013437610AB12{GS}17271231",
        ),
        ("WH-LOC-A-12-03", "QRCode", False, "qrcode", "]Q1", "WH-LOC-A-12-03"),
        (
            "(01)09506000134376(10)AB12",
            "QRCode",
            True,
            "gs1-qrcode",
            "]Q3",
            "010950600013437610AB12",
        ),
        ("BIN 7-12", "DataMatrix", False, "datamatrix", "]d1", "BIN 7-12"),
        (
            "(01)09506000134376(10)LOT7(21)S1",
            "DataMatrix",
            True,
            "gs1-datamatrix",
            "]d2",
            f"010950600013437610LOT7{GS}21S1",
        ),
        ("(01)09506000134376", "DataBar", False, "databar", "]e0", "0109506000134376"),
    ],
)
def test_generated_symbols_come_back_as_a_scanner_sends_them(
    content: str, fmt: str, gs1: bool, symbology: str, aim: str, text: str
) -> None:
    codes = decode_image(render(content, fmt, gs1=gs1))
    assert [(c.symbology, c.aim, c.text, c.source) for c in codes] == [
        (symbology, aim, text, "zxing")
    ]
    code = codes[0]
    assert code.symbology in SYMBOLOGY_NAMES
    assert code.scan == aim + text
    assert code.parsed is not None and code.parsed.error is None


def test_outline_is_four_points_around_the_symbol() -> None:
    img = render("WH-LOC-A-12-03", "QRCode", scale=4)
    (code,) = decode_image(img)
    assert len(code.outline) == 4
    xs = [p[0] for p in code.outline]
    ys = [p[1] for p in code.outline]
    assert 40 <= min(xs) < max(xs) <= 40 + 4 * 29 + 10
    assert 30 <= min(ys) < max(ys) <= 30 + 4 * 29 + 10


def test_gs1_reads_carry_the_parse_result() -> None:
    (code,) = decode_image(render("(01)09506000134376(17)271231", "DataMatrix", gs1=True))
    assert code.parsed is not None
    assert code.parsed.kind == "gs1"
    assert code.parsed.gtin == "09506000134376"
    assert code.parsed.fields["expiry"] == "2027-12-31"


@pytest.mark.parametrize("convert", [None, cv2.COLOR_BGR2GRAY, cv2.COLOR_BGR2BGRA])
def test_grey_bgr_and_bgra_inputs(convert: int | None) -> None:
    img = render("400638133393", "EAN13")
    if convert is not None:
        img = cv2.cvtColor(img, convert)
    assert [c.text for c in decode_image(img)] == ["4006381333931"]


@pytest.mark.parametrize(
    "bad",
    [np.zeros((10, 10), dtype=np.float32), np.zeros((10, 10, 2), dtype=np.uint8), "image"],
)
def test_non_images_raise_value_error(bad: Any) -> None:
    with pytest.raises(ValueError):
        to_gray(bad)


def test_empty_frame_gives_nothing() -> None:
    rng = np.random.default_rng(3)
    noise = cv2.GaussianBlur(rng.integers(0, 255, (240, 320), dtype=np.uint8), (0, 0), 3)
    assert decode_image(noise) == []


def test_symbology_filter_limits_the_result() -> None:
    img = render("400638133393", "EAN13", canvas=(480, 900))
    qr = render("WH-LOC-A-12-03", "QRCode")[30:150, 40:160]
    img[300:420, 600:720] = qr
    assert {c.symbology for c in decode_image(img)} == {"ean13", "qrcode"}
    assert [c.symbology for c in decode_image(img, symbologies={"qrcode"})] == ["qrcode"]
    upca = render("01234567890", "UPCA")
    assert [c.symbology for c in decode_image(upca, symbologies={"ean13"})] == ["upca"]
    assert decode_image(upca, symbologies={"ean8"}) == []
    with pytest.raises(ValueError, match="unknown symbology"):
        decode_image(img, symbologies={"ean14"})


# -- validation, with scripted decoder output ----------------------------------------------


def _candidate(symbology: str, aim: str, text: str, source: str = "zxing") -> Any:
    return image_decode._Candidate(
        source, symbology, aim, text, text.encode(), ((0, 0), (9, 0), (9, 9), (0, 9))
    )


def _script_zxing(monkeypatch: pytest.MonkeyPatch, *cands: Any) -> None:
    monkeypatch.setattr(
        image_decode,
        "_zxing_candidates",
        lambda gray, wanted, **look: list(cands) if look.get("look") is None else [],
    )


def test_check_digit_failures_are_dropped_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    _script_zxing(
        monkeypatch,
        _candidate("ean13", "]E0", "4006381333932"),
        _candidate("itf14", "]I1", "09506000134375"),
        _candidate("ean8", "]E4", "9638507"),
    )
    rejected: list[RejectedRead] = []
    assert decode_image(np.zeros((50, 50), np.uint8), use_pyzbar=False, rejected=rejected) == []
    reasons = [r.reason for r in rejected]
    assert reasons[0].startswith("check digit mismatch in ean13")
    assert reasons[1].startswith("check digit mismatch in itf14")
    assert "is not 8 digits" in reasons[2]


def test_gs1_content_errors_are_kept_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    _script_zxing(monkeypatch, _candidate("gs1-128", "]C1", "168901"))
    img = np.zeros((50, 50), np.uint8)
    (code,) = decode_image(img, use_pyzbar=False)
    assert code.parsed is not None and code.parsed.error is not None
    rejected: list[RejectedRead] = []
    assert decode_image(img, use_pyzbar=False, drop_bad_gs1=True, rejected=rejected) == []
    assert rejected[0].reason.startswith("GS1 data refused")


def test_duplicates_are_reported_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _script_zxing(
        monkeypatch,
        _candidate("qrcode", "]Q1", "A-1"),
        _candidate("qrcode", "]Q1", "A-1"),
    )
    assert len(decode_image(np.zeros((50, 50), np.uint8))) == 1


# -- the pyzbar fallback ----------------------------------------------------------------------


def _zbar(data: bytes, kind: str, quality: int = 50) -> pyzbar.Decoded:
    poly = [ZPoint(10, 10), ZPoint(90, 10), ZPoint(90, 40), ZPoint(10, 40)]
    return pyzbar.Decoded(data, kind, ZRect(10, 10, 80, 30), poly, quality, "UP")


def _script_pyzbar(
    monkeypatch: pytest.MonkeyPatch, fn: Callable[..., list[pyzbar.Decoded]]
) -> None:
    monkeypatch.setattr(image_decode._zbar, "decode", fn)


def test_pyzbar_reads_when_zxing_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    _script_zxing(monkeypatch)
    img = render("400638133393", "EAN13")
    (code,) = decode_image(img)
    assert (code.source, code.symbology, code.aim, code.text) == (
        "pyzbar",
        "ean13",
        "]E0",
        "4006381333931",
    )
    assert decode_image(img, use_pyzbar=False) == []


def test_pyzbar_upce_is_expanded_like_a_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    _script_zxing(monkeypatch)
    (code,) = decode_image(render("0123456", "UPCE"))
    assert (code.source, code.symbology, code.text) == ("pyzbar", "upce", "0012345000065")


def test_pyzbar_is_not_asked_when_zxing_read_something(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> list[pyzbar.Decoded]:
        raise AssertionError("pyzbar must not run")

    _script_pyzbar(monkeypatch, boom)
    assert [c.source for c in decode_image(render("400638133393", "EAN13"))] == ["zxing"]


def test_pyzbar_garbled_non_latin_text_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    _script_zxing(monkeypatch)
    garbled = "*蹬靼翌QR*\r\nhttp://d-qr.net/ex/".encode()
    _script_pyzbar(monkeypatch, lambda *a, **k: [_zbar(garbled, "QRCODE", 1)])
    rejected: list[RejectedRead] = []
    assert decode_image(np.zeros((60, 60), np.uint8), rejected=rejected) == []
    assert "outside Latin script" in rejected[0].reason
    _script_pyzbar(monkeypatch, lambda *a, **k: [_zbar("Größe 5".encode(), "QRCODE", 1)])
    assert [c.text for c in decode_image(np.zeros((60, 60), np.uint8))] == ["Größe 5"]


def test_weak_pyzbar_linear_reads_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    _script_zxing(monkeypatch)
    _script_pyzbar(monkeypatch, lambda *a, **k: [_zbar(b"4006381333931", "EAN13", 3)])
    rejected: list[RejectedRead] = []
    assert decode_image(np.zeros((60, 60), np.uint8), rejected=rejected) == []
    assert "scan line" in rejected[0].reason


def test_unstable_pyzbar_reads_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A second look that reads a different EAN at the same place vetoes the first read."""
    _script_zxing(monkeypatch)
    calls: list[int] = []

    def flaky(*args: object, **kwargs: object) -> list[pyzbar.Decoded]:
        calls.append(1)
        text = b"4006381333931" if len(calls) == 1 else b"9780441014989"
        return [_zbar(text, "EAN13")]

    _script_pyzbar(monkeypatch, flaky)
    rejected: list[RejectedRead] = []
    assert decode_image(np.zeros((60, 60), np.uint8), rejected=rejected) == []
    assert rejected[0].reason.startswith("unstable pyzbar read")


def test_stable_pyzbar_read_survives_second_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    _script_zxing(monkeypatch)
    _script_pyzbar(monkeypatch, lambda *a, **k: [_zbar(b"4006381333931", "EAN13")])
    assert [c.text for c in decode_image(np.zeros((60, 60), np.uint8))] == ["4006381333931"]


def test_large_frames_are_shrunk_for_pyzbar_and_outlines_scaled_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _script_zxing(monkeypatch)
    seen: list[tuple[int, ...]] = []

    def record(img: np.ndarray, symbols: object = None) -> list[pyzbar.Decoded]:
        seen.append(img.shape)
        return [_zbar(b"WH-1", "QRCODE", 1)]

    _script_pyzbar(monkeypatch, record)
    (code,) = decode_image(np.zeros((720, 1280), np.uint8))
    assert seen[0][0] * seen[0][1] <= image_decode.PYZBAR_MAX_PIXELS
    assert code.outline[2][0] > 90  # 90 px in the small frame is further out in the big one


# -- helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(("zxing_aim", "iso"), [("]d7", "]d1"), ("]d8", "]d2"), ("]d2", "]d2")])
def test_dmre_identifiers_are_reported_as_iso(zxing_aim: str, iso: str) -> None:
    assert image_decode._normalise_aim(zxing_aim) == iso


@given(st.from_regex(r"[0-9]{12}", fullmatch=True))
def test_gtin_validation_matches_the_check_digit(body: str) -> None:
    good = body + str(gs1_check_digit(body))
    bad = body + str((gs1_check_digit(body) + 1) % 10)
    symbology = "upca" if good.startswith("0") else "ean13"
    assert image_decode._invalid_reason(_candidate(symbology, "]E0", good), None) is None
    assert "check digit" in str(
        image_decode._invalid_reason(_candidate(symbology, "]E0", bad), None)
    )


def test_decoded_code_is_frozen() -> None:
    code = DecodedCode("qrcode", "]Q1", "x", b"x", ((0, 0), (1, 0), (1, 1), (0, 1)), "zxing")
    with pytest.raises(AttributeError):
        code.text = "y"  # type: ignore[misc]
