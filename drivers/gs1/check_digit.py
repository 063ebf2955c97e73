# SPDX-License-Identifier: Apache-2.0
"""GS1 check digits (mod 10) and alphanumeric check character pairs (mod 1021).

* :func:`gs1_check_digit` - GenSpecs 7.9.1: weights 3, 1, 3, ... from the rightmost body
  digit; used by GTIN-8/12/13/14, GLN, SSCC, GSIN, GRAI, GDTI, GCN, GSRN, ITIP.
* :func:`check_character_pair` - GenSpecs 7.9.5: CSET 82 values weighted by ascending primes
  from the right, summed mod 1021, split into two CSET 32 characters; used by AI 8013 (GMN)
  and 8014 (MUDI).

Contracts: the ``has_valid_*`` predicates never raise and return ``False`` for malformed
input; :func:`gs1_check_digit` and :func:`check_character_pair` raise ``ValueError`` on
input outside their character set.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from drivers.gs1.charsets import CSET32, CSET82

__all__ = [
    "all_have_valid_check_digits",
    "check_character_pair",
    "gs1_check_digit",
    "has_valid_check_character_pair",
    "has_valid_check_digit",
]

_PRIMES: Final[tuple[int, ...]] = (
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83,
    89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179,
    181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277,
    281, 283, 293, 307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389,
    397, 401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499,
    503, 509,
)  # fmt: skip


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def gs1_check_digit(body: str) -> int:
    """The mod-10 check digit for ``body`` (all digits, the check digit excluded).

    Raises ``ValueError`` if ``body`` is empty or holds a non-digit.
    """
    if not body or not _is_digits(body):
        raise ValueError("a GS1 check digit needs a non-empty string of digits")
    # weights 3, 1, 3, ... from the right: every scanned GTIN goes through this
    total = 3 * sum(map(int, body[::-2])) + sum(map(int, body[-2::-2]))
    return (10 - total % 10) % 10


def has_valid_check_digit(key: str) -> bool:
    """True when ``key`` (at least two digits) ends with its correct mod-10 check digit."""
    if len(key) < 2 or not _is_digits(key):
        return False
    return gs1_check_digit(key[:-1]) == int(key[-1])


_DIGIT_VALUES: Final[bytes] = bytes.maketrans(b"0123456789", bytes(range(10)))
_NOT_TENS: Final[bytes] = bytes(int(total % 10 != 0) for total in range(256))


def all_have_valid_check_digits(keys: Iterable[str]) -> bool:
    """True when every key passes :func:`has_valid_check_digit`: the form for a column of
    barcodes (an item import checks 200,000 at once).

    Keys of up to 14 digits are checked together: padded to 14 (leading zeros weigh
    nothing), the digits at one position of every key form one big integer of one byte per
    key, and the weighted sum of the 14 integers holds every key's check sum in its own byte
    (at most 7 x 3 x 9 + 7 x 9 = 252, so no byte carries into the next)."""
    keys = list(keys)
    if not keys:
        return True
    joined = "".join(keys)
    if min(map(len, keys)) < 2 or not _is_digits(joined):
        return False
    longer = [key for key in keys if len(key) > 14]
    if longer and not all(map(has_valid_check_digit, longer)):
        return False
    padded = [key.zfill(14) for key in keys if len(key) <= 14]
    digits = "".join(padded).encode("ascii").translate(_DIGIT_VALUES)
    total = 0
    for position in range(14):  # weights 3, 1, 3, ... from the left of 14 digits
        column = int.from_bytes(digits[position::14], "big")
        total += column * 3 if position % 2 == 0 else column
    sums = total.to_bytes(len(padded), "big")
    return sums.translate(_NOT_TENS).count(1) == 0


def check_character_pair(body: str) -> str:
    """The two check characters (CSET 32) for ``body`` (CSET 82, at most 97 characters).

    Raises ``ValueError`` for characters outside CSET 82 or a body that is too long.
    """
    if len(body) > len(_PRIMES):
        raise ValueError("body too long for the check character pair algorithm")
    if any(ch not in CSET82 for ch in body):
        raise ValueError("check character pairs are defined for CSET 82 data only")
    weights = _PRIMES[: len(body)][::-1]
    total = sum(CSET82.index(ch) * w for ch, w in zip(body, weights, strict=True)) % 1021
    return CSET32[total >> 5] + CSET32[total & 31]


def has_valid_check_character_pair(value: str) -> bool:
    """True when ``value`` ends with the correct check character pair for the rest."""
    if len(value) < 2 or len(value) - 2 > len(_PRIMES):
        return False
    body, pair = value[:-2], value[-2:]
    if any(ch not in CSET82 for ch in body) or any(ch not in CSET32 for ch in pair):
        return False
    return check_character_pair(body) == pair
