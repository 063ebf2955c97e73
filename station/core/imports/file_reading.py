# SPDX-License-Identifier: Apache-2.0
"""Read an import file into rows of text cells, whatever its format or encoding.

Contracts:

* :func:`read_table` accepts CSV text and ``.xlsx`` workbooks. The format is taken from the
  content (a ZIP signature means a workbook), not only from the file name, so a workbook
  renamed to ``.csv`` still reads. Legacy ``.xls`` (and encrypted workbooks) are refused.
* CSV text is decoded strictly: UTF-16 when it starts with a UTF-16 byte order mark
  (Excel's "Unicode text"), else UTF-8 with or without a BOM, else GB18030 (a superset of
  GBK and GB2312, what Chinese Excel writes). Bytes valid in none of them raise. GB18030
  decodes almost any bytes, so a file read that way whose non-ASCII characters are mostly
  outside GB2312 (the common simplified Chinese set) is refused as of uncertain encoding
  rather than stored as mojibake: a Shift-JIS or Big5 file decodes as GB18030 into rare
  characters only. The
  delimiter is the most frequent of ``,``, ``;`` and tab in the header line (``,`` on a tie).
  A cell written as ``="00123"`` (the Excel trick for keeping leading zeros) reads as
  ``00123``.
* Workbooks are read with openpyxl in read-only mode, values only (cached formula results),
  from the first worksheet. Cells become text without loss: whole numbers print as
  integers (``6901234567892``, never ``6.90123E+12`` or ``6901234567892.0``), other numbers
  in plain decimal notation, dates as ISO ``YYYY-MM-DD`` (date-times with a time of day as
  ``YYYY-MM-DD HH:MM:SS``), booleans as ``TRUE``/``FALSE``.
* Line numbers are 1-based: the physical line where a CSV record starts (a quoted cell may
  span lines), or the worksheet row number. Rows whose cells are all blank are dropped, so
  the header is the first non-blank row.
* Every failure is an :class:`ImportFileError`; nothing else escapes for any file content.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import warnings
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Final

from station.core.imports.errors import ImportFileError

__all__ = ["MAX_ROWS", "RawTable", "cell_text", "decode_text", "read_table"]

#: More rows than this (header included) are refused rather than read into memory.
MAX_ROWS: Final[int] = 1_000_000

_ZIP_MAGIC: Final[bytes] = b"PK\x03\x04"
_OLE2_MAGIC: Final[bytes] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XLSX_SUFFIXES: Final[frozenset[str]] = frozenset({".xlsx", ".xlsm"})
_DELIMITERS: Final[tuple[str, ...]] = (",", ";", "\t")


@dataclass(frozen=True, slots=True)
class RawTable:
    """The text of one import file.

    ``encoding`` is ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with BOM), ``"utf-16"``,
    ``"gb18030"`` or ``"xlsx"``. ``header`` is the first non-blank row, found at
    ``header_line``; ``rows`` are the later non-blank rows as ``(line, cells)``.
    """

    encoding: str
    header_line: int
    header: tuple[str, ...]
    rows: list[tuple[int, tuple[str, ...]]]


def read_table(path: str | os.PathLike[str]) -> RawTable:
    """Read ``path`` as CSV or ``.xlsx``; raise :class:`ImportFileError` on any failure."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFileError(path, 1, f"cannot read the file: {exc.strerror or exc}") from exc
    suffix = Path(path).suffix.lower()
    if data.startswith(_OLE2_MAGIC) or suffix == ".xls":
        raise ImportFileError(
            path,
            1,
            "this is a legacy Excel 97-2003 (.xls) or password-protected workbook, which "
            "cannot be read; save it as .xlsx or as CSV without a password",
        )
    if data.startswith(_ZIP_MAGIC) or suffix in _XLSX_SUFFIXES:
        return _table(path, "xlsx", _xlsx_rows(path, data))
    text, encoding = decode_text(path, data)
    return _table(path, encoding, _csv_rows(path, text))


