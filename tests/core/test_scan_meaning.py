# SPDX-License-Identifier: Apache-2.0
"""What a scan means: the short path for a bare EAN/UPC/ITF-14 says what the long one says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import structs

from drivers.aim import split_aim
from drivers.gs1 import parse_scan
from station.core.internal_codes import parse_internal
from station.core.scan_meaning import ScanMeaning, interpret


def _long_way(text: str) -> ScanMeaning:
    """interpret() without its short path: split the AIM id, then parse_scan."""
    aim, data = split_aim(text)
    assert parse_internal(data) is None
    result = parse_scan(data, aim=aim)
    if result.error is not None:
        return ScanMeaning(
            kind="invalid", text=data, symbology=result.symbology, aim=result.aim,
            error_code=result.error.code, error=result.error.message, error_ai=result.error.ai,
        )  # fmt: skip
    if result.kind in ("gs1", "gtin"):
        return ScanMeaning(
            kind=result.kind, text=data, gtin=result.gtin, fields=dict(result.fields),
            gs1=dict(result.gs1) if result.gs1 else None, symbology=result.symbology,
            aim=result.aim,
        )  # fmt: skip
    return ScanMeaning(kind="text", text=data, symbology=result.symbology, aim=aim)


@settings(max_examples=400, deadline=None)
@given(
    digits=st.one_of(
        st.text(alphabet="0123456789", min_size=1, max_size=20),
        st.sampled_from(["06975123000012", "16975123000019", "4006381333931", "96385074"]),
    )
)
def test_digits_mean_the_same_on_the_short_path(digits: str) -> None:
    assert structs.asdict(interpret(digits)) == structs.asdict(_long_way(digits))


def test_a_case_gtin_reads_as_a_gtin_with_its_symbology() -> None:
    meaning = interpret("16975123000019")
    assert (meaning.kind, meaning.gtin, meaning.symbology) == ("gtin", "16975123000019", "itf14")
