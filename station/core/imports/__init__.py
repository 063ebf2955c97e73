# SPDX-License-Identifier: Apache-2.0
"""Reading import files: ``station import items|locations|users|stock|receipts|issues|movements
FILE``.

This package is the file-reading half of an import: it reads a CSV (UTF-8 with or without
BOM, UTF-16, GB18030/GBK) or ``.xlsx`` file, maps English or Chinese column names onto
canonical fields, validates every row and returns typed records. It never writes to the
store; the caller does that with the returned :class:`ImportBatch`.

Contract of :func:`read_import` (``kind`` is one of :data:`IMPORT_KINDS`):

* all or nothing: a bad row raises :class:`ImportFileError` with
  ``str(e) == f"{path}:{line}: {reason}"`` and nothing is returned;
* lines are 1-based physical CSV lines (header = line 1) or worksheet row numbers;
* unknown columns are ignored and listed in ``batch.ignored_columns``; a missing required
  column, a PIN/password column, or two columns for one field raise at the header line;
* a natural key repeated within the file raises (movement histories have none);
* a movement history reports every bad line at once, not only the first;
* ``progress(done, total)`` is called every 500 rows and at the end.

See ``docs/import.md`` for the columns of each kind.
"""

from __future__ import annotations

from station.core.imports.errors import ImportFileError
from station.core.imports.headers import FIELDS, IMPORT_KINDS, FieldSpec
from station.core.imports.reader import PROGRESS_EVERY, ImportBatch, ProgressCallback, read_import
from station.core.imports.records import (
    ImportRecord,
    IssueLineRecord,
    ItemRecord,
    LocationRecord,
    MovementRecord,
    ReceiptLineRecord,
    StockRecord,
    UserRecord,
)

__all__ = [
    "FIELDS",
    "IMPORT_KINDS",
    "PROGRESS_EVERY",
    "FieldSpec",
    "ImportBatch",
    "ImportFileError",
    "ImportRecord",
    "IssueLineRecord",
    "ItemRecord",
    "LocationRecord",
    "MovementRecord",
    "ProgressCallback",
    "ReceiptLineRecord",
    "StockRecord",
    "UserRecord",
    "read_import",
]
