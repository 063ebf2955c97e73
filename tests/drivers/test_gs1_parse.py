# SPDX-License-Identifier: Apache-2.0
"""parse_scan on the station reference vectors and on each refusal rule."""

from __future__ import annotations

import json
from datetime import date

import pytest

from drivers.gs1 import ERROR_CODES, ParseError, ParseResult, parse_scan

GS = "\x1d"
TODAY = date(2026, 11, 25)


def scan(text: str, aim: str | None = None) -> ParseResult:
    return parse_scan(text, aim, today=TODAY)


# (input, kind, gs1, selected fields) - gs1-barcodes.md section 9
REFERENCE_OK = [
    (
        "010703206980498815210526100329",
        {"01": "07032069804988", "15": "210526", "10": "0329"},
        {"gtin": "07032069804988", "best_before": "2021-05-26", "lot": "0329"},
    ),
    (
        "]C1010703206980498815210526100329",
        {"01": "07032069804988", "15": "210526", "10": "0329"},
        {"best_before": "2021-05-26"},
    ),
    (
        "0107032069804988100329" + GS + "15210526",
        {"01": "07032069804988", "10": "0329", "15": "210526"},
        {"lot": "0329"},
    ),
    (
        "]C100376130321109103420" + GS + "02070320698049883701" + GS + "10ABC",
        {"00": "376130321109103420", "02": "07032069804988", "37": "01", "10": "ABC"},
        {"sscc": "376130321109103420", "content_gtin": "07032069804988", "quantity": "1"},
    ),
    ("17211200", {"17": "211200"}, {"expiry": "2021-12-31"}),
    ("15200200", {"15": "200200"}, {"best_before": "2020-02-29"}),
    (
        "0109521234543213172501001012345" + GS + "21ABC",
        {"01": "09521234543213", "17": "250100", "10": "12345", "21": "ABC"},
        {"expiry": "2025-01-31", "lot": "12345", "serial": "ABC"},
    ),
    ("15210526100329" + GS, {"15": "210526", "10": "0329"}, {}),
    ("0109521234543213" + GS + GS + "10ABC", {"01": "09521234543213", "10": "ABC"}, {}),
    (
        "8005000123" + GS + "0109521234543213",
        {"8005": "000123", "01": "09521234543213"},
        {"price_per_unit": "000123"},
    ),
    (
        "4001234567" + GS + "4145790000000029",
        {"400": "1234567", "414": "5790000000029"},
        {"order_number": "1234567", "location_gln": "5790000000029"},
    ),
    (
        "0109521234543213" + GS + "3101000500",
        {"01": "09521234543213", "3101": "000500"},
        {"net_weight_kg": "50"},
    ),
    (
        "]d201095212345432131726123110ABC123" + GS + "2112345",
        {"01": "09521234543213", "17": "261231", "10": "ABC123", "21": "12345"},
        {"expiry": "2026-12-31"},
    ),
    (
        "]Q3https://id.gs1.org/01/09521234543213/10/ABC123?17=261231",
        {"01": "09521234543213", "10": "ABC123", "17": "261231"},
        {"lot": "ABC123", "expiry": "2026-12-31"},
    ),
]


@pytest.mark.parametrize(("text", "gs1", "fields"), REFERENCE_OK)
def test_reference_vectors_accepted(text: str, gs1: dict[str, str], fields: dict[str, str]) -> None:
    result = scan(text)
    assert result.error is None, result.error
    assert result.kind == "gs1"
    assert result.gs1 == gs1
    assert list(result.gs1) == list(gs1)  # scan order
    assert fields.items() <= result.fields.items()
    assert result.gtin == gs1.get("01")


