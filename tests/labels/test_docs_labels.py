# SPDX-License-Identifier: Apache-2.0
"""docs/labels.md documents every template, every data field and every printer URL scheme."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from labels import TEMPLATES

DOC = (Path(__file__).parents[2] / "docs" / "labels.md").read_text(encoding="utf-8")


def test_every_template_and_data_field_is_documented() -> None:
    for name, template in TEMPLATES.items():
        assert f"### `{name}`" in DOC, name
        assert f"`{template.data_type.__name__}`" in DOC, name
        for f in dataclasses.fields(template.data_type):
            assert f"`{f.name}`" in DOC, f"{name}.{f.name}"


def test_every_printer_scheme_is_documented() -> None:
    printers = Path(__file__).parents[2] / "docs" / "devices"
    page = (printers / "printers.md").read_text(encoding="utf-8")
    for scheme in ("raw+socket://", "file://", "lp://", "serial+zpl://"):
        assert f"`{scheme}" in DOC, scheme
        assert f"`{scheme}" in page, scheme


def test_every_template_has_an_example_image() -> None:
    folder = Path(__file__).parents[2] / "docs" / "labels"
    for name in TEMPLATES:
        assert (folder / f"{name}.png").read_bytes().startswith(b"\x89PNG"), name
        assert f"(labels/{name}.png)" in DOC, name
