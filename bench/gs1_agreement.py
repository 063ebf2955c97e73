# SPDX-License-Identifier: Apache-2.0
"""Agreement of the station's GS1 engine, and of biip alone, with published syntax vectors.

The vectors live in ``tests/data/gs1/syntax_engine_vectors.json`` (GS1 Barcode Syntax Engine
unit tests converted to scanner output, plus the station's reference vectors). Each case has
an expected verdict ``valid`` and a ``mode``: ``gs1`` (accepted as GS1 data), ``gtin``
(accepted as a plain GTIN) or ``scan`` (accepted without error).

:func:`run` returns ``{"cases": n, "ours": ratio, "biip_alone": ratio}`` plus the same
figures restricted to in-scope cases (``cases_in_scope``, ``ours_in_scope``,
``biip_alone_in_scope``). Ratios are agreements / cases, in [0, 1].
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Final

from drivers.gs1 import parse_scan

__all__ = ["VECTORS", "biip_verdict", "load_cases", "our_verdict", "run"]

VECTORS: Final[Path] = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "gs1" / "syntax_engine_vectors.json"
)
_TODAY: Final[date] = date(2026, 11, 25)


def load_cases(path: Path = VECTORS) -> list[dict[str, Any]]:
    """The vector cases as dicts with input, valid, mode, scope, source, note."""
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return cases


def our_verdict(case: dict[str, Any]) -> bool:
    """True when the station engine accepts the case in the case's mode."""
    result = parse_scan(case["input"], today=_TODAY)
    if case["mode"] == "gs1":
        return result.kind == "gs1" and result.error is None
    if case["mode"] == "gtin":
        return result.kind == "gtin" and result.error is None
    return result.error is None


def _biip_errors(result: Any) -> bool:
    names = ("gtin_error", "sscc_error", "upc_error", "gs1_message_error")
    if any(getattr(result, name, None) for name in names):
        return True
    if getattr(result, "gs1_digital_link_uri_error", None) and not result.gs1_message:
        return True
    message = result.gs1_message
    strings = message.element_strings if message is not None else []
    return any(es.gtin_error or es.sscc_error or es.gln_error for es in strings)


def biip_verdict(case: dict[str, Any]) -> bool:
    """True when biip alone (``biip.parse``) accepts the case in the case's mode."""
    import biip

    try:
        result = biip.parse(case["input"])
    except Exception:  # biip signals unparseable input by raising
        return False
    if _biip_errors(result):
        return False
    is_gs1 = result.gs1_message is not None or result.gs1_digital_link_uri is not None
    if case["mode"] == "gs1":
        return is_gs1
    if case["mode"] == "gtin":
        return result.gtin is not None and not is_gs1
    return True


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def run() -> dict[str, Any]:
    """Measure agreement of both engines with the expected verdicts."""
    cases = load_cases()
    in_scope = [c for c in cases if c.get("scope", "in") == "in"]
    ours = [our_verdict(c) == c["valid"] for c in cases]
    theirs = [biip_verdict(c) == c["valid"] for c in cases]
    scoped = [c.get("scope", "in") == "in" for c in cases]
    return {
        "cases": len(cases),
        "ours": _ratio(sum(ours), len(cases)),
        "biip_alone": _ratio(sum(theirs), len(cases)),
        "cases_in_scope": len(in_scope),
        "ours_in_scope": _ratio(
            sum(o for o, s in zip(ours, scoped, strict=True) if s), len(in_scope)
        ),
        "biip_alone_in_scope": _ratio(
            sum(t for t, s in zip(theirs, scoped, strict=True) if s), len(in_scope)
        ),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
