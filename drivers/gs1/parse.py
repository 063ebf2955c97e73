# SPDX-License-Identifier: Apache-2.0
"""``parse_scan``: decide what a scan is (GS1, plain GTIN, text) and interpret it strictly.

How the data is recognised, in order:

1. A leading AIM identifier is split off (an explicit ``aim`` argument wins).
2. Empty data -> ``empty``.
3. ``http(s)://`` -> GS1 Digital Link when the path holds a primary-key AI, else text.
4. GS1 AIM identifier (``]C1 ]e0 ]d2 ]Q3 ]J1`` ...) or a leading GS -> element strings.
5. Bracketed ``(01)...`` -> element strings in human-readable form.
6. ``]E0`` (13 digits, or 8 for UPC-E), ``]E3`` (with add-on), ``]E4`` (8 digits) and
   ``]I0``/``]I1`` with 14 digits -> EAN/UPC/ITF-14 with check digit; other ITF -> text.
7. Any other AIM identifier -> text, passed through.
8. No AIM identifier: 8/12/13/14 digits -> GTIN (when the check digit fails but the digits
   read as valid GS1 element strings, those win; a content error wins over the check digit
   only when the digits divide exactly into element strings); data containing GS -> element
   strings;
   digits starting with a known AI (letters allowed after a predefined-length AI) ->
   element strings whose separators were stripped, accepted only when unambiguous;
   anything else -> text.

Contract: :func:`parse_scan` never raises for any input.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from msgspec import Struct

from drivers.aim import is_gs1_aim, split_aim, symbology_for_aim
from drivers.gs1.ai_table import match_ai_at
from drivers.gs1.digital_link import is_digital_link_candidate, parse_digital_link
from drivers.gs1.element_string import (
    GS,
    parse_bracketed,
    parse_element_strings,
    parse_unseparated,
)
from drivers.gs1.errors import Gs1Failure, ParseError, fail
from drivers.gs1.fields import typed_fields
from drivers.gs1.gtin import expand_upce, normalise_gtin
from drivers.gs1.message import build_message
from drivers.gs1.result import ParseResult

__all__ = ["parse_scan"]

_BRACKETED_RE: Final[re.Pattern[str]] = re.compile(r"\(\d{2,4}\)")
_COMPOSITE: Final[str] = "|]e0"
_GTIN_SYMBOLOGY_BY_LENGTH: Final[dict[int, str]] = {8: "ean8", 12: "upca", 13: "ean13", 14: "itf14"}
_CONTENT_ERRORS: Final[frozenset[str]] = frozenset(
    {"bad_date", "bad_value", "bad_check_characters", "duplicate_ai_conflict", "invalid_pair"}
)
"""GS1 errors that win over a failed GTIN check digit: the digits parsed as element
strings and only their content is wrong (e.g. ``15210230``, a 30 February)."""
_EXPECTED_LENGTHS: Final[dict[str, tuple[int, ...]]] = {
    "]E0": (8, 13),
    "]E4": (8,),
    "]I1": (14,),
    "]I0": (14,),
}


class _Scan(Struct, frozen=True):
    input: str
    aim: str | None
    logic_aim: str | None
    symbology: str | None
    today: date

    def result(self, kind: str, **values: object) -> ParseResult:
        symbology = values.pop("symbology", self.symbology)
        return ParseResult(
            input=self.input,
            symbology=symbology if isinstance(symbology, str) else None,
            aim=self.aim,
            kind=kind,
            **values,  # type: ignore[arg-type]
        )

    def gs1(self, pairs: list[tuple[str, str]], **values: object) -> ParseResult:
        message = build_message(pairs)
        fields = typed_fields(list(message.items()), self.today)
        return self.result("gs1", gtin=message.get("01"), gs1=message, fields=fields, **values)

    def text(self, data: str) -> ParseResult:
        return self.result("text", fields={"text": data})


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _gtin_fields(gtin: str) -> dict[str, str]:
    return {"gtin": gtin}


def _check_gtin_digits(digits: str, lengths: tuple[int, ...]) -> None:
    if not _is_digits(digits):
        fail("bad_character", "01", "An EAN/UPC/ITF-14 barcode may only contain digits.")
    if len(digits) not in lengths:
        shown = " or ".join(str(n) for n in lengths)
        fail(
            "bad_gtin_length",
            "01",
            f"This barcode holds {len(digits)} digits; a GTIN here must have {shown}.",
        )


def _gtin_from_digits(digits: str, aim: str | None) -> tuple[str, str]:
    """(gtin14, symbology) for validated-length digits; raises on a bad check digit."""
    if aim == "]E0" and len(digits) == 8:
        upca = expand_upce(digits)
        if upca is None:
            fail("bad_check_digit", "01", f"The UPC-E code {digits} has a wrong check digit.")
        return upca.zfill(14), "upce"
    gtin = normalise_gtin(digits)
    if gtin is None:
        fail("bad_check_digit", "01", f"The GTIN {digits} has a wrong check digit.")
    symbology = _GTIN_SYMBOLOGY_BY_LENGTH[len(digits)]
    if aim in ("]E0", "]E3") and len(digits) == 13:
        symbology = "ean13"
    return gtin, symbology


def _parse_gtin_symbol(scan: _Scan, data: str) -> ParseResult:
    aim = scan.logic_aim or ""
    primary, _, composite = data.partition(_COMPOSITE)
    addon = ""
    if aim == "]E3" and _is_digits(primary) and len(primary) in (15, 18):
        primary, addon = primary[:13], primary[13:]
    _check_gtin_digits(primary, _EXPECTED_LENGTHS.get(aim, (13,)))
    gtin, symbology = _gtin_from_digits(primary, aim)
    if composite:
        pairs = [("01", gtin), *parse_element_strings(composite, scan.today)]
        return scan.gs1(pairs, symbology=symbology)
    fields = _gtin_fields(gtin)
    if addon:
        fields["addon"] = addon
    return scan.result("gtin", gtin=gtin, fields=fields, symbology=symbology)


def _parse_bare_digits(scan: _Scan, data: str) -> ParseResult:
    gtin = normalise_gtin(data)
    if gtin is not None:
        return scan.result(
            "gtin",
            gtin=gtin,
            fields=_gtin_fields(gtin),
            symbology=_GTIN_SYMBOLOGY_BY_LENGTH[len(data)],
        )
    if match_ai_at(data, 0) is not None:
        try:
            return scan.gs1(parse_unseparated(data, scan.today))
        except Gs1Failure as failure:
            if failure.error.code in _CONTENT_ERRORS and _fits_element_strings(data):
                raise
    fail("bad_check_digit", "01", f"The GTIN {data} has a wrong check digit.")


def _fits_element_strings(data: str) -> bool:
    """Whether bare digits divide exactly into element strings (AIs with their field
    lengths), whatever the fields hold. Only then is a content error (a 30 February) the
    better message than a wrong GTIN check digit: a mistyped case GTIN such as
    16975123000018 starts like AI (16) but leaves digits no AI can take."""
    pos = 0
    while pos < len(data):
        spec = match_ai_at(data, pos)
        if spec is None:
            return False
        pos += len(spec.ai)
        if not (spec.predefined_length and spec.fixed_length):
            return spec.min_len <= len(data) - pos <= spec.max_len  # takes the rest
        pos += spec.max_len
    return pos == len(data)


def _guess_without_aim(scan: _Scan, data: str) -> ParseResult:
    if _is_digits(data) and len(data) in _GTIN_SYMBOLOGY_BY_LENGTH:
        return _parse_bare_digits(scan, data)
    first = match_ai_at(data, 0)
    if first is None:
        return scan.text(data)
    if GS in data:
        return scan.gs1(parse_element_strings(data, scan.today))
    if first.predefined_length or _is_digits(data):
        return scan.gs1(parse_unseparated(data, scan.today))
    return scan.text(data)


def _parse_gs1_marked(scan: _Scan, data: str) -> ParseResult:
    body = data.lstrip(GS)
    if body and not body[0].isdigit():
        fail("not_gs1", None, "The barcode is marked as GS1 but does not hold GS1 data.")
    return scan.gs1(parse_element_strings(data, scan.today))


def _interpret(scan: _Scan, data: str) -> ParseResult:
    if not data:
        if scan.aim:
            fail("empty", None, f"Only the symbology identifier {scan.aim} arrived, no data.")
        fail("empty", None, "Nothing was scanned.")
    if is_digital_link_candidate(data):
        pairs = parse_digital_link(data, scan.today)
        return scan.text(data) if pairs is None else scan.gs1(pairs)
    if is_gs1_aim(scan.logic_aim) or data.startswith(GS):
        return _parse_gs1_marked(scan, data)
    if _BRACKETED_RE.match(data):
        return scan.gs1(parse_bracketed(data, scan.today))
    aim = scan.logic_aim
    if aim in ("]I0", "]I1") and len(data) != 14:
        return scan.result("text", fields={"text": data}, symbology="itf")
    if aim in ("]E0", "]E3", "]E4", "]I0", "]I1"):
        return _parse_gtin_symbol(scan, data)
    if aim is not None:
        return scan.text(data)
    return _guess_without_aim(scan, data)


def parse_scan(text: str, aim: str | None = None, *, today: date | None = None) -> ParseResult:
    """Interpret one scan; never raises.

    ``text`` is the data as delivered, optionally starting with an AIM identifier (``]C1``);
    an explicit ``aim`` wins over one found in ``text`` (a leading identifier is still
    stripped). ``today`` fixes the reference date of the two-digit-year century rule
    (default: the local date). Trailing CR/LF are ignored.
    """
    if aim is None and type(text) is str and text.isdigit() and text.isascii():
        # the commonest scan, a bare EAN/UPC/ITF-14 with a good check digit, without the
        # general path's steps (none of which can match plain digits): same result
        symbology = _GTIN_SYMBOLOGY_BY_LENGTH.get(len(text))
        gtin = normalise_gtin(text) if symbology is not None else None
        if gtin is not None:
            return ParseResult(
                input=text,
                symbology=symbology,
                aim=None,
                kind="gtin",
                gtin=gtin,
                fields=_gtin_fields(gtin),
            )
    source = text if isinstance(text, str) else str(text)
    explicit = aim if isinstance(aim, str) else None
    try:
        embedded, data = split_aim(source)
        chosen = explicit if explicit is not None else embedded
        logic_aim = chosen if split_aim(chosen or "")[0] == chosen else None
        scan = _Scan(
            input=source,
            aim=chosen,
            logic_aim=logic_aim,
            symbology=symbology_for_aim(logic_aim),
            today=today or date.today(),
        )
        try:
            return _interpret(scan, data.rstrip("\r\n"))
        except Gs1Failure as failure:
            return scan.result("invalid", error=failure.error)
    except Exception:  # the contract is "never raises"; report instead
        error = ParseError("internal_error", None, "This scan could not be interpreted.")
        return ParseResult(input=source, symbology=None, aim=explicit, kind="invalid", error=error)
