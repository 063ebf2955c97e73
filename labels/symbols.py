# SPDX-License-Identifier: Apache-2.0
"""Barcode symbol geometry shared by the PDF and ZPL renderers.

* Code 128 / GS1-128: reportlab's Code 128 encoder picks the code sets; :class:`Code128Symbol`
  keeps its symbol values and bar/space runs. The PDF draws exactly these runs and the ZPL
  renderer spells exactly these values with ``^BC`` invocation codes (:meth:`zpl_field`),
  so both media print the same symbol and the width in modules is known before printing.
* GS1 DataMatrix: zxing-cpp's writer builds the matrix (``gs1=True``, square sizes only, so
  scanners report ``]d2``); :func:`ecc200_ascii_size` gives the square size a printer needs
  at worst (ASCII encodation only), used to reserve room for ZPL ``^BX``.

Contracts: functions are pure and thread-safe; bad content raises
:class:`labels.errors.LabelError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt
import zxingcpp
from reportlab.graphics.barcode.code128 import Code128

from labels.element_string import GS, GS1Message
from labels.errors import LabelError, LabelLayoutError

__all__ = [
    "CODE128_QUIET_MODULES",
    "DATAMATRIX_QUIET_MODULES",
    "Code128Symbol",
    "code128_symbol",
    "datamatrix_matrix",
    "ecc200_ascii_size",
]

CODE128_QUIET_MODULES: Final = 10
"""Quiet zone each side of Code 128 / GS1-128, in modules (GS1 GenSpecs: 10X)."""

DATAMATRIX_QUIET_MODULES: Final = 1
"""Quiet zone around Data Matrix, in modules (ISO/IEC 16022: 1X)."""

_FNC1: Final = "\xf1"
_START_SET: Final = {103: "A", 104: "B", 105: "C"}
_STOP: Final = 106


@dataclass(frozen=True)
class Code128Symbol:
    """One Code 128 symbol: values (start .. check digit, without stop) and bar/space runs.

    ``runs`` alternate bar, space, bar ... starting with a bar, in modules, stop included.
    """

    values: tuple[int, ...]
    runs: tuple[int, ...]

    @property
    def modules(self) -> int:
        """Symbol width in modules, without quiet zones."""
        return sum(self.runs)

    @property
    def modules_with_quiet(self) -> int:
        """Symbol width in modules including both quiet zones."""
        return self.modules + 2 * CODE128_QUIET_MODULES

    def zpl_field(self) -> str:
        """The ``^FD`` data for ZPL ``^BC`` (mode N) that prints exactly these values.

        Start code ``>9``/``>:``/``>;`` (A/B/C), subset C as digit pairs, ``>8`` = FNC1,
        ``>5``/``>6``/``>7`` = code-set switches, ``>0`` ``><`` ``>=`` for ``>`` ``^`` ``~``.
        The printer adds the check digit and stop itself.
        """
        out: list[str] = []
        current = _START_SET[self.values[0]]
        out.append({"A": ">9", "B": ">:", "C": ">;"}[current])
        for v in self.values[1:-1]:
            token, current = _zpl_token(v, current)
            out.append(token)
        return "".join(out)


def _zpl_token(v: int, current: str) -> tuple[str, str]:
    """ZPL spelling of one symbol value in code set ``current``, and the new code set."""
    if v == 102:
        return ">8", current
    if current == "C":
        if v < 100:
            return f"{v:02d}", current
        if v == 100:
            return ">6", "B"
        if v == 101:
            return ">7", "A"
    else:
        if v == 99:
            return ">5", "C"
        if current == "B" and v == 101:
            return ">7", "A"
        if current == "A" and v == 100:
            return ">6", "B"
        if v < 64 or (current == "B" and v < 95):
            ch = chr(v + 32)
            return {">": ">0", "^": "><", "~": ">="}.get(ch, ch), current
    raise LabelError(f"Code 128 value {v} in set {current} has no ZPL spelling")


@lru_cache(maxsize=256)
def _encode(value: str) -> Code128Symbol:
    bc = Code128(value, quiet=0, barWidth=1, humanReadable=0)
    bc.validate()
    if not bc.valid:
        raise LabelError(f"Code 128 cannot encode {value!r}")
    encoded: list[int] = list(bc.encode())
    bc.decompose()
    runs: list[int] = []
    for ch in bc.decomposed:
        runs.append(ord(ch.lower()) - ord("a") + 1)
    if encoded[-1] != _STOP:
        raise LabelError(f"unexpected Code 128 encoding for {value!r}")
    return Code128Symbol(tuple(encoded[:-1]), tuple(runs))


def code128_symbol(content: GS1Message | str) -> Code128Symbol:
    """Encode GS1-128 (for a :class:`GS1Message`: FNC1 first and as separator) or Code 128.

    Plain text must be printable ASCII; it must not start with a character that reportlab
    would take for FNC1 (it cannot: ``\\xf1`` is not ASCII).
    """
    if isinstance(content, GS1Message):
        value = _FNC1 + content.element_string.replace(GS, _FNC1)
    else:
        if not content or any(not 32 <= ord(c) <= 126 for c in content):
            raise LabelError(f"Code 128 text must be printable ASCII, got {content!r}")
        value = content
    return _encode(value)


@lru_cache(maxsize=128)
def _dm_matrix(bracketed: str) -> npt.NDArray[np.bool_]:
    try:
        symbol = zxingcpp.create_barcode(
            bracketed, zxingcpp.BarcodeFormat.DataMatrix, gs1=True, forceSquare=True
        )
    except ValueError as exc:  # zint rejects what it considers invalid GS1 syntax
        raise LabelError(f"GS1 DataMatrix cannot encode {bracketed!r}: {exc}") from exc
    image = np.asarray(symbol.to_image(scale=1, add_quiet_zones=False))
    matrix = image < 128
    matrix.setflags(write=False)
    return matrix


def datamatrix_matrix(message: GS1Message) -> npt.NDArray[np.bool_]:
    """Square GS1 DataMatrix modules as a read-only bool array (True = dark), no quiet zone."""
    return _dm_matrix(message.bracketed)


# ECC 200 square symbols: (size in modules, data codewords).
_ECC200_SQUARE: Final = (
    (10, 3), (12, 5), (14, 8), (16, 12), (18, 18), (20, 22), (22, 30), (24, 36), (26, 44),
    (32, 62), (36, 86), (40, 114), (44, 144), (48, 174), (52, 204), (64, 280), (72, 368),
    (80, 456), (88, 576), (96, 696), (104, 816), (120, 1050), (132, 1304), (144, 1558),
)  # fmt: skip


def ecc200_ascii_codewords(element_string: str) -> int:
    """Data codewords for FNC1 + ``element_string`` in ECC 200 ASCII encodation.

    Digit pairs take one codeword, FNC1 (GS) and other ASCII characters one each. Every
    ECC 200 encoder can do at least this well, so it bounds the printer's symbol size.
    """
    count = 1  # leading FNC1
    i = 0
    s = element_string
    while i < len(s):
        if s[i].isdigit() and i + 1 < len(s) and s[i + 1].isdigit():
            i += 2
        else:
            i += 1
        count += 1
    return count


def ecc200_ascii_size(element_string: str) -> int:
    """Smallest square ECC 200 size (modules) that holds the ASCII encodation of the data."""
    need = ecc200_ascii_codewords(element_string)
    for size, capacity in _ECC200_SQUARE:
        if capacity >= need:
            return size
    raise LabelLayoutError(f"{need} codewords do not fit any Data Matrix symbol")
