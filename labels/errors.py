# SPDX-License-Identifier: Apache-2.0
"""Exceptions and warnings raised by the label library.

Contracts: every error a caller can cause with bad data is a :class:`LabelError` (a
``ValueError``); printer transport problems are :class:`labels.printing.PrinterError`
(an ``OSError``). A missing CJK font is never an error, only a :class:`LabelFontWarning`.
"""

from __future__ import annotations

__all__ = ["LabelError", "LabelFontWarning", "LabelLayoutError"]


class LabelError(ValueError):
    """Label data that cannot be encoded (bad GTIN, character outside the GS1 set, ...)."""


class LabelLayoutError(LabelError):
    """The data is valid but does not fit the chosen label size."""


class LabelFontWarning(UserWarning):
    """No usable CJK font: non-Latin text is printed as ``?`` with a Latin font."""
