# SPDX-License-Identifier: Apache-2.0
"""Declarative label templates: plain data in, :class:`labels.model.LabelSpec` pages out.

Each template is a frozen dataclass of the data it prints plus a builder registered in
:data:`TEMPLATES` with its default size and the sizes it is tested at. Callers (the station)
fill the dataclass from their own records; nothing here imports the station.

Internal (non-GS1) barcodes are Code 128 with a ``$`` prefix that the station's scan router
knows: ``$CMD-DONE`` ``$CMD-CANCEL`` ``$CMD-UNDO`` ``$CMD-ACK`` (command sheet),
``$USR-<badge>`` (badge), ``$LOC-<code>`` (location label).

Contracts:

* Builders validate first and raise :class:`labels.errors.LabelError` for bad data (wrong
  check digit, characters outside the GS1 set, ...) and :class:`LabelLayoutError` when the
  data cannot fit the size; they never return a half-built label.
* ``spec.meta["gs1"]`` holds the element string (GS = 0x1D) of the label's GS1 data and
  ``spec.meta["code128"]`` the text of its internal barcode, so tests and logs can compare
  what was meant with what a scanner reads.
* Element frames never overlap except reverse text on its filled banner box.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from labels.element_string import GS1Message, normalize_gtin, sscc_with_check_digit, yymmdd
from labels.errors import LabelError, LabelLayoutError
from labels.label_data import (
    DEFAULT_COMMANDS,
    BadgeData,
    BatchLabelData,
    CommandEntry,
    CommandSheetData,
    LocationLabelData,
    SsccLabelData,
    StaleStockData,
)
from labels.layout import (
    HRI_MAX,
    Frame,
    code128_block,
    datamatrix_block,
    gs1_128_block,
    gs1_128_rows_needed,
    text_block,
)
from labels.model import (
    SIZE_4X6,
    SIZE_50X25,
    SIZE_100X50,
    SIZE_A5,
    SIZE_A6,
    BoxElement,
    Element,
    LabelSize,
    LabelSpec,
)

__all__ = [
    "DEFAULT_COMMANDS",
    "TEMPLATES",
    "BadgeData",
    "BatchLabelData",
    "CommandEntry",
    "CommandSheetData",
    "LocationLabelData",
    "SsccLabelData",
    "StaleStockData",
    "Template",
    "badge_label",
    "batch_label",
    "build_labels",
    "command_sheet",
    "location_label",
    "sscc_label",
    "stale_stock_label",
]


# --------------------------------------------------------------------------- helpers


def _margin(size: LabelSize) -> float:
    return max(1.5, round(min(size.width, size.height) * 0.04, 1))


def _page(size: LabelSize) -> Frame:
    return Frame(0.0, 0.0, size.width, size.height)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "-"


def _qty(quantity: int | Decimal | None, unit: str) -> str:
    if quantity is None:
        return "-"
    return f"{quantity} {unit}".strip()


def _internal_code(prefix: str, value: str, what: str) -> str:
    if not value or any(not 33 <= ord(c) <= 126 for c in value):
        raise LabelError(f"{what} must be printable ASCII without spaces, got {value!r}")
    return f"${prefix}-{value}"


def _pairs(frame: Frame, cells: Sequence[str], group: str = "info") -> list[Element]:
    """A line of equally wide text cells, all in one size group."""
    cols = frame.cols([1] * len(cells), gap=2)
    return [text_block(f, c, group=group) for f, c in zip(cols, cells, strict=True)]


def _hline(frame: Frame, y: float, thickness: float = 0.4) -> BoxElement:
    return BoxElement(frame.x, y - thickness / 2, frame.w, thickness, thickness, filled=True)


def _spec(size: LabelSize, template: str, elements: list[Element], **meta: str) -> LabelSpec:
    return LabelSpec(size, tuple(elements), template=template, meta=dict(meta))


# --------------------------------------------------------------------------- templates


def _gs1_date(day: dt.date | str) -> str:
    return yymmdd(day) if isinstance(day, dt.date) else day


def _expiry_text(day: dt.date | str | None) -> str:
    """ISO date; a GS1 YYMMDD with DD=00 shows as YYYY-MM (years 2000-2099 assumed)."""
    if day is None or isinstance(day, dt.date):
        return _iso(day)
    year, month = 2000 + int(day[:2]), day[2:4]
    return f"{year}-{month}" if day[4:] == "00" else f"{year}-{month}-{day[4:]}"


def batch_message(data: BatchLabelData) -> GS1Message:
    """The GS1 data of a batch label: (01), (17) if expiry, (10) last (no trailing FNC1)."""
    fields = [("01", normalize_gtin(data.gtin))]
    if data.expiry:
        fields.append(("17", _gs1_date(data.expiry)))
    fields.append(("10", data.lot))
    return GS1Message.of(fields)


def batch_epc(data: BatchLabelData) -> str | None:
    """The SGTIN-96 EPC (hex) for an RFID batch label, or None without ``epc_serial``.

    Encoded by the shared EPC codec (:func:`drivers.epc.encode_sgtin96`); its errors become
    :class:`LabelError`.
    """
    if data.epc_serial is None:
        return None
    if data.company_prefix_length is None:
        raise LabelError("an RFID batch label needs company_prefix_length for the SGTIN-96")
    from drivers.epc import EpcError, encode_sgtin96

    try:
        return encode_sgtin96(
            data.gtin, data.epc_serial, data.company_prefix_length, data.epc_filter
        )
    except EpcError as exc:
        raise LabelError(f"SGTIN-96: {exc}") from None


BATCH_TABLE: Final = "general_distribution"
"""The table the batch and stale-stock labels' symbols follow: they mark trade items (a
batch of received goods) scanned in the warehouse, general distribution."""
_GD_MATRIX_MODULE: Final = 0.8
"""GS1 DataMatrix X: 6 dots at 203 dpi (0.750), 10 at 300 (0.833), 19 at 600 (0.792), all
>= the general distribution table's 0.743 mm."""
_GD_128_MODULE: Final = 0.5
_GD_128_MIN: Final = 0.495
_GD_128_STRIP: Final = 32.5 + 0.8 + HRI_MAX + 1.5
"""One general-distribution GS1-128 with its HRI: bars of 32.5 mm (31.75 mm and room for
rounding to whole dots), gap, HRI line."""


