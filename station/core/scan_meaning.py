# SPDX-License-Identifier: Apache-2.0
"""What a scan means to the station: an internal code, a GTIN, GS1 data, or plain text.

GS1 and EAN/UPC interpretation is the strict GS1 engine's (``drivers.gs1``); this module
adds the station's own reserved codes in front of it.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field

from drivers.aim import split_aim
from drivers.gs1 import parse_scan
from drivers.gs1.gtin import normalise_gtin

from .internal_codes import InternalCode, parse_internal

_GTIN_SYMBOLOGY = {8: "ean8", 12: "upca", 13: "ean13", 14: "itf14"}


class ScanMeaning(Struct, frozen=True):
    """``kind``: command, badge, location (internal codes), gtin, gs1, text or invalid."""

    kind: str
    text: str
    internal: InternalCode | None = None
    gtin: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    gs1: dict[str, str] | None = None
    symbology: str | None = None
    aim: str | None = None
    error_code: str | None = None
    error: str | None = None
    error_ai: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.internal is not None:
            data["internal"] = {"kind": self.internal.kind, "value": self.internal.value}
        for name in ("gtin", "gs1", "symbology", "aim", "error_code", "error"):
            value = getattr(self, name)
            if value:
                data[name] = value
        if self.fields:
            data["fields"] = self.fields
        return data


def interpret(text: str, aim: str | None = None, symbology: str | None = None) -> ScanMeaning:
    """Never raises: a scan it cannot read comes back as kind ``invalid`` with a reason."""
    if aim is None and symbology is None and text.isdigit() and text.isascii():
        gtin = normalise_gtin(text) if len(text) in _GTIN_SYMBOLOGY else None
        if gtin is not None:  # a bare EAN/UPC/ITF-14: what parse_scan says, made once
            return ScanMeaning(
                kind="gtin", text=text, gtin=gtin, fields={"gtin": gtin},
                symbology=_GTIN_SYMBOLOGY[len(text)],
            )  # fmt: skip
    if aim is None:
        aim, text = split_aim(text)
    internal = parse_internal(text)
    if internal is not None:
        return ScanMeaning(kind=internal.kind, text=text, internal=internal, aim=aim)
    result = parse_scan(text, aim=aim)
    sym = symbology or result.symbology
    if result.error is not None:
        return ScanMeaning(
            kind="invalid",
            text=text,
            symbology=sym,
            aim=result.aim,
            error_code=result.error.code,
            error=result.error.message,
            error_ai=result.error.ai,
        )
    if result.kind in ("gs1", "gtin"):
        return ScanMeaning(
            kind=result.kind,
            text=text,
            gtin=result.gtin,
            fields=dict(result.fields),
            gs1=dict(result.gs1) if result.gs1 else None,
            symbology=sym,
            aim=result.aim,
        )
    return ScanMeaning(kind="text", text=text, symbology=sym, aim=aim)
