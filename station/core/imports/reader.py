# SPDX-License-Identifier: Apache-2.0
"""``read_import``: read one import file of one kind into a typed, validated batch.

Contracts:

* All or nothing: either every data row is valid and an :class:`ImportBatch` with one
  record per data row (in file order) is returned, or :class:`ImportFileError` is raised
  for the first problem found and nothing is returned. No other exception escapes for any
  file content; an unknown ``kind`` is a programming error and raises ``ValueError``.
* Nothing is written anywhere; the file is only read.
* ``progress(done, total)`` is called after every :data:`PROGRESS_EVERY` data rows and
  once at the end with ``done == total`` (also for a file with no data rows: ``(0, 0)``).
  ``total`` is the number of non-blank data rows. An exception raised by ``progress``
  propagates unchanged (a way to cancel).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Generic, Literal, TypeVar, overload

from station.core import cycle_collector
from station.core.imports.file_reading import read_table
from station.core.imports.headers import IMPORT_KINDS, map_headers
from station.core.imports.records import (
    ImportRecord,
    IssueLineRecord,
    ItemRecord,
    LocationRecord,
    ReceiptLineRecord,
    StockRecord,
    UserRecord,
)
from station.core.imports.validation import collector_for

__all__ = ["PROGRESS_EVERY", "ImportBatch", "ProgressCallback", "read_import"]

#: ``progress`` is called after this many data rows (and at the end).
PROGRESS_EVERY: Final[int] = 500

ProgressCallback = Callable[[int, int], None]

R = TypeVar("R", bound=ImportRecord)


@dataclass(frozen=True)
class ImportBatch(Generic[R]):
    """The validated content of one import file.

    ``records[i]`` came from line ``line_numbers[i]``. ``encoding`` is how the file was
    read: ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with BOM), ``"utf-16"``, ``"gb18030"`` or
    ``"xlsx"``. ``ignored_columns`` lists header texts that were not recognised, in file
    order; ``columns`` maps each recognised canonical field to its header as written.
    """

    kind: str
    path: str
    records: list[R]
    encoding: str
    line_numbers: list[int]
    ignored_columns: tuple[str, ...] = ()
    columns: Mapping[str, str] = field(default_factory=dict)


@overload
def read_import(
    kind: Literal["items"],
    path: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
) -> ImportBatch[ItemRecord]: ...
@overload
def read_import(
    kind: Literal["locations"],
    path: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
) -> ImportBatch[LocationRecord]: ...
@overload
def read_import(
    kind: Literal["users"],
    path: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
) -> ImportBatch[UserRecord]: ...
@overload
def read_import(
    kind: Literal["stock"],
    path: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
) -> ImportBatch[StockRecord]: ...
@overload
def read_import(
    kind: Literal["receipts"],
    path: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
) -> ImportBatch[ReceiptLineRecord]: ...
@overload
def read_import(
    kind: Literal["issues"],
    path: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
) -> ImportBatch[IssueLineRecord]: ...
@overload
def read_import(
    kind: str,
    path: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
) -> ImportBatch[ImportRecord]: ...
def read_import(
    kind: str,
    path: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
) -> ImportBatch[Any]:
    """Read, map, validate ``path`` as ``kind``; see the module contract."""
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {IMPORT_KINDS}")
    with cycle_collector.paused():
        table = read_table(path)
        header_map = map_headers(kind, table.header, path, table.header_line)
        collector = collector_for(kind)
        total = len(table.rows)
        for start in range(0, total, PROGRESS_EVERY):
            chunk = table.rows[start : start + PROGRESS_EVERY]
            collector.add_rows(chunk, header_map, path)
            done = start + len(chunk)
            if progress is not None and done != total:
                progress(done, total)
        records = collector.finish()
    line_numbers = [line for line, _ in table.rows]
    if progress is not None:
        progress(total, total)
    return ImportBatch(
        kind=kind,
        path=os.fspath(path),
        records=records,
        encoding=table.encoding,
        line_numbers=line_numbers,
        ignored_columns=header_map.ignored,
        columns=dict(header_map.headers),
    )