_GD_ROOM_ABOVE: Final = 45.0
"""Height the item name, fields and GS1 DataMatrix keep above the GS1-128 symbols (mm)."""


def _gd_linear(frame: Frame, message: GS1Message) -> list[Element]:
    """The batch label's GS1-128 symbol(s) at the bottom of ``frame`` when it holds them
    inside the general distribution table (X >= 0.495 mm, bars >= 31.75 mm, one or two
    symbols) with :data:`_GD_ROOM_ABOVE` left above, else none: the GS1 DataMatrix alone
    then carries the data, inside the same table."""
    try:
        rows = gs1_128_rows_needed(message, frame.w, 2, _GD_128_MIN)
    except LabelLayoutError:
        return []
    height = rows * _GD_128_STRIP
    if frame.h - height < _GD_ROOM_ABOVE:
        return []
    block = Frame(frame.x, frame.y + frame.h - height, frame.w, height)
    return gs1_128_block(
        block, message, module=_GD_128_MODULE, max_rows=rows, min_module=_GD_128_MIN
    )


def batch_label(data: BatchLabelData, size: LabelSize = SIZE_100X50) -> LabelSpec:
    """Batch/lot label: item, SKU, quantity, lot, expiry, received, location as text; GS1
    DataMatrix always; GS1-128 + HRI where the label holds it inside the table.

    Every symbol follows the general distribution table (:data:`BATCH_TABLE`): the GS1
    DataMatrix at 0.8 mm modules (at least 0.743 mm); the GS1-128 at 0.5 mm modules with
    31.75 mm+ bars, which only the 4x6 (portrait) label has room for, in one or two symbols.
    Landscape labels put three lines of two fields beside the DataMatrix; portrait (4x6)
    labels one field per line; labels under 90 mm wide show lot, expiry and SKU only.
    """
    message = batch_message(data)
    body = _page(size).inset(_margin(size))
    portrait = size.height > size.width * 1.2
    wide = size.width >= 90
    sku, qty = f"SKU {data.sku}", f"QTY {_qty(data.quantity, data.unit)}"
    lot, exp = f"LOT {data.lot}", f"EXP {_expiry_text(data.expiry)}"
    rcv, loc = f"RCV {_iso(data.received)}", f"LOC {data.location or '-'}"
    linear: list[Element] = []
    if portrait:
        info: list[tuple[str, ...]] = [(lot,), (exp,), (sku,), (qty,), (loc,), (rcv,)]
        name, rest = body.take_top(body.h * 0.1, gap=2)
        linear = _gd_linear(rest, message)
        used = rest.y + rest.h - min((el.y for el in linear), default=rest.y + rest.h)
        top, _bars = rest.take_top(rest.h - used - (3 if linear else 0), gap=0)
        left, square = top.take_right(min(top.w * 0.45, top.h), gap=3)
    else:
        info = [(sku, qty), (lot, exp), (rcv, loc)] if wide else [(lot,), (exp,), (sku,)]
        top, hri = body.rows([9, 1], gap=1) if wide else (body, None)
        left, square = top.take_right(top.h, gap=2)
        name, left = left.rows([1.6, 3.3], gap=0.5)
        if hri is not None:  # the data in brackets, as a GS1-128's HRI would read
            linear = [text_block(hri, message.hri, align="center")]
    elements: list[Element] = [text_block(name, data.item_name, bold=True, max_lines=2)]
    for row, cells in zip(left.rows([1] * len(info), gap=0.5), info, strict=True):
        elements.extend(_pairs(row, cells))
    elements.append(datamatrix_block(square, message, module=_GD_MATRIX_MODULE))
    elements.extend(linear)
    spec = _spec(size, "batch", elements, gs1=message.element_string)
    spec = dataclasses.replace(spec, symbol_table=BATCH_TABLE)
    epc = batch_epc(data)
    return spec if epc is None else dataclasses.replace(spec, epc_hex=epc)


