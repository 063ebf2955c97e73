# SPDX-License-Identifier: Apache-2.0
"""The receipt discrepancy PDF: short and over lines, quarantine lines and flagged lots.

:func:`render_discrepancy_pdf` is pure: it draws the ``data`` of a ``{"kind": "document",
"name": "receipt-discrepancies"}`` effect (built by ``receiving_posting.discrepancy_summary``)
with reportlab and writes one A4 PDF; it reads nothing else. It blocks the calling thread
(the station runs effects off the UI thread) and raises ``OSError`` when the file cannot be
written. Item names in any script are drawn with the CJK TrueType font when one is installed
(``labels.fonts.find_cjk_font``), else with Helvetica and ``?`` for what it cannot show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from labels.fonts import find_cjk_font, latin_fallback

DOCUMENT_NAME = "receipt-discrepancies"
NUMERIC_COLUMNS = ("Expected", "Received", "Difference", "Qty")
_CJK_NAME = "StationReceivingCJK"

REASONS = {
    "unknown_gtin": "GTIN not known",
    "not_on_receipt": "not on this receipt",
    "expired": "expired",
    "short_shelf_life": "short shelf life",
}


def _font() -> str:
    """The font for table text: the CJK TrueType font if usable, else Helvetica."""
    if _CJK_NAME in pdfmetrics.getRegisteredFontNames():
        return _CJK_NAME
    found = find_cjk_font()
    if found is None:
        return "Helvetica"
    try:
        pdfmetrics.registerFont(TTFont(_CJK_NAME, str(found.path), subfontIndex=found.index))
    except (TTFError, OSError):
        return "Helvetica"
    return _CJK_NAME


def _text(value: Any, font: str) -> str:
    text = "" if value is None else str(value)
    return latin_fallback(text) if font == "Helvetica" else text


def _table(
    header: Sequence[str], rows: Sequence[Sequence[Any]], font: str, widths: Sequence[float]
) -> Table:
    body = [list(header)] + [[_text(cell, font) for cell in row] for row in rows]
    table = Table(body, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT")
    numeric = [i for i, name in enumerate(header) if name in NUMERIC_COLUMNS]
    table.setStyle(
        TableStyle(
            [("ALIGN", (i, 0), (i, -1), "RIGHT") for i in numeric]
            + [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, 1), (-1, -1), font, 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def render_discrepancy_pdf(data: Mapping[str, Any], target: str | Path) -> Path:
    """Write the discrepancy report of one receipt to ``target``; returns the path."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    font = _font()
    styles = getSampleStyleSheet()
    normal = ParagraphStyle("body", parent=styles["Normal"], fontName=font, fontSize=10)
    title = styles["Title"]
    heading = styles["Heading2"]
    totals = data.get("totals", {})
    story: list[Any] = [
        Paragraph(f"Receipt discrepancies — {_text(data.get('reference'), font)}", title),
        Paragraph(
            f"Supplier: {_text(data.get('supplier'), font)}<br/>"
            f"Received on {data.get('received_on')} by {_text(data.get('received_by'), font)} "
            f"into {_text(data.get('location'), font)}",
            normal,
        ),
    ]
    if data.get("needs_review"):
        story.append(
            Paragraph(
                "<b>Blind receipt: nothing was expected. A supervisor must review it.</b>", normal
            )
        )
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            f"Lines: {totals.get('lines', 0)} — complete {totals.get('complete', 0)}, "
            f"short {totals.get('short', 0)}, over {totals.get('over', 0)}, "
            f"received blind {totals.get('blind', 0)}; quarantined {totals.get('quarantined', 0)}, "
            f"flagged lots {totals.get('flagged', 0)}",
            normal,
        )
    )
    lines = data.get("lines") or []
    if lines:
        story += [Paragraph("Short and over lines", heading)]
        rows = [
            [
                r["line"],
                r["sku"],
                r["name"],
                r["expected"],
                r["received"],
                r["difference"],
                r["status"].upper(),
            ]
            for r in lines
        ]
        header = ["Line", "SKU", "Item", "Expected", "Received", "Difference", "Status"]
        story.append(_table(header, rows, font, (12, 25, 60, 20, 20, 22, 20)))
    quarantine = data.get("quarantine") or []
    if quarantine:
        story += [Paragraph("Quarantine lines", heading)]
        rows = [
            [
                f"Q{q['n']}",
                REASONS.get(q["reason"], q["reason"]),
                q.get("gtin") or "",
                q.get("sku") or "",
                q.get("lot") or "",
                q.get("qty"),
                "yes" if q.get("snapshot") else "",
            ]
            for q in quarantine
        ]
        header = ["Line", "Reason", "GTIN", "SKU", "Lot", "Qty", "Photo"]
        story.append(_table(header, rows, font, (12, 38, 32, 25, 25, 15, 15)))
    flagged = data.get("flagged") or []
    if flagged:
        story += [Paragraph("Flagged lots", heading)]
        rows = [
            [
                f["line"],
                f["sku"],
                f.get("lot") or "",
                f.get("expiry") or "",
                REASONS.get(f["flag"], f["flag"]),
                f["qty"],
            ]
            for f in flagged
        ]
        header = ["Line", "SKU", "Lot", "Expiry", "Flag", "Qty"]
        story.append(_table(header, rows, font, (12, 30, 30, 25, 40, 20)))
    if not (lines or quarantine or flagged):
        story.append(Paragraph("Everything was received as ordered.", normal))
    doc = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Receipt discrepancies {data.get('reference')}",
    )
    doc.build(story)
    return target


DOCUMENTS = {DOCUMENT_NAME: render_discrepancy_pdf}
"""The documents receiving hands out as effects: name -> write(data, target path) -> path."""
