# SPDX-License-Identifier: Apache-2.0
"""zxing-cpp's barcode formats and families mapped to the station's symbology names.

Tables only, read by :mod:`drivers.image_decode`.
"""

from __future__ import annotations

from typing import Final

import zxingcpp

__all__ = ["ZXING_FAMILIES", "ZXING_FAMILY_FOR"]

_F = zxingcpp.BarcodeFormat

# zxing-cpp symbology families (``Barcode.symbology``) read by the station, with their names;
# EAN/UPC is refined from the exact format and the data.
ZXING_FAMILIES: Final[dict[zxingcpp.BarcodeFormat, str]] = {
    _F.EANUPC: "ean13",
    _F.Code128: "code128",
    _F.Code39: "code39",
    _F.Code93: "code93",
    _F.Codabar: "codabar",
    _F.ITF: "itf",
    _F.DataBar: "databar",
    _F.PDF417: "pdf417",
    _F.Aztec: "aztec",
    _F.DataMatrix: "datamatrix",
    _F.QRCode: "qrcode",
}

# Station symbology -> the zxing-cpp family to search for.
ZXING_FAMILY_FOR: Final[dict[str, zxingcpp.BarcodeFormat]] = {
    "ean13": _F.EANUPC,
    "upca": _F.EANUPC,
    "upce": _F.EANUPC,
    "ean8": _F.EANUPC,
    "code128": _F.Code128,
    "gs1-128": _F.Code128,
    "code39": _F.Code39,
    "code93": _F.Code93,
    "codabar": _F.Codabar,
    "itf": _F.ITF,
    "itf14": _F.ITF,
    "databar": _F.DataBar,
    "pdf417": _F.PDF417,
    "aztec": _F.Aztec,
    "datamatrix": _F.DataMatrix,
    "gs1-datamatrix": _F.DataMatrix,
    "qrcode": _F.QRCode,
    "gs1-qrcode": _F.QRCode,
}