def sscc_message(data: SsccLabelData) -> tuple[GS1Message, GS1Message | None]:
    """(00) SSCC message, and the optional content message (02)(17)(37)(10)."""
    sscc = GS1Message.of([("00", sscc_with_check_digit(data.sscc))])
    fields: list[tuple[str, str]] = []
    if data.content_gtin:
        if data.count is None:
            raise LabelError("AI (02) content GTIN needs a count (AI 37)")
        fields.append(("02", normalize_gtin(data.content_gtin)))
    if data.expiry:
        fields.append(("17", yymmdd(data.expiry)))
    if data.count is not None:
        fields.append(("37", str(data.count)))
    if data.lot:
        fields.append(("10", data.lot))
    return sscc, GS1Message.of(fields) if fields else None


SSCC_TABLE: Final = "logistic_units"
"""The GS1 symbol specification table the SSCC label's GS1-128 symbols follow."""
_SSCC_MODULE: Final = 0.5
"""Nominal X-dimension: 4 dots at 203 dpi, 6 at 300, 12 at 600, all >= the table's 0.495 mm."""
_SSCC_BARS: Final = 32.5
"""Bar height in mm: the table's 31.75 mm minimum plus room for rounding to whole dots."""


SSCC_MIN_MODULE: Final = 0.495
_STRIP_H: Final = _SSCC_BARS + 0.8 + HRI_MAX
"""Height of one logistic GS1-128 with its HRI line."""