@pytest.mark.parametrize(
    ("text", "code", "ai"),
    [
        ("010703206980498810032915210526", "ambiguous_no_separator", "10"),
        ("00376130321109103421", "bad_check_digit", "00"),
        ("0107032069804987", "bad_check_digit", "01"),
        ("15210230", "bad_date", "15"),
        # a mistyped case GTIN: starts like AI (16) but no AI takes the digits after the date
        ("16975123000018", "bad_check_digit", "01"),
        ("11250000", "bad_date", "11"),
        ("]C12312345", "unknown_ai", None),
        ("800500012345", "bad_check_digit", "01"),  # 12 digits read as UPC-A first
        ("]C1800500012345", "value_too_long", "8005"),
        ("]C110" + "A" * 21, "value_too_long", "10"),
        ("]C1011234567890123", "value_too_short", "01"),
        ("]C101123456789012312", "value_too_long", "01"),
        ("]C199~ABC", "bad_character", "99"),
        ("]C10109521234543213" + GS + "10ABC" + GS + "10ABD", "duplicate_ai_conflict", "10"),
        ("]C10109521234543213" + GS + "0209521234543213", "invalid_pair", "02"),
        ("]C1HELLO", "not_gs1", None),
        ("]C1", "empty", None),
        ("", "empty", None),
        ("\r\n", "empty", None),
        ("]E012345", "bad_gtin_length", "01"),
        ("]E05901234123458", "bad_check_digit", "01"),
        ("]E01234ABC890123", "bad_character", "01"),
        ("https://id.gs1.org/01/09521234543213/21/1/10/2", "bad_digital_link", "01"),
        ("(01)09521234543213(17)270230", "bad_date", "17"),
        ("(10)", "value_too_short", "10"),
        ("(8013)1987654Ad4X4bL5ttr2310cXK", "bad_check_characters", "8013"),
        ("010952123454321310ABC2112345", "ambiguous_no_separator", "10"),
        ("]C18005000123" + "0109521234543213", "missing_separator", "8005"),
        ("]C1" + "99" + "9" * 500, "value_too_long", "99"),
    ],
)
def test_refusals(text: str, code: str, ai: str | None) -> None:
    result = scan(text)
    assert result.kind == "invalid"
    assert result.error is not None
    assert (result.error.code, result.error.ai) == (code, ai), result.error.message
    assert code in ERROR_CODES
    assert result.error.message.endswith(".")
    assert result.gs1 is None and result.gtin is None and result.fields == {}


def test_ambiguous_message_tells_how_to_configure_the_scanner() -> None:
    result = scan("010703206980498810032915210526")
    assert result.error is not None
    assert "AIM" in result.error.message and "GS" in result.error.message


@pytest.mark.parametrize(
    ("text", "aim", "gtin", "symbology"),
    [
        ("]E496385074", None, "00000096385074", "ean8"),
        ("]I105901234123457", None, "05901234123457", "itf14"),
        ("]E05901234123457", None, "05901234123457", "ean13"),
        ("]E00614141000036", None, "00614141000036", "ean13"),
        ("]E001234565", None, "00012345000065", "upce"),
        ("5901234123457", None, "05901234123457", "ean13"),
        ("614141000036", None, "00614141000036", "upca"),
        ("96385074", None, "00000096385074", "ean8"),
        ("09521234543213", None, "09521234543213", "itf14"),
        ("5901234123457", "]E0", "05901234123457", "ean13"),
        ("]C15901234123457", "]E0", "05901234123457", "ean13"),  # explicit aim wins
    ],
)
def test_plain_gtins(text: str, aim: str | None, gtin: str, symbology: str) -> None:
    result = scan(text, aim)
    assert result.error is None, result.error
    assert (result.kind, result.gtin, result.symbology) == ("gtin", gtin, symbology)
    assert result.gs1 is None
    assert result.fields["gtin"] == gtin


def test_ean13_with_addon_and_composite() -> None:
    addon = scan("]E3590123412345712")
    assert (addon.kind, addon.gtin, addon.fields.get("addon")) == ("gtin", "05901234123457", "12")
    composite = scan("]E02112345678900|]e099COMPOSITE" + GS + "98XYZ")
    assert composite.kind == "gs1"
    assert composite.gs1 == {"01": "02112345678900", "99": "COMPOSITE", "98": "XYZ"}


