# SPDX-License-Identifier: Apache-2.0
"""Reading printed labels back through a device: the bench scanner or a camera by URL.

:func:`read_back` opens the reader at ``url`` (any scanner URL, ``camera://`` included),
gives each read to :func:`station.core.label_printing.verification.record_read` and stops
when no label of the job waits any more, or after ``timeout_s``. A camera's read comes with a
grade of the symbol in its latest frame (:func:`labels.symbol_grade.grade_symbol`, against
the table the label's template names); the X-dimension and bar height are measured only when
``px_per_mm`` gives the image's scale, otherwise the grade says "not graded". Lives outside
the core because it opens a device; ``station label verify`` is its command.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from drivers.base import ScanEvent
from drivers.registry import reader_for_url

from .core.clock import Clock, SystemClock
from .core.label_printing.queue import get_job, printer_profile, specs_for
from .core.label_printing.verification import (
    LabelCheck,
    ReadVerdict,
    pending_check,
    record_read,
    verify_settings,
)
from .core.store.database import Store

__all__ = ["grade_of", "read_back"]


def _table_of(store: Store, check: LabelCheck) -> str:
    job = get_job(store, check.job_id)
    if job is None or not 1 <= check.label_no <= len(job.data):
        return ""
    specs = specs_for(
        job.template, [job.data[check.label_no - 1]], printer_profile(store, job.printer_url)
    )
    return specs[0].symbol_table if specs else ""


def grade_of(
    store: Store, check: LabelCheck, frame: Any, *, px_per_mm: float | None
) -> dict[str, Any]:
    """The grade of ``check``'s symbol in a camera ``frame``, as stored with the read."""
    from labels.symbol_grade import grade_symbol

    table = _table_of(store, check)
    if not table:
        return {"verdict": "not graded", "table": "", "checks": [], "reason": "no table"}
    return grade_symbol(frame, check.expected, table=table, px_per_mm=px_per_mm).to_json()


def _text(event: ScanEvent) -> str:
    return (event.aim or "") + event.text


def read_back(
    store: Store,
    url: str,
    *,
    job_id: int | None = None,
    timeout_s: float = 10.0,
    px_per_mm: float | None = None,
    site: Mapping[str, Any] | None = None,
    clock: Clock | None = None,
) -> list[ReadVerdict]:
    """Read labels back from the device at ``url`` until none of the job (or none at all)
    waits, or ``timeout_s`` passes; one verdict per read given to a label. Raises
    :class:`drivers.base.DeviceError` when the device cannot be opened."""
    clock = clock or SystemClock()
    with store.reading() as conn:
        budget = verify_settings(conn, site)[1]
    verdicts: list[ReadVerdict] = []
    reader = reader_for_url(url)
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with store.reading() as conn:
                check = pending_check(conn, job_id)
            if check is None:
                break
            event = reader.read_event(min(0.2, max(0.0, deadline - time.monotonic())))
            if event is None:
                continue
            grade = None
            preview = getattr(reader, "latest_preview", None)
            shown = preview() if callable(preview) else None
            if shown is not None:
                grade = grade_of(store, check, shown[0], px_per_mm=px_per_mm)
            with store.transaction() as conn:
                verdicts.append(
                    record_read(
                        conn,
                        _text(event),
                        clock.now(),
                        budget=budget,
                        job_id=job_id,
                        grade=grade,
                    )
                )
    finally:
        reader.close()
    return verdicts