def _logistic_128(x: float, y: float, w: float, message: GS1Message, rows: int) -> list[Element]:
    """``rows`` logistic-unit GS1-128 symbols (bars >= 31.75 mm) with HRI, from ``y`` down."""
    frame = Frame(x, y, w, rows * _STRIP_H + (rows - 1) * 1.0)
    return gs1_128_block(
        frame, message, module=_SSCC_MODULE, max_rows=rows, min_module=SSCC_MIN_MODULE
    )


def sscc_label(data: SsccLabelData, size: LabelSize = SIZE_4X6) -> LabelSpec:
    """SSCC pallet label (GS1 logistic label layout): from/to, readable data with titles,
    content GS1-128 symbol(s) where the height allows, and the (00) SSCC GS1-128 lowest.

    Every GS1-128 meets the logistic units table (:data:`SSCC_TABLE`): modules of at least
    0.495 mm and bars at least 31.75 mm high. Content that does not fit one symbol at that
    X-dimension is split over two; a label too small for the symbols is refused.
    """
    sscc_msg, content = sscc_message(data)
    sscc = sscc_msg.fields[0][1]
    body = _page(size).inset(_margin(size))
    content_rows = 0
    if content is not None:
        try:
            content_rows = gs1_128_rows_needed(content, body.w, 3, SSCC_MIN_MODULE)
        except LabelLayoutError:
            content_rows = 0
    if body.h - (content_rows + 1) * (_STRIP_H + 2) < 30:
        content_rows = 0  # no room for the content symbols: the SSCC alone, data as text
    strips = content_rows + 1
    if body.h - _STRIP_H - 2 < 6:
        raise LabelLayoutError(
            f"a {size.width:.0f}x{size.height:.0f} mm label has {body.h:.1f} mm for the SSCC "
            f"symbol; the logistic units table needs {_STRIP_H + 8:.1f} mm "
            f"({_SSCC_BARS} mm bars, HRI and a line of text)"
        )
    top, rest = body.take_top(body.h - strips * (_STRIP_H + 2), gap=0)
    elements: list[Element] = []
    portrait = size.height > size.width * 1.2
    if portrait:
        parties, readable = top.take_top(top.h * (0.36 if data.carrier else 0.3), gap=3)
        elements.append(_hline(body, parties.y + parties.h + 1.5))
        if data.carrier:  # the carrier section, under supplier and customer
            parties, carrier = parties.rows([3, 1], gap=1.5)
            elements.append(_hline(body, carrier.y - 0.75, thickness=0.25))
            elements.append(text_block(carrier, f"CARRIER {data.carrier}", max_lines=1))
        for col, caption, text in zip(
            parties.cols([1, 1], gap=3), ("FROM", "TO"), (data.ship_from, data.ship_to), strict=True
        ):
            cap, txt = col.take_top(col.h * 0.22)
            elements += [text_block(cap, caption), text_block(txt, text or "-", max_lines=3)]
        lines = [f"SSCC {sscc}", data.description or " "]
        if content:
            lines += [
                f"CONTENT {content.value('02') or '-'}   COUNT {content.value('37') or '-'}",
                f"BATCH/LOT {data.lot or '-'}   USE BY {_iso(data.expiry)}",
            ]
        rows = readable.rows([1.5] + [1] * (len(lines) - 1), gap=1)
        for i, (row, line) in enumerate(zip(rows, lines, strict=True)):
            elements.append(text_block(row, line, bold=i == 0, group="" if i < 2 else "data"))
    else:
        name, to = top.rows([1, 1], gap=1)
        elements.append(text_block(name, f"SSCC {sscc}", bold=True))
        elements.append(text_block(to, f"TO {data.ship_to or '-'}"))
    y = rest.y + 2
    if content is not None and content_rows:
        elements.extend(_logistic_128(rest.x, y, rest.w, content, content_rows))
        y += content_rows * (_STRIP_H + 2)
    elements.extend(_logistic_128(rest.x, y, rest.w, sscc_msg, 1))  # the SSCC always lowest
    meta = {"gs1": sscc_msg.element_string}
    if content and content_rows:
        meta["gs1_content"] = content.element_string
    return LabelSpec(
        size,
        tuple(elements),
        "sscc",
        epc_hex=data.epc_hex,
        meta=meta,
        symbol_table=SSCC_TABLE,
    )


