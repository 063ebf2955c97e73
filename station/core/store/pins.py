# SPDX-License-Identifier: Apache-2.0
"""PIN hashing with scrypt (memory-hard); PINs themselves are never stored or logged."""

from __future__ import annotations

import hashlib
import hmac
import os

# n=2**14, r=8 uses 16 MiB per hash: slow to brute-force, fast enough at a badge scan.
_N, _R, _P = 2**14, 8, 1
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be a PIN (a message key), or None when it can."""
    if not pin.isdigit() or not pin.isascii():
        return "pin.digits_only"
    if not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        return "pin.length"
    return None


def hash_pin(pin: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=64 * 1024 * 1024)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            pin.encode(),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed.hex(), digest)
