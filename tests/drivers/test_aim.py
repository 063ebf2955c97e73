# SPDX-License-Identifier: Apache-2.0
"""AIM symbology identifiers: splitting, symbology names, GS1 classification."""

from __future__ import annotations

import pytest

from drivers.aim import SYMBOLOGY_NAMES, is_gs1_aim, is_gtin_aim, split_aim, symbology_for_aim


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("]C1010952", ("]C1", "010952")),
        ("]E05901234123457", ("]E0", "5901234123457")),
        ("]d2", ("]d2", "")),
        ("]Q1https://x", ("]Q1", "https://x")),
        ("]x1abc", (None, "]x1abc")),  # x is not an ISO 15424 code character
        ("]C", (None, "]C")),
        ("]", (None, "]")),
        ("", (None, "")),
        ("]Cz", (None, "]Cz")),  # modifier must be 0-9 or A-Z
        ("010952", (None, "010952")),
        ("]]C1", (None, "]]C1")),
    ],
)
def test_split_aim(text: str, expected: tuple[str | None, str]) -> None:
    assert split_aim(text) == expected


@pytest.mark.parametrize(
    ("aim", "name"),
    [
        ("]C0", "code128"),
        ("]C1", "gs1-128"),
        ("]C2", "code128"),
        ("]E0", "ean13"),
        ("]E3", "ean13"),
        ("]E4", "ean8"),
        ("]E1", None),
        ("]I0", "itf"),
        ("]I1", "itf14"),
        ("]A0", "code39"),
        ("]A7", "code39"),
        ("]d1", "datamatrix"),
        ("]d2", "gs1-datamatrix"),
        ("]d8", "datamatrix"),
        ("]Q1", "qrcode"),
        ("]Q3", "gs1-qrcode"),
        ("]e0", "databar"),
        ("]L0", "pdf417"),
        ("]z0", "aztec"),
        ("]F0", "codabar"),
        ("]G0", "code93"),
        ("]J1", "dotcode"),
        ("]U0", None),
        (None, None),
        ("C1", None),
        ("]C1x", None),
    ],
)
def test_symbology_for_aim(aim: str | None, name: str | None) -> None:
    assert symbology_for_aim(aim) == name
    assert name is None or name in SYMBOLOGY_NAMES


def test_gs1_and_gtin_classification() -> None:
    for aim in ("]C1", "]e0", "]d2", "]Q3", "]J1"):
        assert is_gs1_aim(aim)
        assert not is_gtin_aim(aim)
    for other in ("]C0", "]d1", "]Q1", "]E0", "]I1", None, ""):
        assert not is_gs1_aim(other)
    assert all(is_gtin_aim(a) for a in ("]E0", "]E4", "]I1"))


def test_symbology_names_is_the_documented_closed_set() -> None:
    assert len(SYMBOLOGY_NAMES) == 19
    assert {"gs1-128", "gs1-datamatrix", "gs1-qrcode", "upce", "upca"} <= SYMBOLOGY_NAMES