def location_label(data: LocationLabelData, size: LabelSize = SIZE_100X50) -> LabelSpec:
    """Location label: the code in large type, description, Code 128 ``$LOC-<code>``."""
    barcode = _internal_code("LOC", data.code, "location code")
    page = _page(size)
    body = page.inset(_margin(size))
    code, desc, bars = body.rows([3, 1.3, 4], gap=1)
    elements: list[Element] = [
        text_block(code, data.code, bold=True, align="center"),
        text_block(desc, data.description or " ", align="center"),
    ]
    # Linear codes may use the side margins as part of their quiet zones.
    elements.extend(code128_block(Frame(page.x, bars.y, page.w, bars.h), barcode, module=0.5))
    return _spec(size, "location", elements, code128=barcode)


def badge_label(data: BadgeData, size: LabelSize = SIZE_50X25) -> LabelSpec:
    """User badge: display name, role and id, Code 128 ``$USR-<badge_id>``."""
    barcode = _internal_code("USR", data.badge_id, "badge id")
    page = _page(size)
    body = page.inset(_margin(size))
    name, sub, bars = body.rows([2.2, 1.2, 3.6], gap=0.8)
    elements: list[Element] = [
        text_block(name, data.display_name, bold=True),
        text_block(sub, f"{data.role}  #{data.badge_id}".strip()),
    ]
    elements.extend(code128_block(Frame(page.x, bars.y, page.w, bars.h), barcode, module=0.4))
    return _spec(size, "badge", elements, code128=barcode)


def command_sheet(data: CommandSheetData, size: LabelSize = SIZE_4X6) -> list[LabelSpec]:
    """Command barcodes, ``data.per_page`` per page, each with its caption and HRI."""
    if not data.entries:
        raise LabelError("a command sheet needs at least one entry")
    if data.per_page < 1:
        raise LabelError("per_page must be at least 1")
    pages: list[LabelSpec] = []
    chunks = [
        data.entries[i : i + data.per_page] for i in range(0, len(data.entries), data.per_page)
    ]
    for number, chunk in enumerate(chunks, start=1):
        page = _page(size)
        body = page.inset(_margin(size))
        head, rest = body.take_top(body.h * 0.07, gap=3)
        title = data.title if len(chunks) == 1 else f"{data.title} ({number}/{len(chunks)})"
        elements: list[Element] = [text_block(head, title, bold=True, align="center")]
        elements.append(_hline(body, head.y + head.h + 1.5))
        slots = rest.rows([1] * data.per_page, gap=3)
        for slot, entry in zip(slots, chunk, strict=False):
            code = _internal_code("CMD", entry.command, "command")
            cap, bars = slot.take_top(slot.h * 0.3, gap=0.5)
            elements.append(
                text_block(cap, entry.caption, bold=True, align="center", group="caption")
            )
            full = Frame(page.x, bars.y, page.w, bars.h)
            elements.extend(code128_block(full, code, module=0.5, hri=code))
        pages.append(
            _spec(
                size,
                "command_sheet",
                elements,
                code128=" ".join(_internal_code("CMD", e.command, "command") for e in chunk),
            )
        )
    return pages


