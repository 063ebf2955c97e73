# SPDX-License-Identifier: Apache-2.0
"""Write ``docs/samples/items.xlsx``: an items import file as Chinese Excel saves it.

Barcodes are stored as numeric cells (what Excel does when a 13-digit barcode is typed
into a General cell), costs as numbers, the shelf life as a whole number and the header in
Chinese, so the sample exercises the careful cell-to-text conversion of the reader.

Usage: ``python tests/data/make_sample_xlsx.py [OUTPUT]`` (default: the path above).
:func:`build_workbook` is also imported by the tests. The output is deterministic except
for ZIP member timestamps.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

__all__ = ["HEADER", "ROWS", "build_workbook"]

DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "samples" / "items.xlsx"

HEADER: tuple[str, ...] = (
    "物料编码", "物料名称", "规格型号", "计量单位", "单价", "物料分类", "条形码", "箱条码",
    "箱规", "最低库存", "最高库存", "允收期(天)", "序列号管理", "备注",
)  # fmt: skip

# Barcodes as int: Excel keeps them as numbers, which must not come back as 6.90123E+12.
ROWS: tuple[tuple[object, ...], ...] = (
    ("GLV-NIT-M", "丁腈手套", "M码 无粉 100只/盒", "盒", 38.5, "劳保用品",
     6901234567809, 16901234567806, 10, 20, 200, None, "否", None),
    ("BRG-6204-2RS", "深沟球轴承", "6204-2RS 20×47×14", "个", 12.8, "轴承",
     6901234567823, None, None, 50, 500, None, "否", "进口"),
    ("CT-300-BK", "尼龙扎带", "4.8×300mm 黑色 100根/包", "包", 6.2, "辅料",
     6901234567830, 16901234567844, 50, 30, 300, None, "否", None),
    ("LUB-EP2-400", "锂基润滑脂", "EP2 400g 管装", "支", 1024.0, "润滑油脂",
     6901234567847, 16901234567851, 24, 12, 120, 180, "否", "阴凉处存放"),
    ("LBL-100X150", "热敏标签", "100×150mm 500张/卷", "卷", 15.0, "辅料",
     6901234567854, None, None, 40, 400, None, "否", None),
    ("MTR-DMM-01", "数字万用表", "CAT III 600V 自动量程", "台", 268.0, "工具",
     6901234567861, None, None, 2, 10, None, "是", None),
)  # fmt: skip


def build_workbook(output: Path) -> Path:
    """Write the sample workbook to ``output`` and return ``output``."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "物料"
    sheet.append(list(HEADER))
    for row in ROWS:
        sheet.append(list(row))
    for column in ("G", "H"):
        for cell in sheet[column][1:]:
            cell.number_format = "0"  # shown in full in Excel, still a number cell
    fixed = datetime(2027, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "warehouse-station"
    output.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(output)
    return output


def main(argv: list[str]) -> int:
    """Command line entry: write the workbook to ``argv[1]`` or the default path."""
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    print(build_workbook(output))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
