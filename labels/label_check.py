# SPDX-License-Identifier: Apache-2.0
"""The label linter: every GS1 rule a rendered label is checked against, passed or broken.

:func:`check_label` takes a built :class:`labels.model.LabelSpec` and a printer dpi and
returns one :class:`RuleResult` per rule and GS1 symbol: the X-dimension, bar height (GS1-128)
and quiet zones of the template's symbol specification table (measured in whole dots, as the
ZPL renderer prints), element string order (predefined-length element strings first),
separators only after variable-length AIs, and for GS1-128 the 48-character limit and the
human-readable line matching the encoded data. ``station label check`` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.gs1 import GS, needs_separator
from labels.element_string import GS1Message
from labels.model import DOTS_PER_MM, BarcodeElement, LabelSpec, Symbology
from labels.symbol_specs import TABLES, symbol_violations
from labels.zpl import datamatrix_dots, symbol_dots

__all__ = ["MAX_GS1_128_CHARS", "RuleResult", "check_label"]

MAX_GS1_128_CHARS = 48
"""GS1-128 data characters, AIs and separator FNC1s included (GenSpecs 5.4.4.3)."""


@dataclass(frozen=True)
class RuleResult:
    """One rule for one symbol: whether it held, and what was found."""

    symbol: str
    rule: str
    passed: bool
    detail: str

    def __str__(self) -> str:
        verdict = "passed" if self.passed else "broken"
        return f"{self.symbol}: {self.rule}: {verdict} ({self.detail})"


def _table_rules(spec: LabelSpec, el: BarcodeElement, dpi: int, name: str) -> list[RuleResult]:
    if not spec.symbol_table:
        return [RuleResult(name, "symbol specification table", False, "the template names none")]
    matrix = el.symbology is Symbology.GS1_DATAMATRIX
    module, height, quiet = datamatrix_dots(el, dpi) if matrix else symbol_dots(el, dpi)
    dpmm = DOTS_PER_MM[dpi]
    broken = symbol_violations(
        spec.symbol_table,
        el.symbology,
        module_dots=module,
        height_dots=height,
        quiet_dots=quiet,
        dots_per_mm=dpmm,
    )
    limits = TABLES[spec.symbol_table].rows.get(el.symbology)
    measured = {
        "X-dimension": f"{module / dpmm:.3f} mm",
        "bar height": f"{height / dpmm:.2f} mm",
        "quiet zone": f"{quiet / dpmm:.2f} mm",
    }
    if matrix:  # its height follows from the X-dimension
        del measured["bar height"]
    out = []
    for rule, value in measured.items():
        failed = [v for v in broken if rule in v.rule]
        required = failed[0].required if failed else _required(rule, limits, module / dpmm)
        detail = f"measured {value}, required {required}"
        out.append(RuleResult(name, rule, not failed, detail))
    return out


def _required(rule: str, limits: object, x: float) -> str:
    from labels.symbol_specs import SymbolLimits

    if not isinstance(limits, SymbolLimits):
        return "a row in the table"
    if rule == "X-dimension":
        return f"{limits.min_x:.3f}-{limits.max_x:.3f} mm"
    if rule == "bar height":
        return "none" if limits.min_height is None else f"at least {limits.min_height:.2f} mm"
    return f"at least {limits.quiet_modules}X = {limits.quiet_modules * x:.2f} mm"


def _data_rules(
    message: GS1Message, name: str, hri_texts: list[str], *, linear: bool = True
) -> list[RuleResult]:
    fields = message.fields
    fixed = [not needs_separator(ai) for ai, _ in fields]
    in_order = all(a or not b for a, b in zip(fixed, fixed[1:], strict=False))
    data = message.element_string
    expected_gs = [
        i for i, (ai, _) in enumerate(fields[:-1]) if needs_separator(ai)
    ]  # separators the string must carry, by element
    separators = data.count(GS)
    rules = [
        RuleResult(
            name,
            "element string order",
            in_order,
            "predefined-length element strings first"
            if in_order
            else "a predefined-length element string follows a variable-length one",
        ),
        RuleResult(
            name,
            "48-character limit",
            len(data) <= MAX_GS1_128_CHARS,
            f"{len(data)} data characters, at most {MAX_GS1_128_CHARS}",
        ),
        RuleResult(
            name,
            "separators only after variable-length AIs",
            separators == len(expected_gs),
            f"{separators} separator(s), {len(expected_gs)} expected",
        ),
        RuleResult(
            name,
            "HRI matches the data",
            message.hri in hri_texts,
            f"printed {message.hri}"
            if message.hri in hri_texts
            else f"no line reads {message.hri}",
        ),
    ]
    if not linear:  # the 48-character limit and the HRI line are GS1-128's (GenSpecs 5.4.4)
        return [r for r in rules if r.rule not in ("48-character limit", "HRI matches the data")]
    return rules


def check_label(spec: LabelSpec, dpi: int = 203) -> list[RuleResult]:
    """Every rule for every GS1 symbol (GS1-128, GS1 DataMatrix) of ``spec`` at ``dpi``, in
    drawing order."""
    hri_texts = [t.text for t in spec.texts()]
    out: list[RuleResult] = []
    for el in spec.barcodes():
        if el.symbology is Symbology.CODE128:
            continue
        assert isinstance(el.content, GS1Message)
        linear = el.symbology is Symbology.GS1_128
        name = f"{'GS1-128' if linear else 'GS1 DataMatrix'} {el.content.hri}"
        out += _table_rules(spec, el, dpi, name)
        out += _data_rules(el.content, name, hri_texts, linear=linear)
    return out