def stale_stock_label(data: StaleStockData, size: LabelSize = SIZE_100X50) -> LabelSpec:
    """Stale-stock flag: reverse banner, item, lot, location, idle days; GS1 DataMatrix
    (01)+(10) when the GTIN is known, inside the general distribution table (0.8 mm
    modules, at least 0.743 mm)."""
    message = (
        GS1Message.of([("01", normalize_gtin(data.gtin)), ("10", data.lot)]) if data.gtin else None
    )
    if message is None:
        GS1Message.of([("10", data.lot)])  # validate the lot all the same
    idle = (data.flagged_on - data.last_movement).days
    if idle < 0:
        raise LabelError("last_movement is after flagged_on")
    page = _page(size)
    m = _margin(size)
    banner, body = page.take_top(size.height * 0.24)
    body = body.inset(m)
    elements: list[Element] = [
        BoxElement(banner.x, banner.y, banner.w, banner.h, filled=True),
        text_block(
            banner.inset(m, banner.h * 0.15), data.banner, bold=True, align="center", reverse=True
        ),
    ]
    left, square = body.take_right(body.h if message else 0, gap=2 if message else 0)
    small = size.height < 40
    lines: list[tuple[str, ...]] = [
        (f"SKU {data.sku}", f"LOT {data.lot}"),
        (f"LOC {data.location}", f"QTY {_qty(data.quantity, data.unit)}"),
        (f"IDLE {idle} d since {_iso(data.last_movement)}",),
        (f"FLAGGED {_iso(data.flagged_on)}", data.note or " "),
    ]
    if small:
        lines = [(f"LOT {data.lot}",), (f"LOC {data.location}",), (f"IDLE {idle} d",)]
    name, left = left.rows([1.5, len(lines)], gap=0.6)
    elements.append(text_block(name, data.item_name, bold=True))
    for row, cells in zip(left.rows([1] * len(lines), gap=0.6), lines, strict=True):
        elements.extend(_pairs(row, cells))
    if message:
        elements.append(datamatrix_block(square, message, module=_GD_MATRIX_MODULE))
    meta = {"gs1": message.element_string} if message else {}
    spec = _spec(size, "stale_stock", elements, **meta)
    return dataclasses.replace(spec, symbol_table=BATCH_TABLE if message else "")


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Template:
    """A registered template: its data class, default size and the sizes it is tested at."""

    name: str
    data_type: type
    default_size: LabelSize
    sizes: tuple[LabelSize, ...]
    build: Callable[[Any, LabelSize], list[LabelSpec]]


def _one(fn: Callable[[Any, LabelSize], LabelSpec]) -> Callable[[Any, LabelSize], list[LabelSpec]]:
    return lambda data, size: [fn(data, size)]


TEMPLATES: Final[dict[str, Template]] = {
    t.name: t
    for t in (
        Template(
            "batch",
            BatchLabelData,
            SIZE_100X50,
            (SIZE_100X50, SIZE_4X6, SIZE_50X25),
            _one(batch_label),
        ),
        Template("sscc", SsccLabelData, SIZE_4X6, (SIZE_4X6, SIZE_A6, SIZE_A5), _one(sscc_label)),
        Template(
            "location",
            LocationLabelData,
            SIZE_100X50,
            (SIZE_100X50, SIZE_50X25),
            _one(location_label),
        ),
        Template("badge", BadgeData, SIZE_50X25, (SIZE_50X25, SIZE_100X50), _one(badge_label)),
        Template("command_sheet", CommandSheetData, SIZE_4X6, (SIZE_4X6,), command_sheet),
        Template(
            "stale_stock",
            StaleStockData,
            SIZE_100X50,
            (SIZE_100X50, SIZE_50X25),
            _one(stale_stock_label),
        ),
    )
}
"""All templates by name."""


def build_labels(template: str, data: object, size: LabelSize | None = None) -> list[LabelSpec]:
    """Build the pages of ``template`` for ``data`` (a matching data class instance).

    Raises LabelError for an unknown template name or a data object of the wrong type.
    """
    t = TEMPLATES.get(template)
    if t is None:
        raise LabelError(f"unknown template {template!r}; known: {', '.join(TEMPLATES)}")
    if not isinstance(data, t.data_type):
        raise LabelError(f"template {template!r} needs {t.data_type.__name__}")
    return t.build(data, size or t.default_size)
