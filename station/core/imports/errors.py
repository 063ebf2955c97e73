# SPDX-License-Identifier: Apache-2.0
"""The one error an import file can produce.

Contract: :class:`ImportFileError` carries ``path`` (text, as given), ``line`` (1-based: a
physical line of a CSV file, where the header is line 1, or a worksheet row number of an
``.xlsx`` file) and ``reason`` (one English sentence naming the column and value at fault).
``str(error) == f"{path}:{line}: {reason}"``. Problems with the file as a whole (unreadable,
not text, no header, a missing or refused column) are reported at the header line, which is
line 1 unless blank lines come first.
"""

from __future__ import annotations

import os

__all__ = ["FieldError", "ImportFileError"]


class ImportFileError(Exception):
    """An import file, or one row of it, cannot be read; nothing from the file is used."""

    def __init__(self, path: str | os.PathLike[str], line: int, reason: str) -> None:
        self.path: str = os.fspath(path)
        self.line: int = line
        self.reason: str = reason
        super().__init__(f"{self.path}:{line}: {reason}")

    def __reduce__(self) -> tuple[type[ImportFileError], tuple[str, int, str]]:
        return (type(self), (self.path, self.line, self.reason))


class FieldError(ValueError):
    """A single cell value is not acceptable; ``problem`` says why (internal to the package).

    The row builder turns it into an :class:`ImportFileError` naming the file, line and
    column.
    """

    def __init__(self, problem: str) -> None:
        self.problem: str = problem
        super().__init__(problem)
