# SPDX-License-Identifier: Apache-2.0
"""The symbol geometry both renderers share decodes to the intended GS1 data for any lot."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.gs1.charsets import CSET82
from labels.element_string import GS1Message
from labels.symbols import code128_symbol, datamatrix_matrix, ecc200_ascii_size

LOTS = st.text(alphabet=sorted(CSET82), min_size=1, max_size=20)


def _image(dark: npt.NDArray[np.bool_], scale: int, quiet: int) -> npt.NDArray[np.uint8]:
    padded = np.pad(dark, quiet, constant_values=False)
    pixels = np.where(padded, 0, 255).astype(np.uint8)
    return np.kron(pixels, np.ones((scale, scale), dtype=np.uint8))


def _message(lot: str) -> GS1Message:
    return GS1Message.of([("01", "09521234543213"), ("10", lot), ("17", "261231")])


@settings(max_examples=60, deadline=None)
@given(lot=LOTS)
def test_gs1_128_runs_decode_as_gs1(lot: str) -> None:
    msg = _message(lot)
    symbol = code128_symbol(msg)
    row = np.concatenate(
        [np.full(run, i % 2 == 0, dtype=bool) for i, run in enumerate(symbol.runs)]
    )
    image = _image(np.repeat(row[None, :], 30, axis=0), 2, 12)
    result = zxingcpp.read_barcode(image)
    assert result is not None
    assert result.symbology_identifier == "]C1"
    assert result.bytes.decode("ascii") == msg.element_string
    assert symbol.modules == len(row)


@settings(max_examples=60, deadline=None)
@given(lot=LOTS)
def test_datamatrix_matrix_decodes_as_gs1_and_fits_the_ascii_bound(lot: str) -> None:
    msg = _message(lot)
    matrix = datamatrix_matrix(msg)
    assert matrix.shape[0] == matrix.shape[1]
    assert matrix.shape[0] <= ecc200_ascii_size(msg.element_string)
    result = zxingcpp.read_barcode(_image(matrix, 4, 2))
    assert result is not None
    assert result.content_type == zxingcpp.ContentType.GS1
    assert result.symbology_identifier == "]d2"
    assert result.bytes.decode("ascii") == msg.element_string
