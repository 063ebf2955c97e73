# SPDX-License-Identifier: Apache-2.0
"""The dispatch note of a posted issue: its data, the effect that carries it, and the PDF.

:func:`dispatch_note_data` turns the issuing workflow's state into plain JSON-able data
(strings only; quantities as decimal text); :func:`dispatch_note_effect` wraps it as the
``{"kind": "document", "name": "dispatch-note", ...}`` effect the engine hands to the station;
:func:`render_dispatch_note` is a pure function from that data to PDF bytes (A4, reportlab),
safe on any thread; :func:`write_dispatch_note` writes it next to ``path`` and renames it into
place, so a failed write never leaves half a file (``OSError`` propagates).

Text above U+00FF (Chinese item names) is drawn with the CJK TrueType font of
:mod:`labels.fonts` when one is installed, else shown with ``?`` in its place.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .state import IssueLine, IssueState, IssueUser

DOCUMENT_NAME = "dispatch-note"


def dispatch_note_data(
    state: IssueState, issued: list[IssueLine], station_id: str, status: str
) -> dict[str, Any]:
    """The note's data from the workflow state and the lines just issued."""

    def person(user: IssueUser) -> dict[str, str]:
        return {"badge": user["badge"], "name": user["name"]}

    lines: list[dict[str, Any]] = []
    for line in issued:
        checker = line.get("checked_by") or state.get("checker")
        lines.append(
            {
                "line": str(line["line"]),
                "sku": line["sku"],
                "name": line["name"],
                "unit": line["unit"],
                "ordered": line["ordered"],
                "qty": line["qty"],
                "lot": line["lot"] or "",
                "location": line["location"] or "",
                "short_reason": line["short_reason"] or "",
                "checker": person(checker) if checker else {"badge": "", "name": ""},
                "picked_at": line.get("picked_at") or "",
                "checked_at": line.get("checked_at") or "",
            }
        )
    checkers: list[dict[str, str]] = []
    for entry in lines:
        if entry["checker"] not in checkers:
            checkers.append(entry["checker"])
    return {
        "reference": state["reference"],
        "destination": state["destination"],
        "station": station_id,
        "status": status,
        "picker": person(state["picker"]),
        "checkers": checkers,
        "times": dict(state.get("times") or {}),
        "lines": lines,
    }


def dispatch_note_effect(
    state: IssueState, issued: list[IssueLine], station_id: str, status: str
) -> dict[str, Any]:
    data = dispatch_note_data(state, issued, station_id, status)
    return {
        "kind": "document",
        "name": DOCUMENT_NAME,
        "filename": f"{DOCUMENT_NAME}-{data['reference']}.pdf",
        "data": data,
    }


class _Fonts:
    def __init__(self, data: dict[str, Any]) -> None:
        from labels.fonts import find_cjk_font, needs_cjk
        from labels.pdf import register_cjk_font

        text = repr(data)
        self.regular, self.bold, self.cjk = "Helvetica", "Helvetica-Bold", False
        if needs_cjk(text):
            font = find_cjk_font()
            name = register_cjk_font(font) if font else None
            if name:
                self.regular = self.bold = name
                self.cjk = True

    def text(self, value: str) -> str:
        from labels.fonts import latin_fallback

        shown = value if self.cjk else latin_fallback(value)
        return shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_dispatch_note(data: dict[str, Any]) -> bytes:
    """The dispatch note as PDF bytes. Pure: depends only on ``data``. Loads reportlab on first
    use: the workflow that makes the note's data never needs it."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    fonts = _Fonts(data)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9, leading=11)
    head = ParagraphStyle("head", fontName=fonts.bold, fontSize=16, leading=20)
    small = ParagraphStyle("small", fontName=fonts.regular, fontSize=8, leading=10)
    cell_bold = ParagraphStyle("cellb", parent=body, fontName=fonts.bold)
    number = ParagraphStyle("number", parent=body, alignment=TA_RIGHT)

    def p(value: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(fonts.text(str(value)), style)

    times = {step: when.replace("T", " ", 1) for step, when in (data.get("times") or {}).items()}
    checkers = ", ".join(f"{c['name']} ({c['badge']})" for c in data["checkers"])
    info = [
        [p("Order", cell_bold), p(data["reference"]), p("Station", cell_bold), p(data["station"])],
        [p("Destination", cell_bold), p(data["destination"]), p("Status", cell_bold),
         p(data["status"])],
        [p("Picked by", cell_bold), p(f"{data['picker']['name']} ({data['picker']['badge']})"),
         p("Checked by", cell_bold), p(checkers)],
        [p("Picking started", cell_bold), p(times.get("started", "")),
         p("Locked for check", cell_bold), p(times.get("locked", ""))],
        [p("Check started", cell_bold), p(times.get("check_started", "")),
         p("Checked", cell_bold), p(times.get("checked", ""))],
        [p("Posted", cell_bold), p(times.get("posted", "")), p(""), p("")],
    ]  # fmt: skip
    info_table = Table(info, colWidths=[28 * mm, 62 * mm, 28 * mm, 62 * mm])
    info_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    header = ["#", "SKU", "Item", "Lot", "Location", "Ordered", "Issued", "Unit", "Checker"]
    rows: list[list[Any]] = [[p(h, cell_bold) for h in header]]
    for line in data["lines"]:
        name = line["name"] + (f" (short: {line['short_reason']})" if line["short_reason"] else "")
        rows.append(
            [
                p(line["line"]),
                p(line["sku"]),
                p(name),
                p(line["lot"]),
                p(line["location"]),
                p(line["ordered"], number),
                p(line["qty"], number),
                p(line["unit"]),
                p(line["checker"]["name"]),
            ]
        )
    widths = [7, 21, 40, 20, 18, 18, 16, 15, 25]
    lines_table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    lines_table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8ECF1")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    signatures = Table(
        [
            [p("Picker", cell_bold), p("Checker", cell_bold), p("Received by", cell_bold)],
            [p(f"{data['picker']['name']} ({data['picker']['badge']})"), p(checkers), p("")],
            [p("\n"), p(""), p("")],
        ],
        colWidths=[60 * mm] * 3,
        rowHeights=[None, None, 14 * mm],
    )
    signatures.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.4, colors.grey),
                                    ("INNERGRID", (0, 0), (-1, -1), 0.4, colors.grey)]))  # fmt: skip
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Dispatch note {data['reference']}",
        invariant=True,
    )
    story = [
        p(f"Dispatch note {data['reference']}", head),
        Spacer(1, 4 * mm),
        info_table,
        Spacer(1, 6 * mm),
        lines_table,
        Spacer(1, 8 * mm),
        signatures,
        Spacer(1, 4 * mm),
        p("Every line was picked and checked again by a second person before it was posted.",
          small),
    ]  # fmt: skip
    doc.build(story)
    return buffer.getvalue()


def write_dispatch_note(path: str | Path, data: dict[str, Any]) -> Path:
    """Render and write the note atomically to ``path`` (the folder must exist)."""
    target = Path(path)
    pdf = render_dispatch_note(data)
    fd, tmp = tempfile.mkstemp(prefix=".dispatch-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pdf)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _write(data: Mapping[str, Any], target: Path) -> Path:
    return write_dispatch_note(target, dict(data))


DOCUMENTS = {DOCUMENT_NAME: _write}
"""The documents issuing hands out as effects: name -> write(data, target path) -> path."""
