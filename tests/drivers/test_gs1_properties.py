# SPDX-License-Identifier: Apache-2.0
"""Property tests: parse_scan never raises and always returns a coherent result."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.aim import SYMBOLOGY_NAMES
from drivers.gs1 import ERROR_CODES, parse_scan
from drivers.gs1.result import KINDS

AIMS = st.sampled_from(
    ["", "]C1", "]C0", "]d2", "]d1", "]Q3", "]Q1", "]e0", "]E0", "]E3", "]E4", "]I1", "]I0",
     "]A0", "]J1", "]X", "]zz", "]"]
)  # fmt: skip
PIECES = st.sampled_from(
    ["\x1d", "(", ")", "\\(", "01", "09521234543213", "10", "17", "270100", "3103", "8003",
     "https://id.gs1.org/", "/01/", "?", "&", "=", "%2", "%41", "|]e0", "+", "00", "21", "99"]
)  # fmt: skip
LATIN1 = st.binary(max_size=60).map(lambda b: b.decode("latin-1"))
MIXED = st.lists(st.one_of(PIECES, st.text(max_size=6), LATIN1), max_size=12).map("".join)


def _check(text: str, aim: str | None) -> None:
    result = parse_scan(text, aim)
    assert result.kind in KINDS
    assert result.input == text
    assert (result.kind == "invalid") == (result.error is not None)
    if result.error is not None:
        assert result.error.code in ERROR_CODES
    assert result.symbology is None or result.symbology in SYMBOLOGY_NAMES
    assert result.gtin is None or (len(result.gtin) == 14 and result.gtin.isdigit())
    json.dumps(result.to_json())


@settings(max_examples=400, deadline=None)
@given(prefix=AIMS, body=MIXED)
def test_never_raises_on_built_scans(prefix: str, body: str) -> None:
    _check(prefix + body, None)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80), aim=st.one_of(st.none(), AIMS, st.text(max_size=4)))
def test_never_raises_on_any_text(text: str, aim: str | None) -> None:
    _check(text, aim)


@settings(max_examples=300, deadline=None)
@given(raw=LATIN1)
def test_never_raises_on_random_bytes(raw: str) -> None:
    _check(raw, None)
    _check("]C1" + raw, None)


@settings(max_examples=400, deadline=None)
@given(
    digits=st.one_of(
        st.text(alphabet="0123456789", min_size=1, max_size=20),
        st.sampled_from(["06975123000012", "16975123000019", "4006381333931", "96385074"]),
    ),
    check=st.integers(min_value=0, max_value=9),
)
def test_bare_digits_read_the_same_on_the_short_path_as_on_the_general_one(
    digits: str, check: int
) -> None:
    """Plain digits (a bare EAN/UPC/ITF-14) skip the general path's steps; the result must
    be what the general path gives, whether the check digit is good or not."""
    from datetime import date

    from drivers.gs1.parse import _interpret, _Scan

    for text in (digits, digits[:-1] + str(check)):
        today = date.today()
        scan = _Scan(input=text, aim=None, logic_aim=None, symbology=None, today=today)
        try:
            general = _interpret(scan, text)
        except Exception as failure:  # the general path raises what parse_scan reports
            general = scan.result("invalid", error=failure.error)  # type: ignore[attr-defined]
        assert parse_scan(text, today=today) == general
