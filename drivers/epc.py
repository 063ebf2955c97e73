# SPDX-License-Identifier: Apache-2.0
"""EPC binary encodings of the GS1 EPC Tag Data Standard: decode to URIs and GS1 keys; encode.

Decoded schemes: SGTIN-96 (header ``30``), SSCC-96 (``31``), GRAI-96 (``33``), GIAI-96 (``34``)
and SGTIN-198 (``36``). Every other EPC is kept as it is, with ``scheme="unknown"`` and its
raw URI (``urn:epc:raw:96.x<HEX>``); it is never dropped. Encoded: SGTIN-96 from a GTIN, a
numeric serial, the GS1 company prefix length and the filter value.

Written here rather than taken from epcpy (not a dependency of the station): both epcpy and
pyepc lose the filter value when decoding from hex (``/work/shared/reference/epc-tds.md`` §8),
and the station filters on it. The test vectors of that reference pass
(``tests/drivers/test_epc.py``).

Contracts:

- :func:`decode_epc` and :func:`describe_epc` never raise, whatever they are given (bytes,
  text with spaces or ``0x``, odd lengths, non-hex); a problem is in :attr:`EpcInfo.error`.
- :func:`encode_sgtin96` raises :class:`EpcError` (a ``ValueError``) with a reason a person
  can act on when the GTIN, serial, prefix length or filter cannot be encoded.
- Everything is pure and thread-safe.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from msgspec import Struct, field

__all__ = [
    "FILTER_NAMES",
    "SCHEMES",
    "GtinCount",
    "count_by_gtin",
    "EpcError",
    "EpcInfo",
    "decode_epc",
    "describe_epc",
    "encode_sgtin96",
    "normalise_hex",
    "sgtin96_uri",
]

SERIAL_BITS_96: Final = 38
MAX_SERIAL_96: Final = (1 << SERIAL_BITS_96) - 1
"""Largest numeric serial of SGTIN-96 and GRAI-96: 274 877 906 943."""

SCHEMES: Final[dict[int, str]] = {
    0x30: "sgtin-96",
    0x31: "sscc-96",
    0x32: "sgln-96",
    0x33: "grai-96",
    0x34: "giai-96",
    0x36: "sgtin-198",
    0x37: "grai-170",
    0x38: "giai-202",
}
"""EPC header byte -> scheme name (TDS §14). Only some of them are decoded here."""

FILTER_NAMES: Final[dict[str, dict[int, str]]] = {
    "sgtin": {
        0: "all others",
        1: "point of sale trade item",
        2: "full case for transport",
        3: "reserved",
        4: "inner pack trade item grouping for handling",
        5: "reserved",
        6: "unit load",
        7: "unit inside trade item or component inside a product",
    },
    "sscc": {0: "all others", 2: "full case for transport", 6: "unit load"},
    "grai": {0: "all others"},
    "giai": {0: "all others", 1: "rail vehicle"},
}
"""Filter values by key type (names from the TDS); unnamed values are reserved."""

# Partition tables: partition -> (company prefix bits, digits, other field bits, digits).
_SGTIN_PARTITIONS: Final = (
    (40, 12, 4, 1),
    (37, 11, 7, 2),
    (34, 10, 10, 3),
    (30, 9, 14, 4),
    (27, 8, 17, 5),
    (24, 7, 20, 6),
    (20, 6, 24, 7),
)
_SSCC_PARTITIONS: Final = (
    (40, 12, 18, 5),
    (37, 11, 21, 6),
    (34, 10, 24, 7),
    (30, 9, 28, 8),
    (27, 8, 31, 9),
    (24, 7, 34, 10),
    (20, 6, 38, 11),
)
_GRAI_PARTITIONS: Final = (
    (40, 12, 4, 0),
    (37, 11, 7, 1),
    (34, 10, 10, 2),
    (30, 9, 14, 3),
    (27, 8, 17, 4),
    (24, 7, 20, 5),
    (20, 6, 24, 6),
)
_GIAI_PARTITIONS: Final = (
    (40, 12, 42, 13),
    (37, 11, 45, 14),
    (34, 10, 48, 15),
    (30, 9, 52, 16),
    (27, 8, 55, 17),
    (24, 7, 58, 18),
    (20, 6, 62, 19),
)

_HEX_DIGITS: Final = frozenset("0123456789ABCDEF")
_URI_ESCAPES: Final = {"%": "%25", '"': "%22", "&": "%26", "/": "%2F", "<": "%3C", ">": "%3E", "?": "%3F"}  # fmt: skip


class EpcError(ValueError):
    """An EPC that cannot be encoded; ``str(error)`` is the reason."""


class EpcInfo(Struct, frozen=True):
    """What an EPC means.

    ``hex`` is the normalised upper-case hex (as given when it was not hex at all); ``scheme``
    the scheme name (``"sgtin-96"``) or ``"unknown"``; ``pure_uri``/``tag_uri`` the TDS URIs
    (``None`` when not decoded); ``raw_uri`` always set for valid hex; ``filter`` the filter
    value; ``fields`` the GS1 key and its parts (``gtin``, ``serial``, ``sscc``, ``grai``,
    ``giai``, ``company_prefix``, ...); ``error`` why it could not be decoded, else ``None``.
    """

    hex: str
    scheme: str
    pure_uri: str | None = None
    tag_uri: str | None = None
    raw_uri: str | None = None
    filter: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when decoded, or kept raw as an unknown scheme (which is not an error)."""
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        """The object ``station epc decode --json`` prints (docs/cli/epc.md)."""
        data: dict[str, Any] = {"hex": self.hex, "scheme": self.scheme}
        if self.error is not None:
            data["error"] = self.error
            if self.raw_uri is not None:
                data["raw_uri"] = self.raw_uri
            return data
        if self.scheme == "unknown":
            data["raw_uri"] = self.raw_uri
            return data
        data.update(
            {
                "pure_uri": self.pure_uri,
                "tag_uri": self.tag_uri,
                "filter": self.filter,
            }
        )
        data.update(self.fields)
        return data


