# SPDX-License-Identifier: Apache-2.0
"""The GS1 Application Identifier table and how to find an AI in scanned data.

The table itself (:data:`AI_TABLE`) is generated from the GS1 Barcode Syntax Dictionary
shipped in ``drivers/gs1/dictionary/`` (GS1 AISBL, Apache-2.0) by
``python -m drivers.gs1.table_generator`` into ``ai_dictionary.py``; never edit it by hand.
Each AI has a format made of *components* (``N14``, ``X..20``, optional ``[X..16]``): a
character set (``N`` digits, ``X`` CSET 82, ``Y`` CSET 39, ``Z`` CSET 64), a fixed or
maximum length, and the dictionary's linters (``csum``, ``yymmd0``, ``iso3166`` ...,
implemented in ``linters.py``). It also carries the predefined-length flag (no separator
needed), the Digital Link attributes, the invalid pairs (``ex=``) and the mandatory
associations (``req=``, carried but not enforced: see docs/gs1.md).

Contracts: :data:`AI_TABLE` is immutable after import; :func:`lookup_ai` never raises.
"""

from __future__ import annotations

from typing import Final

from drivers.gs1.ai_dictionary import AI_TABLE, DICTIONARY_RELEASE
from drivers.gs1.ai_spec import AiSpec, Component

__all__ = [
    "AI_TABLE",
    "DICTIONARY_RELEASE",
    "PREDEFINED_LENGTH_PREFIXES",
    "AiSpec",
    "Component",
    "ai_length_for_prefix",
    "lookup_ai",
    "match_ai_at",
]


PREDEFINED_LENGTH_PREFIXES: Final[dict[str, int]] = {
    **{p: 20 for p in ("00",)},
    **{p: 16 for p in ("01", "02", "03", "41")},
    "04": 18,
    **{p: 8 for p in ("11", "12", "13", "14", "15", "16", "17", "18", "19")},
    "20": 4,
    **{p: 10 for p in ("31", "32", "33", "34", "35", "36")},
}
"""GenSpecs Fig. 7.8.4-2: two-digit AI prefix -> total length (AI + data) needing no GS."""

_LENGTH_BY_PREFIX: Final[dict[str, int]] = {ai[:2]: len(ai) for ai in AI_TABLE}


def ai_length_for_prefix(prefix: str) -> int | None:
    """Length (2-4) of every AI starting with the two-digit ``prefix``, or ``None``."""
    return _LENGTH_BY_PREFIX.get(prefix[:2])


def lookup_ai(ai: str) -> AiSpec | None:
    """The spec of ``ai`` or ``None`` for unknown AIs. Never raises."""
    return AI_TABLE.get(ai)


def match_ai_at(data: str, pos: int) -> AiSpec | None:
    """The known AI that starts ``data`` at ``pos`` (digits only), or ``None``."""
    length = ai_length_for_prefix(data[pos : pos + 2])
    if length is None:
        return None
    candidate = data[pos : pos + length]
    if len(candidate) != length or not candidate.isascii() or not candidate.isdigit():
        return None
    return AI_TABLE.get(candidate)
