# SPDX-License-Identifier: Apache-2.0
"""GS1 symbol specification tables as data, and the check a rendered symbol must pass.

Each :class:`SymbolTable` is one of the GS1 General Specifications section 5.12.3 tables the
station prints for: the X-dimension (minimum, target, maximum), the minimum bar height and
the quiet zone per symbology. A template names the table it follows
(:attr:`labels.model.LabelSpec.symbol_table`); a renderer that knows its printer's dots
measures each symbol in whole dots and calls :func:`check_symbol`, which raises
:class:`labels.errors.LabelLayoutError` naming the rule, the measured and the required value
instead of letting the label shrink below the table.

Sources are cited per table in ``docs/labels.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from labels.errors import LabelLayoutError
from labels.model import Symbology

__all__ = [
    "TABLES",
    "SymbolLimits",
    "SymbolTable",
    "SymbolViolation",
    "check_symbol",
    "raise_violations",
    "symbol_violations",
    "symbol_violations_mm",
]


@dataclass(frozen=True)
class SymbolLimits:
    """One symbology's row of a table; lengths in mm, quiet zones in modules (X)."""

    min_x: float
    target_x: float
    max_x: float
    min_height: float | None
    """Minimum bar height in mm; None where the height follows from the X-dimension (2D)."""
    quiet_modules: int


@dataclass(frozen=True)
class SymbolTable:
    """A GS1 symbol specification table: its name, where it is, and its rows."""

    name: str
    section: str
    title: str
    rows: dict[Symbology, SymbolLimits]


@dataclass(frozen=True)
class SymbolViolation:
    """A broken rule: which, what was measured and what the table requires."""

    rule: str
    measured: str
    required: str

    def __str__(self) -> str:
        return f"{self.rule}: measured {self.measured}, required {self.required}"


_GS1_128_LOGISTIC = SymbolLimits(0.495, 0.495, 1.016, 31.75, 10)

TABLES: Final[dict[str, SymbolTable]] = {
    t.name: t
    for t in (
        SymbolTable(
            "general_distribution",
            "5.12.3.2",
            "Trade items scanned in general distribution (symbol specification table 2)",
            {
                Symbology.GS1_128: _GS1_128_LOGISTIC,
                Symbology.GS1_DATAMATRIX: SymbolLimits(0.743, 0.743, 1.5, None, 1),
            },
        ),
        SymbolTable(
            "logistic_units",
            "5.12.3.4",
            "Logistic units (symbol specification table 4)",
            {Symbology.GS1_128: _GS1_128_LOGISTIC},
        ),
        SymbolTable(
            "regulated_healthcare",
            "5.12.3.7",
            "Regulated healthcare trade items not scanned at retail point of sale "
            "(symbol specification table 7)",
            {
                Symbology.GS1_DATAMATRIX: SymbolLimits(0.254, 0.3, 0.615, None, 1),
                Symbology.GS1_128: SymbolLimits(0.25, 0.25, 0.495, 5.08, 10),
            },
        ),
    )
}
"""The tables by name, as templates refer to them."""


def symbol_violations(
    table_name: str,
    symbology: Symbology,
    *,
    module_dots: int,
    height_dots: int,
    quiet_dots: int,
    dots_per_mm: int,
) -> list[SymbolViolation]:
    """The rules of ``table_name`` a symbol printed with these whole-dot sizes breaks.

    ``quiet_dots`` is the smaller of the free space left and right of the bars (for Data
    Matrix: on any side). A symbology the table has no row for is a violation by itself.
    """
    return symbol_violations_mm(
        table_name,
        symbology,
        x_mm=module_dots / dots_per_mm,
        height_mm=height_dots / dots_per_mm,
        quiet_mm=quiet_dots / dots_per_mm,
        x_detail=f" ({module_dots} dots at {dots_per_mm} dots/mm)",
    )


def symbol_violations_mm(
    table_name: str,
    symbology: Symbology,
    *,
    x_mm: float,
    height_mm: float,
    quiet_mm: float,
    x_detail: str = "",
) -> list[SymbolViolation]:
    """:func:`symbol_violations` for sizes in mm (a vector drawing); ``x_detail`` follows
    the measured X-dimension in a message (how it was made, e.g. the dots)."""
    table = TABLES.get(table_name)
    if table is None:
        raise LabelLayoutError(f"unknown symbol specification table {table_name!r}")
    limits = table.rows.get(symbology)
    where = f"GS1 symbol specification {table.section} ({table.title})"
    if limits is None:
        return [SymbolViolation(f"{where}: symbology", symbology.value, "one the table lists")]
    x = x_mm
    out: list[SymbolViolation] = []
    if x < limits.min_x - 1e-9:
        out.append(
            SymbolViolation(
                f"{where}: minimum X-dimension",
                f"{x:.3f} mm{x_detail}",
                f"at least {limits.min_x:.3f} mm",
            )
        )
    if x > limits.max_x + 1e-9:
        out.append(
            SymbolViolation(
                f"{where}: maximum X-dimension", f"{x:.3f} mm", f"at most {limits.max_x:.3f} mm"
            )
        )
    if limits.min_height is not None and height_mm < limits.min_height - 1e-9:
        out.append(
            SymbolViolation(
                f"{where}: minimum bar height",
                f"{height_mm:.2f} mm",
                f"at least {limits.min_height:.2f} mm",
            )
        )
    if quiet_mm < limits.quiet_modules * x - 1e-9:
        out.append(
            SymbolViolation(
                f"{where}: quiet zone",
                f"{quiet_mm:.2f} mm",
                f"at least {limits.quiet_modules}X = {limits.quiet_modules * x:.2f} mm",
            )
        )
    return out


def check_symbol(table_name: str, symbology: Symbology, *, what: str, **dots: int) -> None:
    """Raise :class:`LabelLayoutError` listing every rule of the table ``what`` breaks;
    ``dots`` are :func:`symbol_violations`' whole-dot measurements."""
    raise_violations(what, symbol_violations(table_name, symbology, **dots))


def raise_violations(what: str, broken: list[SymbolViolation]) -> None:
    """Raise :class:`LabelLayoutError` naming each broken rule of ``what``, if any."""
    if broken:
        raise LabelLayoutError(f"{what} breaks " + "; ".join(str(v) for v in broken))
