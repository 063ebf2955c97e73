# SPDX-License-Identifier: Apache-2.0
"""GTIN normalisation: EAN-8, UPC-A, EAN-13, ITF-14 and UPC-E to 14 digits.

Contracts: :func:`normalise_gtin` and :func:`expand_upce` never raise; they return ``None``
for anything that is not a valid GTIN (wrong length, non-digits, bad check digit).
"""

from __future__ import annotations

from drivers.gs1.check_digit import has_valid_check_digit

__all__ = ["GTIN_LENGTHS", "expand_upce", "normalise_gtin"]

GTIN_LENGTHS: tuple[int, ...] = (8, 12, 13, 14)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def normalise_gtin(code: str) -> str | None:
    """The 14-digit GTIN for an 8, 12, 13 or 14-digit ``code`` with a valid check digit,
    else ``None``. Leading/trailing whitespace is ignored. UPC-E must be expanded first
    (:func:`expand_upce`); an 8-digit code is read as EAN-8."""
    code = code.strip()
    if len(code) not in GTIN_LENGTHS or not _digits(code):
        return None
    padded = code.zfill(14)
    return padded if has_valid_check_digit(padded) else None


def expand_upce(code: str) -> str | None:
    """The 12-digit UPC-A for an 8-digit UPC-E ``code`` (number system 0 or 1 + six digits
    + check digit), or ``None`` when it is not a valid UPC-E."""
    if len(code) != 8 or not _digits(code) or code[0] not in "01":
        return None
    system, d, check = code[0], code[1:7], code[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    upca = system + body + check
    return upca if has_valid_check_digit(upca) else None
