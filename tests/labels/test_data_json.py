# SPDX-License-Identifier: Apache-2.0
"""Template data from JSON, as the CLI, the print queue and workflow effects give it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from labels import LabelError, batch_label
from labels.data_json import data_from_json, data_to_json
from labels.samples import SAMPLES

BATCH = {
    "gtin": "06975123000012",
    "lot": "L-7",
    "expiry": "2027-03-31",
    "quantity": "12.5",
    "item": "安全手套",
    "sku": "PPE-0001",
    "received": "2026-11-24",
    "location": "A-01-1",
}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_sample_round_trips(name: str) -> None:
    assert data_from_json(name, data_to_json(SAMPLES[name])) == SAMPLES[name]


def test_batch_fields_and_types() -> None:
    data = data_from_json("batch", BATCH)
    assert data.item_name == "安全手套"  # type: ignore[attr-defined]
    assert data.expiry == dt.date(2027, 3, 31)  # type: ignore[attr-defined]
    assert data.quantity == Decimal("12.5")  # type: ignore[attr-defined]
    assert data_from_json("batch", {**BATCH, "quantity": 24}).quantity == 24  # type: ignore[attr-defined]


def test_gs1_expiry_with_day_00_is_kept_as_the_month() -> None:
    data = data_from_json("batch", {**BATCH, "expiry": "270300"})
    spec = batch_label(data)  # type: ignore[arg-type]
    assert spec.meta["gs1"] == "01069751230000121727030010L-7"
    assert "EXP 2027-03" in [t.text for t in spec.texts()]
    with pytest.raises(LabelError, match="not a valid YYMMDD date"):
        batch_label(data_from_json("batch", {**BATCH, "expiry": "271300"}))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "unknown field 'colour'"),
        ({"quantity": 1.5}, "decimal string"),
        ({"expiry": "31/03/2027"}, "not a date"),
        ({"received": "270300"}, "not a date"),
        ({"epc_filter": "x"}, "not an integer"),
    ],
)
def test_bad_values_are_named(change: dict[str, object], message: str) -> None:
    with pytest.raises(LabelError, match=message):
        data_from_json("batch", {**BATCH, **change})


def test_missing_fields_and_unknown_template() -> None:
    with pytest.raises(LabelError, match="missing field"):
        data_from_json("batch", {"gtin": "06975123000012"})
    with pytest.raises(LabelError, match="unknown template"):
        data_from_json("poster", {})


def test_receiving_effect_entries_with_nulls() -> None:
    entry = {**BATCH, "expiry": None, "received": None, "unit": "PR", "quantity": "10"}
    data = data_from_json("batch", entry)
    assert data.expiry is None and data.quantity == 10 and data.unit == "PR"  # type: ignore[attr-defined]
