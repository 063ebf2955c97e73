# SPDX-License-Identifier: Apache-2.0
"""Template data from JSON: the form the CLI, the print queue and workflow effects use.

One JSON object per label, keyed by the data class's field names (docs/labels.md), with a few
short aliases (``item`` for ``item_name``, ``name`` for ``display_name``); ``null`` counts as
absent. Values convert by
the field's type: dates from ``YYYY-MM-DD``; the batch ``expiry`` also from the GS1 form
``YYMMDD`` (where the day may be ``00``); quantities from a number or a decimal string (never
a float); counts from integers; command-sheet ``entries`` from ``[{"command", "caption"}]``.

Contracts: pure; :func:`data_from_json` raises :class:`labels.errors.LabelError` naming the
template, the field and the reason (unknown field, missing field, bad value).
:func:`data_to_json` is its inverse, so a queued label can be stored and rebuilt exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from labels.errors import LabelError
from labels.templates import TEMPLATES, CommandEntry

__all__ = ["data_from_json", "data_to_json"]

ALIASES = {"item": "item_name", "name": "display_name"}
_YYMMDD = re.compile(r"^\d{6}$")


def _date(value: Any, allow_gs1: bool) -> dt.date | str:
    if isinstance(value, str) and allow_gs1 and _YYMMDD.match(value):
        return value  # validated as AI (17) when the label is built
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        form = "YYYY-MM-DD or GS1 YYMMDD" if allow_gs1 else "YYYY-MM-DD"
        raise LabelError(f"{value!r} is not a date ({form})") from None


def _quantity(value: Any) -> int | Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise LabelError(f"quantity {value!r}: give an integer or a decimal string")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise LabelError(f"quantity {value!r} is not a number") from None
    if not number.is_finite():
        raise LabelError(f"quantity {value!r} is not a number")
    return int(number) if number == number.to_integral_value() else number


def _convert(name: str, hint: Any, value: Any) -> Any:
    if value is None:
        return None
    args = set(typing.get_args(hint)) if isinstance(hint, types.UnionType) else {hint}
    if dt.date in args:
        return _date(value, allow_gs1=str in args)
    if Decimal in args:
        return _quantity(value)
    if int in args:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise LabelError(f"{value!r} is not an integer")
        try:
            return int(value)
        except ValueError:
            raise LabelError(f"{value!r} is not an integer") from None
    if name == "entries":
        try:
            return tuple(CommandEntry(str(e["command"]), str(e.get("caption", ""))) for e in value)
        except (TypeError, KeyError):
            raise LabelError('entries must be [{"command": ..., "caption": ...}, ...]') from None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise LabelError(f"{value!r} must be text")
    return str(value)


def data_from_json(template: str, obj: Mapping[str, Any]) -> object:
    """The data object of ``template`` for one JSON object (see the module docstring)."""
    t = TEMPLATES.get(template)
    if t is None:
        raise LabelError(f"unknown template {template!r}; known: {', '.join(TEMPLATES)}")
    if not isinstance(obj, Mapping):
        raise LabelError(f"{template}: each label's data must be a JSON object")
    hints = typing.get_type_hints(t.data_type)
    fields = {f.name: f for f in dataclasses.fields(t.data_type)}
    values: dict[str, Any] = {}
    for key, value in obj.items():
        if value is None:
            continue  # null = absent: the field's default, or "missing" if it has none
        name = ALIASES.get(key, key) if key not in fields else key
        if name not in fields:
            raise LabelError(f"{template}: unknown field {key!r}; known: {', '.join(fields)}")
        try:
            values[name] = _convert(name, hints[name], value)
        except LabelError as exc:
            raise LabelError(f"{template}.{key}: {exc}") from None
    missing = [
        n
        for n, f in fields.items()
        if n not in values
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise LabelError(f"{template}: missing field(s) {', '.join(missing)}")
    return t.data_type(**values)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, CommandEntry):
        return {"command": value.command, "caption": value.caption}
    return value


def data_to_json(data: object) -> dict[str, Any]:
    """The JSON object :func:`data_from_json` turns back into ``data`` (defaults left out)."""
    if not dataclasses.is_dataclass(data) or isinstance(data, type):
        raise LabelError("data_to_json needs a template data object")
    out: dict[str, Any] = {}
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        if f.default is not dataclasses.MISSING and value == f.default:
            continue
        out[f.name] = _plain(value)
    return out