@pytest.mark.parametrize(
    ("text", "aim", "symbology", "data"),
    [
        ("]C0HELLO-42", None, "code128", "HELLO-42"),
        ("]A0BIN-7", None, "code39", "BIN-7"),
        ("]d1010952123454321310ABC", None, "datamatrix", "010952123454321310ABC"),
        ("]Q1https://example.com/manual", None, "qrcode", "https://example.com/manual"),
        ("]I0123456", None, "itf", "123456"),
        ("HELLO", None, None, "HELLO"),
        ("10ABC", None, None, "10ABC"),
        ("4711", None, None, "4711"),
        ("BIN-7", "]A0", "code39", "BIN-7"),
    ],
)
def test_text_passes_through(text: str, aim: str | None, symbology: str | None, data: str) -> None:
    result = scan(text, aim)
    assert (result.kind, result.symbology, result.error) == ("text", symbology, None)
    assert result.fields == {"text": data}


def test_unseparated_gs1_when_unambiguous() -> None:
    result = scan("0109501101530003" + "17270131" + "10ABC")
    assert result.error is None
    assert result.gs1 == {"01": "09501101530003", "17": "270131", "10": "ABC"}
    assert result.fields["expiry"] == "2027-01-31"


def test_bracketed_form_and_escape() -> None:
    result = scan("(01)09521234543213(10)AB\\(C(3103)001250(30)0024")
    assert result.error is None
    assert result.gs1 == {"01": "09521234543213", "10": "AB(C", "3103": "001250", "30": "0024"}
    assert result.fields["net_weight_kg"] == "1.25"
    assert result.fields["quantity"] == "24"


def test_typed_fields() -> None:
    text = (
        "]C1010952123454321311270100"
        + "3922012345"
        + GS
        + "7003270131103099"
        + GS
        + "393297800012345"
        + GS
    )
    result = scan(text)
    assert result.error is not None and result.error.code == "value_too_long"
    ok = scan("]C1010952123454321311270100" + "3922012345" + GS + "70032701311030")
    assert ok.error is None, ok.error
    assert ok.fields["production_date"] == "2027-01-31"
    assert ok.fields["price"] == "123.45"
    assert ok.fields["expiry_datetime"] == "2027-01-31T10:30"
    currency = scan("]C1010952123454321339329781234" + GS + "30100")
    assert currency.error is None, currency.error
    assert (currency.fields["price"], currency.fields["price_currency"]) == ("12.34", "978")


def test_century_rule_follows_today() -> None:
    assert parse_scan("17490131", today=date(2026, 1, 1)).fields["expiry"] == "2049-01-31"
    assert parse_scan("17770131", today=date(2026, 1, 1)).fields["expiry"] == "1977-01-31"
    assert parse_scan("17760131", today=date(2026, 1, 1)).fields["expiry"] == "2076-01-31"


def test_to_json_shape() -> None:
    ok = scan("]C10109521234543213").to_json()
    assert set(ok) == {"input", "symbology", "aim", "gtin", "gs1", "fields", "error"}
    assert ok["error"] is None and ok["aim"] == "]C1" and ok["symbology"] == "gs1-128"
    bad = scan("]C10109521234543214").to_json()
    assert bad["error"] == {
        "code": "bad_check_digit",
        "ai": "01",
        "message": "AI (01) GTIN is invalid: the check digit is wrong.",
    }
    json.dumps(bad)


def test_long_inputs_are_refused_quickly() -> None:
    for text in ("]C1" + "99" * 5000, "10" + "1" * 3000, "(10)" + "(" * 3000, "01/" * 3000):
        assert scan(text).kind in ("invalid", "text")


def test_result_is_frozen() -> None:
    result = scan("]C10109521234543213")
    with pytest.raises(AttributeError):
        result.kind = "text"  # type: ignore[misc]
    assert isinstance(ParseError("empty", None, "x"), ParseError)


def test_stripped_separator_after_a_fixed_length_ai_reads_in_one_way() -> None:
    # (8005) is exactly six digits although it is not of predefined length: one reading only
    result = scan("0109501101530003" + "8005000123" + "17270131")
    assert result.gs1 == {"01": "09501101530003", "8005": "000123", "17": "270131"}
