# SPDX-License-Identifier: Apache-2.0
"""The value returned by :func:`drivers.gs1.parse_scan`.

Contracts: :class:`ParseResult` is frozen; ``kind`` is one of :data:`KINDS`; ``error`` is
set exactly when ``kind == "invalid"``; ``gtin`` is 14 digits or ``None``; ``gs1`` holds the
raw AI values in scan order for ``kind == "gs1"`` and is ``None`` otherwise.
"""

from __future__ import annotations

from typing import Final

from msgspec import Struct, field

from drivers.gs1.errors import ParseError

__all__ = ["KINDS", "ParseError", "ParseResult"]

KINDS: Final[frozenset[str]] = frozenset({"gs1", "gtin", "text", "invalid"})


class ParseResult(Struct, frozen=True):
    """One interpreted scan.

    ``kind``: ``"gs1"`` element strings or Digital Link, ``"gtin"`` plain EAN/UPC/ITF-14,
    ``"text"`` anything else passed through (``fields["text"]`` holds the data without its
    AIM identifier), ``"invalid"`` refused with ``error``.
    """

    input: str
    symbology: str | None
    aim: str | None
    kind: str
    gtin: str | None = None
    gs1: dict[str, str] | None = None
    fields: dict[str, str] = field(default_factory=dict)
    error: ParseError | None = None

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict with exactly the keys input, symbology, aim, gtin, gs1, fields and
        error (``None`` or ``{"code", "ai", "message"}``)."""
        error = None
        if self.error is not None:
            error = {"code": self.error.code, "ai": self.error.ai, "message": self.error.message}
        return {
            "input": self.input,
            "symbology": self.symbology,
            "aim": self.aim,
            "gtin": self.gtin,
            "gs1": dict(self.gs1) if self.gs1 is not None else None,
            "fields": dict(self.fields),
            "error": error,
        }