def decode_text(path: str | os.PathLike[str], data: bytes) -> tuple[str, str]:
    """Decode CSV bytes strictly; return ``(text, encoding)`` or raise ImportFileError."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _undecodable(path, data, exc.start, "UTF-16") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return text, ("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise _undecodable(path, data, exc.start, "UTF-8 or GB18030/GBK") from exc
    if not _reads_as_chinese(text):
        raise ImportFileError(
            path,
            1,
            "the file's encoding cannot be recognised with certainty: it is not UTF-8, and "
            "read as Chinese GBK it gives mostly rare characters (it may be Japanese "
            "Shift-JIS or traditional Chinese Big5); nothing was imported; save it from "
            "Excel as 'CSV UTF-8' or as .xlsx",
        )
    return text, "gb18030"


def _reads_as_chinese(text: str) -> bool:
    """True when at most half the non-ASCII characters lie outside GB2312."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    rare = sum(1 for ch in wide if not _in_gb2312(ch))
    return rare * 2 <= len(wide)


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _undecodable(
    path: str | os.PathLike[str], data: bytes, offset: int, tried: str
) -> ImportFileError:
    line = data.count(b"\n", 0, offset) + 1
    return ImportFileError(
        path,
        line,
        f"the file is not {tried} text (undecodable bytes at byte offset {offset}); "
        "save it from Excel as 'CSV UTF-8' or as .xlsx",
    )


def _table(
    path: str | os.PathLike[str], encoding: str, rows: list[tuple[int, tuple[str, ...]]]
) -> RawTable:
    if not rows:
        raise ImportFileError(path, 1, "the file is empty: no header row was found")
    header_line, header = rows[0]
    return RawTable(encoding=encoding, header_line=header_line, header=header, rows=rows[1:])


def _is_blank(cells: tuple[str, ...]) -> bool:
    return not "".join(cells).strip()  # every cell white space, joined in C


def _sniff_delimiter(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            counts = [line.count(d) for d in _DELIMITERS]
            best = max(counts)
            return _DELIMITERS[counts.index(best)] if best else ","
    return ","


def _unwrap_excel_text(cell: str) -> str:
    stripped = cell.strip()
    if len(stripped) >= 3 and stripped.startswith('="') and stripped.endswith('"'):
        return stripped[2:-1].replace('""', '"')
    return cell


def _csv_rows(path: str | os.PathLike[str], text: str) -> list[tuple[int, tuple[str, ...]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    rows: list[tuple[int, tuple[str, ...]]] = []
    consumed = 0
    excel_text = '="' in text  # no cell can be an Excel ="..." text cell otherwise
    try:
        for record in reader:
            start = consumed + 1
            consumed = reader.line_num
            if excel_text:
                cells = tuple(_unwrap_excel_text(cell) for cell in record)
            else:
                cells = tuple(record)
            if _is_blank(cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(path, start, f"too many rows: at most {MAX_ROWS} are read")
            rows.append((start, cells))
    except csv.Error as exc:
        raise ImportFileError(path, consumed + 1, f"malformed CSV: {exc}") from exc
    return rows


def _xlsx_rows(path: str | os.PathLike[str], data: bytes) -> list[tuple[int, tuple[str, ...]]]:
    # openpyxl warns about harmless oddities (no default style, unknown extensions); a
    # command line import should not print those.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _xlsx_rows_quietly(path, data)


def _xlsx_rows_quietly(
    path: str | os.PathLike[str], data: bytes
) -> list[tuple[int, tuple[str, ...]]]:
    # openpyxl raises many exception types on damaged files; each becomes ImportFileError.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any failure means "not a workbook we can read"
        raise ImportFileError(
            path, 1, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
        ) from exc
    rows: list[tuple[int, tuple[str, ...]]] = []
    line = 1
    try:
        if not workbook.worksheets:
            raise ImportFileError(path, 1, "the workbook has no worksheet")
        sheet = workbook.worksheets[0]
        reset = getattr(sheet, "reset_dimensions", None)
        if reset is not None:
            reset()  # the stored dimension may be wrong; read every row that is there
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(cell_text(value) for value in values)
            if _is_blank(cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(path, line, f"too many rows: at most {MAX_ROWS} are read")
            rows.append((line, cells))
    except ImportFileError:
        raise
    except Exception as exc:  # damaged sheet XML and the like
        raise ImportFileError(
            path, line, f"the worksheet cannot be read ({type(exc).__name__}: {exc})"
        ) from exc
    finally:
        workbook.close()
    return rows


def cell_text(value: object) -> str:
    """Text of one worksheet cell value, without float artefacts (see module contract)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _float_text(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return str(int(value))
    # repr() is the shortest text that round-trips; format it without an exponent.
    return format(Decimal(repr(value)), "f")
