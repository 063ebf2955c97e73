# SPDX-License-Identifier: Apache-2.0
"""AIM / ISO/IEC 15424 symbology identifiers.

A scanner with "transmit AIM ID" enabled prefixes every read with three characters:
``]`` + a case-sensitive code character + a one-character modifier (``]C1``, ``]d2``,
``]E0``). This module splits that prefix from the data and maps it onto the station's
fixed set of symbology names.

Contracts:

* Nothing here raises for any ``str`` input.
* :func:`split_aim` only strips a *well-formed* identifier: ``]``, a code character listed
  in :data:`AIM_CODE_CHARS`, and a modifier in ``0-9`` or ``A-Z``. Anything else is left
  in the data untouched.
* :func:`symbology_for_aim` returns a member of :data:`SYMBOLOGY_NAMES` or ``None``.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "AIM_CODE_CHARS",
    "GS1_AIMS",
    "GTIN_AIMS",
    "SYMBOLOGY_NAMES",
    "is_gs1_aim",
    "is_gtin_aim",
    "split_aim",
    "symbology_for_aim",
]

SYMBOLOGY_NAMES: Final[frozenset[str]] = frozenset(
    {
        "ean13",
        "ean8",
        "upca",
        "upce",
        "code128",
        "gs1-128",
        "code39",
        "itf",
        "itf14",
        "datamatrix",
        "gs1-datamatrix",
        "qrcode",
        "gs1-qrcode",
        "databar",
        "pdf417",
        "aztec",
        "codabar",
        "code93",
        "dotcode",
    }
)
"""Closed set of symbology names used across the station."""

AIM_CODE_CHARS: Final[frozenset[str]] = frozenset("ABCDEFGHIJKLMNOPQRSTUXYZcdeopsz")
"""Code characters assigned by ISO/IEC 15424 (``]`` is followed by one of these)."""

GS1_AIMS: Final[frozenset[str]] = frozenset(
    {"]C1", "]e0", "]e1", "]e2", "]d2", "]d5", "]Q3", "]Q4", "]J1"}
)
"""Identifiers that announce GS1 element-string data (FNC1 in first position)."""

GTIN_AIMS: Final[frozenset[str]] = frozenset({"]E0", "]E3", "]E4", "]I1"})
"""Identifiers of symbols that carry a bare GTIN (EAN/UPC, ITF-14)."""

# Exact identifiers first, then the code character alone as a fallback.
_EXACT: Final[dict[str, str]] = {
    "]C1": "gs1-128",
    "]E0": "ean13",
    "]E3": "ean13",
    "]E4": "ean8",
    "]I1": "itf14",
    "]d2": "gs1-datamatrix",
    "]d5": "gs1-datamatrix",
    "]Q3": "gs1-qrcode",
    "]Q4": "gs1-qrcode",
}

_BY_CODE_CHAR: Final[dict[str, str]] = {
    "A": "code39",
    "C": "code128",
    "F": "codabar",
    "G": "code93",
    "I": "itf",
    "J": "dotcode",
    "L": "pdf417",
    "Q": "qrcode",
    "d": "datamatrix",
    "e": "databar",
    "z": "aztec",
}

_AIM_RE: Final[re.Pattern[str]] = re.compile(r"\]([A-Za-z])([0-9A-Z])")


def _is_well_formed(aim: str) -> bool:
    match = _AIM_RE.fullmatch(aim)
    return match is not None and match.group(1) in AIM_CODE_CHARS


def split_aim(text: str) -> tuple[str | None, str]:
    """Strip a leading AIM identifier.

    Returns ``(aim, rest)`` where ``aim`` is the three-character identifier (for example
    ``"]C1"``) or ``None`` when ``text`` does not start with a well-formed one; ``rest`` is
    the data after the identifier (or ``text`` unchanged). Never raises.
    """
    head = text[:3]
    if head[:1] == "]" and len(head) == 3 and _is_well_formed(head):
        return head, text[3:]
    return None, text


def symbology_for_aim(aim: str | None) -> str | None:
    """Map an AIM identifier to a name in :data:`SYMBOLOGY_NAMES`.

    ``None``, malformed identifiers, EAN/UPC add-ons alone (``]E1``/``]E2``) and
    symbologies outside the closed set (Telepen, MaxiCode, ...) give ``None``. ``]E0``
    gives ``"ean13"`` because the identifier alone cannot tell EAN-13 from UPC-A/UPC-E;
    the GS1 engine refines that from the data.
    """
    if aim is None or not _is_well_formed(aim):
        return None
    exact = _EXACT.get(aim)
    if exact is not None:
        return exact
    if aim[1] == "E":
        return None
    return _BY_CODE_CHAR.get(aim[1])


def is_gs1_aim(aim: str | None) -> bool:
    """True when ``aim`` announces GS1 element-string data (``]C1 ]e0 ]e1 ]e2 ]d2 ]d5
    ]Q3 ]Q4 ]J1``). GTIN-only symbols (``]E0``, ``]E4``, ``]I1``) are *not* included; see
    :func:`is_gtin_aim`."""
    return aim in GS1_AIMS


def is_gtin_aim(aim: str | None) -> bool:
    """True when ``aim`` identifies an EAN/UPC or ITF-14 symbol carrying a bare GTIN."""
    return aim in GTIN_AIMS
