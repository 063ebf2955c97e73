# SPDX-License-Identifier: Apache-2.0
"""GS1 Digital Link URIs through parse_scan."""

from __future__ import annotations

from datetime import date

import pytest

from drivers.gs1 import parse_scan

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("uri", "gs1"),
    [
        (
            "https://id.gs1.org/01/09521234543213/10/ABC123?17=261231",
            {"01": "09521234543213", "10": "ABC123", "17": "261231"},
        ),
        ("https://example.com/shop/01/9521234543213", {"01": "09521234543213"}),
        (
            "https://id.gs1.org/00/106141412345678908?02=00614141123452&37=25&10=ABC123",
            {"00": "106141412345678908", "02": "00614141123452", "37": "25", "10": "ABC123"},
        ),
        (
            "https://id.gs1.org/414/9520123456788/254/32a%2Fb",
            {"414": "9520123456788", "254": "32a/b"},
        ),
        ("HTTPS://A/01/09521234543213#frag", {"01": "09521234543213"}),
        ("https://a/01/09521234543213?lang=en&99=X", {"01": "09521234543213", "99": "X"}),
    ],
)
def test_valid_links(uri: str, gs1: dict[str, str]) -> None:
    for aim in (None, "]Q1", "]d1", "]Q3"):
        result = parse_scan(uri, aim, today=TODAY)
        assert result.error is None, result.error
        assert result.kind == "gs1" and result.gs1 == gs1


@pytest.mark.parametrize(
    ("uri", "code"),
    [
        ("https://id.gs1.org/01/09521234543213/21/X/10/Y", "bad_digital_link"),  # order
        ("https://id.gs1.org/00/106141412345678908/10/X", "bad_digital_link"),  # no qualifiers
        ("https://id.gs1.org/01/09521234543213/", "bad_digital_link"),
        ("https://id.gs1.org/01/09521234543213?10=ABC", "bad_digital_link"),  # belongs in path
        ("https://id.gs1.org/01/09521234543213?99=A&99=A", "bad_digital_link"),
        ("https://id.gs1.org/01/09521234543213?999=A", "bad_digital_link"),
        ("https://id.gs1.org/01/09521234543213?99=", "bad_digital_link"),
        ("https://a$b/01/09521234543213", "bad_digital_link"),
        ("https://id.gs1.org/01/09521234543214", "bad_check_digit"),
        ("https://id.gs1.org/01/09521234543213?17=261331", "bad_date"),
        ("https://id.gs1.org/01/09521234543213/10/A+B?99=C+D", "bad_character"),
    ],
)
def test_broken_links(uri: str, code: str) -> None:
    result = parse_scan(uri, "]Q1", today=TODAY)
    assert result.kind == "invalid"
    assert result.error is not None and result.error.code == code, result.error


@pytest.mark.parametrize(
    "uri",
    ["https://example.com/", "https://example.com/manual.pdf", "http://a/b", "HtTps://a/01/1"],
)
def test_ordinary_urls_are_text(uri: str) -> None:
    result = parse_scan(uri, "]Q1", today=TODAY)
    assert (result.kind, result.error, result.fields) == ("text", None, {"text": uri})
