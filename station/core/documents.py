# SPDX-License-Identifier: Apache-2.0
"""The documents workflows hand out as effects, and where they are written.

A feature's documents (receiving's discrepancy summary, issuing's dispatch note) come as
``{"kind": "document", "name": ..., "filename": ..., "data": {...}}``. Each feature's
``documents`` module (:mod:`station.core.features`) exposes ``DOCUMENTS``: name ->
``write(data, target) -> path``; :func:`register_all` registers them with
:mod:`station.core.effects`, which writes them under the station's documents folder
(``<data dir>/documents``) after the input that made them was committed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import features
from .effects import DOCUMENT_RENDERERS, DocumentRenderer, register_document
from .store.database import Store

DocumentWriter = Callable[[Mapping[str, Any], Path], Path]


def _target(effect: dict[str, Any], folder: Path) -> Path:
    name = Path(str(effect.get("filename") or f"{effect['name']}.pdf")).name  # no directories
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def _renderer(write: DocumentWriter) -> DocumentRenderer:
    def render(effect: dict[str, Any], folder: Path, store: Store) -> Path:
        return write(effect["data"], _target(effect, folder))

    return render


def register_all() -> None:
    """Register every feature's document writers (idempotent)."""
    for name in features.modules("documents"):
        writers: dict[str, DocumentWriter] = getattr(importlib.import_module(name), "DOCUMENTS", {})
        for document, write in writers.items():
            if document not in DOCUMENT_RENDERERS:
                register_document(document, _renderer(write))
