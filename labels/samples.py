# SPDX-License-Identifier: Apache-2.0
"""Fixed sample data for every template: test prints, documentation and the label tests.

The GTIN, SSCC and GLN-free data are the worked examples of the GS1 reference pages
(``09521234543213``, ``376130321109103420``); names are invented. Contracts: constants
only, safe to import anywhere; :func:`sample_labels` builds every template at every size
it is registered for.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from labels.model import LabelSpec
from labels.templates import (
    TEMPLATES,
    BadgeData,
    BatchLabelData,
    CommandSheetData,
    LocationLabelData,
    SsccLabelData,
    StaleStockData,
)

__all__ = [
    "SAMPLES",
    "SAMPLE_BADGE",
    "SAMPLE_BATCH",
    "SAMPLE_COMMAND_SHEET",
    "SAMPLE_LOCATION",
    "SAMPLE_SSCC",
    "SAMPLE_STALE_STOCK",
    "sample_labels",
]

SAMPLE_BATCH: Final = BatchLabelData(
    item_name="不锈钢螺丝 M6x20 (盒装)",
    sku="SKU-10023",
    gtin="9521234543213",
    lot="LOT2024-0815",
    expiry=dt.date(2026, 12, 31),
    quantity=24,
    unit="EA",
    received=dt.date(2025, 11, 20),
    location="A-01-03",
)
SAMPLE_SSCC: Final = SsccLabelData(
    sscc="37613032110910342",
    ship_from="华东仓 上海市浦东新区 XX路 88号",
    ship_to="Retail DC North, 12 Harbour Rd, Tianjin",
    description="不锈钢螺丝 M6x20 (盒装) x 40 箱",
    carrier="SF Express 顺丰速运 SF1234567890",
    content_gtin="09521234543213",
    count=40,
    lot="LOT2024-0815",
    expiry=dt.date(2026, 12, 31),
)
SAMPLE_LOCATION: Final = LocationLabelData("A-01-03", "货架 A 第1排 第3层")
SAMPLE_BADGE: Final = BadgeData("U1042", "王小明", "Receiving 收货")
SAMPLE_COMMAND_SHEET: Final = CommandSheetData()
SAMPLE_STALE_STOCK: Final = StaleStockData(
    item_name="不锈钢螺丝 M6x20 (盒装)",
    sku="SKU-10023",
    lot="LOT2024-0815",
    location="A-01-03",
    last_movement=dt.date(2025, 1, 10),
    flagged_on=dt.date(2025, 11, 20),
    gtin="09521234543213",
    quantity=24,
    unit="EA",
    note="Review 待处理",
)

SAMPLES: Final[dict[str, object]] = {
    "batch": SAMPLE_BATCH,
    "sscc": SAMPLE_SSCC,
    "location": SAMPLE_LOCATION,
    "badge": SAMPLE_BADGE,
    "command_sheet": SAMPLE_COMMAND_SHEET,
    "stale_stock": SAMPLE_STALE_STOCK,
}
"""One data object per template name."""


def sample_labels() -> list[LabelSpec]:
    """Every template with its sample data, at every registered size, in registry order."""
    specs: list[LabelSpec] = []
    for name, template in TEMPLATES.items():
        for size in template.sizes:
            specs.extend(template.build(SAMPLES[name], size))
    return specs
