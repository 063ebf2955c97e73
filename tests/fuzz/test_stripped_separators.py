# SPDX-License-Identifier: Apache-2.0
"""Separators stripped by the scanner never produce a wrong reading.

For random valid GS1 messages with variable-length fields, the form without GS separators
(as a scanner with FNC1 transmission off delivers it) is either read as exactly the
original message or refused with ``ambiguous_no_separator``; it is never read as anything
else. Runs under the Hypothesis profile of tests/conftest.py ("ci" in CI).
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from drivers.gs1 import parse_scan
from drivers.gs1.ai_table import lookup_ai
from drivers.gs1.charsets import CSET82

TODAY = date(2026, 11, 25)


def _with_check_digit(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


DIGITS = "0123456789"
GTIN = st.text(DIGITS, min_size=13, max_size=13).map(_with_check_digit)
DATE = st.dates(date(2000, 1, 1), date(2049, 12, 31)).map(lambda d: d.strftime("%y%m%d"))
# Characters that often look like AIs make the ambiguous cases likely.
ALNUM = st.sampled_from(list(DIGITS * 6 + "ABC" + CSET82[:12]))


def _text(alphabet: st.SearchStrategy[str], size: int) -> st.SearchStrategy[str]:
    return st.lists(alphabet, min_size=1, max_size=size).map("".join)


def _count(size: int) -> st.SearchStrategy[str]:
    return st.integers(0, 10**size - 1).map(str)


VALUES: dict[str, st.SearchStrategy[str]] = {
    "10": _text(ALNUM, 20),
    "11": DATE,
    "17": DATE,
    "21": _text(ALNUM, 20),
    "22": _text(ALNUM, 20),
    "240": _text(ALNUM, 30),
    "30": _count(8),
    "3103": st.text(DIGITS, min_size=6, max_size=6),
    "3922": st.text(DIGITS, min_size=1, max_size=15),
    "400": _text(ALNUM, 30),
    "7003": DATE.map(lambda d: d + "1030"),
    "8005": st.text(DIGITS, min_size=6, max_size=6),
}

MESSAGES = st.tuples(
    GTIN,
    st.lists(st.sampled_from(sorted(VALUES)), min_size=1, max_size=4, unique=True).flatmap(
        lambda ais: st.tuples(*(st.tuples(st.just(ai), VALUES[ai]) for ai in ais))
    ),
)


@given(MESSAGES)
def test_stripped_form_is_read_exactly_or_refused(
    message: tuple[str, tuple[tuple[str, str], ...]],
) -> None:
    gtin, rest = message
    pairs = [("01", gtin), *rest]
    separated = ""
    for ai, value in pairs:
        spec = lookup_ai(ai)
        assert spec is not None
        separated += ai + value + ("" if spec.predefined_length else "\x1d")
    original = parse_scan("]C1" + separated.rstrip("\x1d"), today=TODAY)
    assert original.error is None, original.error  # the generator makes valid messages
    stripped = parse_scan(separated.replace("\x1d", ""), today=TODAY)
    if stripped.kind == "gs1":
        assert stripped.gs1 == dict(pairs)
    else:
        assert stripped.kind == "invalid"
        assert stripped.error is not None


def test_the_two_reported_misreads_are_refused() -> None:
    for text in ("010952123454321310ABC2112345", "0109521234543213211234510ABC"):
        result = parse_scan(text, today=TODAY)
        assert result.kind == "invalid"
        assert result.error is not None
        assert result.error.code == "ambiguous_no_separator"
        assert "FNC1 as GS" in result.error.message


def test_a_single_reading_is_accepted() -> None:
    result = parse_scan("01095212345432131721120010ABC", today=TODAY)
    assert result.gs1 == {"01": "09521234543213", "17": "211200", "10": "ABC"}
