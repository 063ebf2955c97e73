# SPDX-License-Identifier: Apache-2.0
"""Labels per second: PDF (reportlab), ZPL II and PNG previews of batch labels.

Each label has its own lot (so no cached symbol is reused between labels) and a Chinese item
name (the slow path: an embedded CJK font in PDF, a ``^GFA`` graphic in ZPL). Templates are
built inside the timed loop, as the print queue does. Goal: at least 200 PDF labels/s.
"""

from __future__ import annotations

import dataclasses
import io
import time
from typing import Any

from labels import batch_label, render_pdf, render_png, render_zpl
from labels.samples import SAMPLE_BATCH


def _data(n: int, tag: str) -> list[Any]:
    return [dataclasses.replace(SAMPLE_BATCH, lot=f"{tag}{i:06d}") for i in range(n)]


def _rate(n: int, render: Any) -> float:
    start = time.perf_counter()
    render(n)
    return n / (time.perf_counter() - start)


def run(n: int = 400) -> dict[str, Any]:
    batches = iter(["W", "P", "Z", "Y", "G"])
    render_pdf([batch_label(d) for d in _data(5, next(batches))], io.BytesIO())  # warm fonts

    def pdf(count: int) -> None:
        render_pdf([batch_label(d) for d in _data(count, next(batches))], io.BytesIO())

    def zpl(count: int) -> None:
        render_zpl([batch_label(d) for d in _data(count, next(batches))], 203)

    def zpl300(count: int) -> None:
        render_zpl([batch_label(d) for d in _data(count, next(batches))], 300)

    def png(count: int) -> None:
        for d in _data(count, next(batches)):
            render_png(batch_label(d), dpi=203)

    pdf_rate = _rate(n, pdf)
    return {
        "labels": n,
        "template": "batch 100x50mm, Chinese item name",
        "pdf_labels_per_s": round(pdf_rate, 1),
        "zpl_203dpi_labels_per_s": round(_rate(n, zpl), 1),
        "zpl_300dpi_labels_per_s": round(_rate(n, zpl300), 1),
        "png_203dpi_labels_per_s": round(_rate(max(n // 4, 10), png), 1),
        "pdf_goal_labels_per_s": 200,
        "pdf_goal_met": pdf_rate >= 200,
    }


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(), indent=2))
