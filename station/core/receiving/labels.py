# SPDX-License-Identifier: Apache-2.0
"""Batch labels for received lots, through the labels library's interface.

On "done" the receiving workflow emits ``{"kind": "labels", "template": "batch", "data":
[...]}`` with one entry per lot seen for the first time (keys ``gtin``, ``lot``, ``expiry``,
``quantity``, ``unit``, ``item``, ``sku``, ``received``, ``location``; dates ISO, quantity a
decimal string). :func:`batch_label_specs` turns that effect into ``labels`` page specs
(``labels.build_labels("batch", BatchLabelData)``), ready for ``render_pdf`` or
``print_labels``; the station carries that out off the UI thread. Pure; raises
``labels.LabelError`` for data the template refuses (e.g. an item without a GTIN).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from labels import build_labels
from labels.model import LabelSpec
from labels.templates import BatchLabelData


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _whole(value: Any) -> int | None:
    if value is None:
        return None
    qty = Decimal(str(value))
    return int(qty) if qty == qty.to_integral_value() else None


def batch_label_data(entry: Mapping[str, Any]) -> BatchLabelData:
    """One entry of a batch-labels effect as the labels library's data class."""
    return BatchLabelData(
        item_name=str(entry.get("item") or ""),
        sku=str(entry.get("sku") or ""),
        gtin=str(entry.get("gtin") or ""),
        lot=str(entry.get("lot") or ""),
        expiry=_date(entry.get("expiry")),
        quantity=_whole(entry.get("quantity")),
        unit=str(entry.get("unit") or ""),
        received=_date(entry.get("received")),
        location=str(entry.get("location") or ""),
    )


def batch_label_specs(effect: Mapping[str, Any]) -> list[LabelSpec]:
    """Every page of a ``labels``/``batch`` effect."""
    specs: list[LabelSpec] = []
    for entry in effect.get("data", []):
        specs.extend(build_labels("batch", batch_label_data(entry)))
    return specs