def normalise_hex(value: str | bytes | bytearray | memoryview) -> str | None:
    """Upper-case hex of ``value`` (bytes, or text with optional ``0x``, spaces, ``-``, ``:``).

    ``None`` when the text is not an even number of hex digits, or empty. Never raises.
    """
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex().upper() or None
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    if text.startswith("0X"):
        text = text[2:]
    for sep in (" ", "-", ":", "\t"):
        text = text.replace(sep, "")
    if not text or len(text) % 2 or not set(text) <= _HEX_DIGITS:
        return None
    return text


def _check_digit(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def _escape(text: str) -> str:
    return "".join(_URI_ESCAPES.get(ch, ch) for ch in text)


class _Bits:
    """Reads big-endian bit fields of an integer of ``size`` bits."""

    __slots__ = ("pos", "size", "value")

    def __init__(self, value: int, size: int) -> None:
        self.value, self.size, self.pos = value, size, 0

    def take(self, bits: int) -> int:
        self.pos += bits
        return (self.value >> (self.size - self.pos)) & ((1 << bits) - 1)


class _Invalid(Exception):
    """Internal: the bits do not form a valid EPC of their scheme."""


def _digits(value: int, width: int, what: str) -> str:
    if width == 0:
        if value != 0:
            raise _Invalid(f"{what} must be empty (0) for this partition, not {value}")
        return ""
    text = str(value).zfill(width)
    if len(text) > width:
        raise _Invalid(f"{what} {value} does not fit in {width} digits")
    return text


def _partition(bits: _Bits, table: tuple[tuple[int, int, int, int], ...]) -> tuple[str, str]:
    part = bits.take(3)
    if part >= len(table):
        raise _Invalid(f"partition value {part} is reserved")
    cp_bits, cp_digits, ref_bits, ref_digits = table[part]
    company = _digits(bits.take(cp_bits), cp_digits, "company prefix")
    reference = _digits(bits.take(ref_bits), ref_digits, "reference")
    return company, reference


def _serial_text(value: int) -> str:
    return str(value)


def _decode_sgtin96(bits: _Bits) -> tuple[int, str, str, dict[str, str]]:
    filt = bits.take(3)
    company, item = _partition(bits, _SGTIN_PARTITIONS)
    serial = _serial_text(bits.take(SERIAL_BITS_96))
    body = item[0] + company + item[1:]
    gtin = body + _check_digit(body)
    ident = f"{company}.{item}.{serial}"
    fields = {
        "gtin": gtin,
        "serial": serial,
        "company_prefix": company,
        "item_reference": item,
        "element_string": f"(01){gtin}(21){serial}",
    }
    return filt, ident, f"urn:epc:id:sgtin:{ident}", fields


def _decode_sgtin198(bits: _Bits) -> tuple[int, str, str, dict[str, str]]:
    filt = bits.take(3)
    company, item = _partition(bits, _SGTIN_PARTITIONS)
    chars: list[str] = []
    for _ in range(20):
        code = bits.take(7)
        if code == 0:
            break
        chars.append(chr(code))
    rest = bits.size - bits.pos
    if rest > 0 and bits.take(rest) != 0:
        raise _Invalid("bits after the serial's terminating zero must be zero")
    serial = "".join(chars)
    if not serial:
        raise _Invalid("empty serial")
    body = item[0] + company + item[1:]
    gtin = body + _check_digit(body)
    ident = f"{company}.{item}.{_escape(serial)}"
    fields = {
        "gtin": gtin,
        "serial": serial,
        "company_prefix": company,
        "item_reference": item,
        "element_string": f"(01){gtin}(21){serial}",
    }
    return filt, ident, f"urn:epc:id:sgtin:{ident}", fields


def _decode_sscc96(bits: _Bits) -> tuple[int, str, str, dict[str, str]]:
    filt = bits.take(3)
    company, ref = _partition(bits, _SSCC_PARTITIONS)
    if bits.take(24) != 0:
        raise _Invalid("the 24 unallocated bits of an SSCC-96 must be zero")
    body = ref[0] + company + ref[1:]
    sscc = body + _check_digit(body)
    ident = f"{company}.{ref}"
    fields = {
        "sscc": sscc,
        "company_prefix": company,
        "serial_reference": ref,
        "element_string": f"(00){sscc}",
    }
    return filt, ident, f"urn:epc:id:sscc:{ident}", fields


def _decode_grai96(bits: _Bits) -> tuple[int, str, str, dict[str, str]]:
    filt = bits.take(3)
    company, asset_type = _partition(bits, _GRAI_PARTITIONS)
    serial = _serial_text(bits.take(SERIAL_BITS_96))
    body = "0" + company + asset_type
    grai = body + _check_digit(body) + serial
    ident = f"{company}.{asset_type}.{serial}"
    fields = {
        "grai": grai,
        "serial": serial,
        "company_prefix": company,
        "asset_type": asset_type,
        "element_string": f"(8003){grai}",
    }
    return filt, ident, f"urn:epc:id:grai:{ident}", fields


def _decode_giai96(bits: _Bits) -> tuple[int, str, str, dict[str, str]]:
    filt = bits.take(3)
    part = bits.take(3)
    if part >= len(_GIAI_PARTITIONS):
        raise _Invalid(f"partition value {part} is reserved")
    cp_bits, cp_digits, ref_bits, ref_digits = _GIAI_PARTITIONS[part]
    company = _digits(bits.take(cp_bits), cp_digits, "company prefix")
    ref_value = bits.take(ref_bits)
    asset = str(ref_value)
    if len(asset) > ref_digits:
        raise _Invalid(f"asset reference {asset} does not fit in {ref_digits} digits")
    giai = company + asset
    ident = f"{company}.{asset}"
    fields = {
        "giai": giai,
        "company_prefix": company,
        "asset_reference": asset,
        "element_string": f"(8004){giai}",
    }
    return filt, ident, f"urn:epc:id:giai:{ident}", fields


_DECODERS: Final = {
    "sgtin-96": (96, _decode_sgtin96),
    "sscc-96": (96, _decode_sscc96),
    "grai-96": (96, _decode_grai96),
    "giai-96": (96, _decode_giai96),
    "sgtin-198": (198, _decode_sgtin198),
}


def _raw_uri(hex_text: str) -> str:
    return f"urn:epc:raw:{len(hex_text) * 4}.x{hex_text}"


def decode_epc(value: str | bytes | bytearray | memoryview, *, pc: int | None = None) -> EpcInfo:
    """Decode an EPC given as hex text or bytes. Never raises; see :class:`EpcInfo`.

    A header this module does not decode gives ``scheme="unknown"`` (not an error); a known
    header whose bits are invalid (reserved partition, wrong length, digits overflowing)
    gives its scheme name and ``error``. Input that is not hex gives ``scheme="unknown"``
    and ``error``. ``pc`` is the tag's protocol-control word when the reader gave it: with
    its toggle bit (``0x0100``) set the EPC holds an ISO AFI, not a GS1 header, and is kept
    raw as ``"unknown"``.
    """
    try:
        hex_text = normalise_hex(value)
    except Exception:  # noqa: BLE001 - the contract is "never raises", whatever comes in
        hex_text = None
    if hex_text is None:
        shown = value if isinstance(value, str) else repr(value)
        return EpcInfo(hex=str(shown)[:200], scheme="unknown", error="not an EPC in hex")
    raw_uri = _raw_uri(hex_text)
    if pc is not None and pc & 0x0100:
        return EpcInfo(hex=hex_text, scheme="unknown", raw_uri=raw_uri)
    header = int(hex_text[:2], 16)
    scheme = SCHEMES.get(header)
    decoder = _DECODERS.get(scheme or "")
    if scheme is None or decoder is None:
        return EpcInfo(hex=hex_text, scheme="unknown", raw_uri=raw_uri)
    size, decode = decoder
    total_bits = len(hex_text) * 4
    # Padded with zeros to whole bytes or 16-bit words: a 198-bit EPC is 200 or 208 bits.
    needed = ((size + 15) // 16) * 16
    if not size <= total_bits <= needed:
        return EpcInfo(
            hex=hex_text,
            scheme=scheme,
            raw_uri=raw_uri,
            error=f"{scheme} needs {needed} bits, got {total_bits}",
        )
    bits = _Bits(int(hex_text, 16) >> (total_bits - size), size)
    bits.take(8)
    if total_bits > size and int(hex_text, 16) & ((1 << (total_bits - size)) - 1):
        return EpcInfo(hex=hex_text, scheme=scheme, raw_uri=raw_uri, error="padding bits not 0")
    try:
        filt, ident, pure_uri, fields = decode(bits)
    except _Invalid as exc:
        return EpcInfo(hex=hex_text, scheme=scheme, raw_uri=raw_uri, error=str(exc))
    return EpcInfo(
        hex=hex_text,
        scheme=scheme,
        pure_uri=pure_uri,
        tag_uri=f"urn:epc:tag:{scheme}:{filt}.{ident}",
        raw_uri=raw_uri,
        filter=filt,
        fields=fields,
    )


def describe_epc(hex_text: str) -> dict[str, Any]:
    """What a tag is, for lookup: :meth:`EpcInfo.to_json` plus ``label`` and ``filter_name``.

    ``label`` is a short English description (``"GTIN 80614141123458 serial 6789"``,
    ``"SSCC 106141412345678908"``, ``"unknown tag E2801160..."``). Never raises.
    """
    info = decode_epc(hex_text)
    data = info.to_json()
    fields = info.fields
    if info.error is not None:
        label = f"undecodable {info.scheme} tag {info.hex}: {info.error}"
    elif "gtin" in fields:
        label = f"GTIN {fields['gtin']} serial {fields['serial']}"
    elif "sscc" in fields:
        label = f"SSCC {fields['sscc']}"
    elif "grai" in fields:
        label = f"GRAI {fields['grai']}"
    elif "giai" in fields:
        label = f"GIAI {fields['giai']}"
    else:
        named = SCHEMES.get(int(info.hex[:2], 16)) if info.raw_uri else None
        label = f"{named or 'unknown'} tag {info.hex}"
    data["label"] = label
    if info.filter is not None:
        family = info.scheme.split("-", 1)[0]
        data["filter_name"] = FILTER_NAMES.get(family, {}).get(info.filter, "reserved")
    return data


def _gtin14(gtin: str) -> str:
    text = gtin.strip()
    if not text.isascii() or not text.isdigit() or len(text) not in (8, 12, 13, 14):
        raise EpcError(f"GTIN {gtin!r} must be 8, 12, 13 or 14 digits")
    text = text.zfill(14)
    if _check_digit(text[:13]) != text[13]:
        raise EpcError(
            f"GTIN {gtin!r} has a wrong check digit (expected {_check_digit(text[:13])})"
        )
    return text


def _serial96(serial: str | int) -> int:
    text = str(serial).strip()
    if not text.isascii() or not text.isdigit():
        raise EpcError(
            f"serial {serial!r} is not numeric: SGTIN-96 holds digits only (use SGTIN-198)"
        )
    if len(text) > 1 and text[0] == "0":
        raise EpcError(
            f"serial {serial!r} has leading zeros, which SGTIN-96 cannot keep (use SGTIN-198)"
        )
    value = int(text)
    if value > MAX_SERIAL_96:
        raise EpcError(
            f"serial {serial!r} is over {MAX_SERIAL_96} (2^38 - 1), the SGTIN-96 limit "
            f"(use SGTIN-198)"
        )
    return value


def encode_sgtin96(
    gtin: str, serial: str | int, company_prefix_length: int, filter_value: int = 1
) -> str:
    """The SGTIN-96 EPC (24 upper-case hex digits) for a GTIN and numeric serial.

    ``gtin`` may be GTIN-8/12/13/14 (padded to 14 digits, check digit verified);
    ``company_prefix_length`` is 6 to 12 digits; ``filter_value`` 0 to 7 (1 = point of sale
    item, 2 = full case, 6 = unit load). Raises :class:`EpcError` with the reason otherwise,
    and for a serial with leading zeros, non-digits or over 2^38 - 1.
    """
    gtin14 = _gtin14(gtin)
    if not isinstance(company_prefix_length, int) or not 6 <= company_prefix_length <= 12:
        raise EpcError(f"company prefix length {company_prefix_length!r} must be 6 to 12")
    if not isinstance(filter_value, int) or not 0 <= filter_value <= 7:
        raise EpcError(f"filter {filter_value!r} must be 0 to 7")
    value = _serial96(serial)
    partition = 12 - company_prefix_length
    cp_bits, cp_digits, ref_bits, _ = _SGTIN_PARTITIONS[partition]
    company = int(gtin14[1 : 1 + cp_digits])
    item = int(gtin14[0] + gtin14[1 + cp_digits : 13])
    word = 0x30
    for bits, part in ((3, filter_value), (3, partition), (cp_bits, company), (ref_bits, item)):
        word = (word << bits) | part
    word = (word << SERIAL_BITS_96) | value
    return f"{word:024X}"


def sgtin96_uri(gtin: str, serial: str | int, company_prefix_length: int) -> str:
    """The pure-identity URI ``urn:epc:id:sgtin:CP.IR.SERIAL`` (raises :class:`EpcError`)."""
    gtin14 = _gtin14(gtin)
    if not 6 <= company_prefix_length <= 12:
        raise EpcError(f"company prefix length {company_prefix_length!r} must be 6 to 12")
    value = _serial96(serial)
    company = gtin14[1 : 1 + company_prefix_length]
    item = gtin14[0] + gtin14[1 + company_prefix_length : 13]
    return f"urn:epc:id:sgtin:{company}.{item}.{value}"


class GtinCount(Struct, frozen=True):
    """A bulk count from one read round: distinct SGTIN tags per GTIN, and the rest.

    ``items`` maps GTIN-14 -> number of distinct serials read (each tag counted once, however
    often it was read); ``serials`` the serials per GTIN, sorted; ``others`` the EPCs that are
    not trade items (SSCC, GRAI, GIAI, unknown or undecodable), in the order given.
    """

    items: dict[str, int]
    serials: dict[str, list[str]]
    others: list[str]


def count_by_gtin(epcs: Iterable[str]) -> GtinCount:
    """Count a round's EPCs by GTIN (SGTIN-96 and SGTIN-198); duplicates count once.

    Pure; never raises. The station turns ``items`` into counted quantities per item.
    """
    serials: dict[str, set[str]] = {}
    others: list[str] = []
    seen: set[str] = set()
    for epc in epcs:
        info = decode_epc(epc)
        if info.hex in seen:
            continue
        seen.add(info.hex)
        gtin = info.fields.get("gtin")
        if info.error is None and gtin is not None:
            serials.setdefault(gtin, set()).add(info.fields["serial"])
        else:
            others.append(info.hex)
    return GtinCount(
        items={gtin: len(found) for gtin, found in sorted(serials.items())},
        serials={
            gtin: sorted(found, key=lambda s: (len(s), s))
            for gtin, found in sorted(serials.items())
        },
        others=others,
    )
