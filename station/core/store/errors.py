# SPDX-License-Identifier: Apache-2.0
"""Store failures as the station reports them: a message key, a clear message, nothing lost."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError


class StoreError(Exception):
    """The store refused a write or could not be opened.

    ``key`` is a message key (``store.disk_full``, ``store.read_only``, ``store.locked``,
    ``store.corrupt``, ``store.unavailable``); ``str(exc)`` is a sentence for a person.
    Nothing was committed when this is raised.
    """

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


_PATTERNS = (
    (
        "disk is full",
        "store.disk_full",
        "The disk is full: the scan was NOT saved. Free space, then scan again.",
    ),
    (
        "readonly",
        "store.read_only",
        "The database is read-only: the scan was NOT saved. Check the file's permissions.",
    ),
    (
        "read-only",
        "store.read_only",
        "The database is read-only: the scan was NOT saved. Check the file's permissions.",
    ),
    (
        "locked",
        "store.locked",
        "The database is locked by another program: the scan was NOT saved. Close it and scan again.",
    ),
    (
        "malformed",
        "store.corrupt",
        "The database file is damaged: the scan was NOT saved. Restore a backup (station restore).",
    ),
    ("not a database", "store.corrupt", "The file is not a station database: nothing was saved."),
    (
        "unable to open",
        "store.unavailable",
        "The database file cannot be opened: the scan was NOT saved.",
    ),
)


def store_error_from(exc: BaseException) -> StoreError:
    """Translate a database exception into a :class:`StoreError` with a clear message."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(original).lower()
    for needle, key, message in _PATTERNS:
        if needle in text:
            return StoreError(key, message)
    if isinstance(original, sqlite3.Error | DBAPIError):
        return StoreError("store.unavailable", f"The database refused the write: {original}")
    return StoreError("store.unavailable", f"The store failed: {original}")
