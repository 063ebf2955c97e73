# SPDX-License-Identifier: Apache-2.0
"""Whole-message rules: repeated AIs and AIs that must not appear together (``ex=``).

Contract: :func:`build_message` returns ``{ai: value}`` in first-seen order or raises
:class:`drivers.gs1.errors.Gs1Failure` (``duplicate_ai_conflict``, ``invalid_pair``).
An AI repeated with the same value is accepted once. Mandatory associations (``req=``) are
not enforced: GS1 evaluates them over all carriers on an item, not one symbol.
"""

from __future__ import annotations

from drivers.gs1.ai_table import lookup_ai
from drivers.gs1.errors import ai_label, fail

__all__ = ["build_message", "matches_pattern"]


def matches_pattern(pattern: str, ai: str) -> bool:
    """True when ``ai`` matches ``pattern`` (``n`` matches any digit: ``310n``, ``31nn``)."""
    return len(pattern) == len(ai) and all(p in ("n", a) for p, a in zip(pattern, ai, strict=True))


def build_message(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Merge element strings into one message and apply the pair rules."""
    message: dict[str, str] = {}
    for ai, value in pairs:
        if ai in message and message[ai] != value:
            spec = lookup_ai(ai)
            fail(
                "duplicate_ai_conflict",
                ai,
                f"{ai_label(ai, spec.title if spec else None)} appears twice with different "
                f"values ({message[ai]} and {value}).",
            )
        message.setdefault(ai, value)
    for ai in message:
        spec = lookup_ai(ai)
        for pattern in spec.excludes if spec else ():
            for other in message:
                if other != ai and matches_pattern(pattern, other):
                    fail(
                        "invalid_pair",
                        ai,
                        f"{ai_label(ai)} and {ai_label(other)} must not appear in the same "
                        "barcode.",
                    )
    return message
