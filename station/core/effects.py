# SPDX-License-Identifier: Apache-2.0
"""Carrying out a committed outcome's effects: labels to print, documents to write.

Workflows return effects in their :class:`station.core.engine.workflow.Step`; the engine
puts them in the outcome only once the input is committed. The station then calls
:func:`carry_out` off the UI thread:

* ``{"kind": "labels", "template": NAME, "data": [{...}, ...], "copies"?: N,
  "printer"?: URL}`` — queued through :mod:`station.core.label_printing.queue` (SSCCs are taken
  then), to ``printer`` or else the station's ``printer_url``. The queue prints it; an
  offline printer keeps it queued and retried.
* ``{"kind": "document", "name": NAME, "path"?: ..., ...}`` — handed to the renderer an area
  registered for ``NAME`` with :func:`register_document`, which writes it under
  ``documents_dir`` and returns the path; with no renderer registered it is recorded in the
  audit log as ``document.pending`` so nothing is silently lost.

Contracts: :func:`carry_out` never raises for one bad effect: each effect is carried out on
its own, and a failure (bad label data, no printer configured, an unknown kind) is logged,
audited as ``effect.failed`` when the store allows, and reported in the returned list.
Store failures (disk full) do propagate. It blocks only for store writes (printing happens on
the print queue's thread), so it is quick, but it still must not run on the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from labels import LabelError, PrinterError

from .clock import Clock, SystemClock
from .label_printing.queue import LabelSetupError, queue_labels
from .store.database import Store
from .store.events import append_audit

__all__ = ["DOCUMENT_RENDERERS", "DocumentRenderer", "carry_out", "register_document"]

log = logging.getLogger(__name__)

DocumentRenderer = Callable[[dict[str, Any], Path, Store], Path]
"""``(effect, documents_dir, store) -> path written``; raises ValueError/OSError on failure."""

DOCUMENT_RENDERERS: dict[str, DocumentRenderer] = {}
"""Renderers by document name; areas add theirs with :func:`register_document`."""


def register_document(name: str, renderer: DocumentRenderer) -> None:
    """Register the renderer of document ``name`` (once per name)."""
    if name in DOCUMENT_RENDERERS and DOCUMENT_RENDERERS[name] is not renderer:
        raise ValueError(f"document renderer {name!r} registered twice")
    DOCUMENT_RENDERERS[name] = renderer


def _labels(effect: dict[str, Any], store: Store, printer_url: str, now: datetime) -> str:
    url = str(effect.get("printer") or printer_url or "")
    if not url:
        raise LabelSetupError("no label printer is set (setting printer_url)")
    data = effect.get("data")
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise LabelError("a labels effect needs data: a list of label objects")
    job = queue_labels(
        store,
        str(effect.get("template", "")),
        data,
        url,
        copies=int(effect.get("copies", 1)),
        now=now,
        user_id=effect.get("user_id"),
        source=str(effect.get("source", "effect")),
    )
    return f"label-job:{job.id}"


def _document(effect: dict[str, Any], store: Store, documents_dir: Path, now: datetime) -> str:
    name = str(effect.get("name", ""))
    if not name:
        raise ValueError("a document effect needs a name")
    renderer = DOCUMENT_RENDERERS.get(name)
    if renderer is None:
        with store.transaction() as conn:
            append_audit(conn, now, effect.get("user_id"), "document.pending", dict(effect))
        return f"document-pending:{name}"
    documents_dir.mkdir(parents=True, exist_ok=True)
    path = renderer(dict(effect), documents_dir, store)
    with store.transaction() as conn:
        append_audit(
            conn, now, effect.get("user_id"), "document.written", {"name": name, "path": str(path)}
        )
    return f"document:{path}"


def carry_out(
    effects: Sequence[dict[str, Any]],
    *,
    store: Store,
    printer_url: str,
    documents_dir: Path,
    clock: Clock | None = None,
) -> list[str]:
    """Carry out ``effects`` in order; one entry per effect in the returned list:

    ``label-job:<id>`` (queued for printing), ``document:<path>`` (written),
    ``document-pending:<name>`` (no renderer yet, audited) or ``failed:<kind>:<reason>``.
    The caller wakes its :class:`station.core.label_printing.queue.PrintQueue` afterwards.
    """
    now = (clock or SystemClock()).now()
    done: list[str] = []
    for effect in effects:
        kind = str(effect.get("kind", ""))
        try:
            if kind == "labels":
                done.append(_labels(effect, store, printer_url, now))
            elif kind == "document":
                done.append(_document(effect, store, Path(documents_dir), now))
            else:
                raise ValueError(f"unknown effect kind {kind!r}")
        except (LabelError, PrinterError, LabelSetupError, ValueError, OSError) as exc:
            log.warning("effect %s not carried out: %s", kind, exc)
            done.append(f"failed:{kind}:{exc}")
            _audit_failure(store, now, effect, str(exc))
    return done


def _audit_failure(store: Store, now: datetime, effect: dict[str, Any], reason: str) -> None:
    detail = {"effect": dict(effect), "reason": reason}
    with store.transaction() as conn:
        append_audit(conn, now, effect.get("user_id"), "effect.failed", detail)
