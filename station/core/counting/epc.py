# SPDX-License-Identifier: Apache-2.0
"""GTIN and serial of an RFID tag's EPC, for counting.

Uses the station's EPC codec (``drivers.epc``); should it be missing, it decodes
SGTIN-96 itself, per the GS1 EPC Tag Data Standard (header 0x30; filter, partition, company
prefix, item reference with the indicator digit, 38-bit serial). Anything else (SSCC, GRAI,
TID-like reads, bad hex) gives None and is reported as not an item, never an error.
"""

from __future__ import annotations

from drivers.gs1.check_digit import gs1_check_digit

# partition -> (company prefix bits, digits, item reference bits, digits)
SGTIN_PARTITIONS = {
    0: (40, 12, 4, 1),
    1: (37, 11, 7, 2),
    2: (34, 10, 10, 3),
    3: (30, 9, 14, 4),
    4: (27, 8, 17, 5),
    5: (24, 7, 20, 6),
    6: (20, 6, 24, 7),
}


def decode_sgtin96(epc_hex: str) -> tuple[str, str] | None:
    """(GTIN-14, serial) of an SGTIN-96 EPC in hex, else None."""
    text = epc_hex.strip().replace(" ", "")
    if len(text) != 24:
        return None
    try:
        value = int(text, 16)
    except ValueError:
        return None
    if value >> 88 != 0x30:
        return None
    partition = (value >> 82) & 0x7
    if partition not in SGTIN_PARTITIONS:
        return None
    cp_bits, cp_digits, ir_bits, ir_digits = SGTIN_PARTITIONS[partition]
    rest = (value >> 38) & ((1 << 44) - 1)
    company = rest >> ir_bits
    item_ref = rest & ((1 << ir_bits) - 1)
    serial = value & ((1 << 38) - 1)
    if company >= 10**cp_digits or item_ref >= 10**ir_digits:
        return None
    cp_text = f"{company:0{cp_digits}d}"
    ir_text = f"{item_ref:0{ir_digits}d}"
    body = ir_text[0] + cp_text + ir_text[1:]
    return body + str(gs1_check_digit(body)), str(serial)


def gtin_of_epc(epc_hex: str) -> tuple[str, str] | None:
    """(GTIN-14, serial) of an EPC (SGTIN-96 or SGTIN-198), through ``drivers.epc``; the
    built-in SGTIN-96 decoder is the fallback when that codec is missing."""
    try:
        from drivers.epc import decode_epc
    except ImportError:  # pragma: no cover - the codec ships with the station
        return decode_sgtin96(epc_hex)
    info = decode_epc(epc_hex)
    gtin = info.fields.get("gtin")
    if not info.ok or not gtin:
        return None
    return gtin, info.fields.get("serial", "")
