# SPDX-License-Identifier: Apache-2.0
"""The documents workflows hand out as effects, and where they are written.

Receiving's discrepancy summary and issuing's dispatch note come as
``{"kind": "document", "name": ..., "filename": ..., "data": {...}}``; this module registers
their renderers with :mod:`station.core.effects`, which writes them under the station's
documents folder (``<data dir>/documents``) after the input that made them was committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .effects import DOCUMENT_RENDERERS, register_document
from .issuing.documents import DOCUMENT_NAME as DISPATCH_NOTE
from .issuing.documents import write_dispatch_note
from .receiving.documents import render_discrepancy_pdf
from .store.database import Store

RECEIPT_DISCREPANCIES = "receipt-discrepancies"


def _target(effect: dict[str, Any], folder: Path) -> Path:
    name = Path(str(effect.get("filename") or f"{effect['name']}.pdf")).name  # no directories
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def _discrepancies(effect: dict[str, Any], folder: Path, store: Store) -> Path:
    return render_discrepancy_pdf(effect["data"], _target(effect, folder))


def _dispatch_note(effect: dict[str, Any], folder: Path, store: Store) -> Path:
    return write_dispatch_note(_target(effect, folder), effect["data"])


def register_all() -> None:
    """Register the station's document renderers (idempotent)."""
    if RECEIPT_DISCREPANCIES not in DOCUMENT_RENDERERS:
        register_document(RECEIPT_DISCREPANCIES, _discrepancies)
    if DISPATCH_NOTE not in DOCUMENT_RENDERERS:
        register_document(DISPATCH_NOTE, _dispatch_note)
