# SPDX-License-Identifier: Apache-2.0
"""Column names of import files, English and Chinese, mapped to canonical field names.

Contracts:

* :data:`FIELDS` lists, per import kind, every canonical field with whether its column is
  required and the header texts accepted for it (the canonical name is always accepted).
  The same text can mean different fields in different kinds (``条码`` is an item GTIN in
  an items file and a location barcode in a locations file), never within one kind.
* Header matching ignores case, surrounding and inner white space, ``_ - . / : *``, a
  parenthesised suffix such as ``(元)`` or ``(days)``, and full-width forms (NFKC), so
  ``Unit Cost``, ``unit_cost``, ``*单价（元）`` all match.
* :func:`map_headers` raises :class:`ImportFileError` at the header line when a required
  column is missing, when two columns give the same field, or when a column looks like a
  PIN or password (import files never carry PINs, in any kind). Other unknown columns are
  returned in ``ignored`` in file order; blank header cells are skipped silently.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from station.core.imports.errors import ImportFileError

__all__ = [
    "FIELDS",
    "IMPORT_KINDS",
    "REFUSED_COLUMNS",
    "FieldSpec",
    "HeaderMap",
    "field_for_header",
    "map_headers",
    "normalise_header",
]

IMPORT_KINDS: Final[tuple[str, ...]] = (
    "items",
    "locations",
    "users",
    "stock",
    "receipts",
    "issues",
    "movements",
)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One canonical field: its name, whether the column must be present, and aliases."""

    name: str
    required: bool
    aliases: tuple[str, ...]


def _f(name: str, required: bool, *aliases: str) -> FieldSpec:
    return FieldSpec(name, required, (name, *aliases))


_SKU = _f(
    "sku",
    True,
    "item", "item code", "item no", "item number", "part no", "part number", "material",
    "material code", "material no", "product code", "article", "article no",
    "物料编码", "物料代码", "物料编号", "存货编码", "存货代码", "商品编码", "产品编码",
    "货品编码", "货号", "料号", "品号",
)  # fmt: skip
_LOT = _f(
    "lot",
    False,
    "lot no", "lot number", "batch", "batch no", "batch number",
    "批号", "批次", "批次号",
)  # fmt: skip
_EXPIRY = _f(
    "expiry",
    False,
    "expiry date", "expiration", "expiration date", "exp", "exp date", "best before",
    "use by", "bbe",
    "有效期至", "失效日期", "到期日期", "到期日", "有效期", "有效日期", "保质期至",
)  # fmt: skip
_UNIT_COST = _f(
    "unit_cost",
    False,
    "cost", "unit price", "price", "standard cost", "cost price",
    "单价", "成本价", "成本单价", "单位成本", "标准成本", "参考成本", "参考单价",
)  # fmt: skip
_LOCATION = _f(
    "location",
    False,
    "location code", "loc", "bin", "bin code", "bin location", "storage bin",
    "库位", "货位", "仓位", "储位", "库位编码", "货位编码", "仓位编码", "库位代码",
)  # fmt: skip
_LINE_NO = _f(
    "line_no",
    False,
    "line", "line number", "ln", "行号", "分录号", "分录行号",
)  # fmt: skip
_REFERENCE_ALIASES: Final[tuple[str, ...]] = (
    "ref", "order", "order no", "order number", "document no", "doc no", "document number",
    "单号", "单据编号", "单据号", "订单号", "订单编号",
)  # fmt: skip
_QTY_ALIASES: Final[tuple[str, ...]] = ("quantity", "数量")

FIELDS: Final[MappingProxyType[str, tuple[FieldSpec, ...]]] = MappingProxyType(
    {
        "items": (
            _SKU,
            _f(
                "name", True,
                "item name", "description", "desc", "material name", "product name",
                "物料名称", "存货名称", "商品名称", "产品名称", "货品名称", "品名", "名称",
            ),
            _f("spec", False, "specification", "model", "规格型号", "规格", "型号"),
            _f(
                "unit", False,
                "uom", "unit of measure", "base unit", "单位", "计量单位", "基本单位",
                "主计量单位", "库存单位",
            ),
            _UNIT_COST,
            _f(
                "category", False,
                "item category", "item group", "group", "物料分类", "类别", "分类",
                "存货分类", "物料类别", "商品类别", "商品分类",
            ),
            _f("abc_class", False, "abc", "abc class", "ABC分类", "ABC类别", "ABC类"),
            _f("owner", False, "cargo owner", "consignor", "client", "货主", "所属货主"),
            _f(
                "min_qty", False,
                "min", "minimum", "min stock", "reorder point", "safety stock",
                "最低库存", "最小库存", "安全库存", "库存下限",
            ),
            _f("max_qty", False, "max", "maximum", "max stock", "最高库存", "最大库存", "库存上限"),
            _f(
                "min_shelf_life_days", False,
                "min shelf life", "min remaining shelf life", "min shelf life days",
                "允收期", "允收天数", "最小剩余效期", "最短剩余保质期", "最低剩余保质期",
            ),
            _f(
                "serialised", False,
                "serialized", "serial", "serial tracked", "serial managed", "serial no managed",
                "序列号管理", "启用序列号", "序列号",
            ),
            _f(
                "gtin", False,
                "gtins", "barcode", "barcodes", "ean", "ean13", "upc", "unit barcode",
                "条形码", "条码", "商品条码", "商品条形码", "国际条码",
            ),
            _f(
                "case_gtin", False,
                "case barcode", "carton barcode", "carton gtin", "outer barcode", "itf14",
                "箱条码", "外箱条码", "箱码", "箱条形码",
            ),
            _f(
                "case_qty", False,
                "case quantity", "units per case", "pack qty", "carton qty",
                "箱规", "每箱数量", "装箱数", "箱装数", "装箱数量",
            ),
        ),
        "locations": (
            _f(
                "code", True,
                "location", "location code", "loc", "bin", "bin code", "storage bin",
                "库位", "货位", "仓位", "储位", "库位编码", "货位编码", "仓位编码", "库位代码",
            ),
            _f("barcode", False, "location barcode", "条码", "条形码", "库位条码", "货位条码"),
            _f("zone", False, "area", "storage area", "库区", "区域", "分区", "库区编码"),
            _f("warehouse", False, "wh", "site", "仓库", "仓库名称", "仓库编码", "仓库代码"),
        ),
        "users": (
            _f(
                "badge", True,
                "badge no", "badge id", "employee id", "employee no", "employee number",
                "staff id", "staff no", "user id", "login",
                "工号", "员工编号", "员工工号", "职员编码", "职员代码", "用户编码", "账号",
            ),
            _f(
                "name", True,
                "full name", "user name", "employee name", "姓名", "名称", "员工姓名",
                "职员名称", "用户名称",
            ),
            _f("role", True, "station role", "角色", "岗位", "权限角色"),
        ),
        "stock": (
            _SKU,
            FieldSpec("location", True, _LOCATION.aliases),
            _f(
                "qty", True,
                *_QTY_ALIASES, "on hand", "qty on hand", "stock qty",
                "库存数量", "结存数量", "期初数量", "期初结存", "现存量", "实存数量", "即时库存",
            ),
            _LOT,
            _EXPIRY,
            _f(
                "received_date", False,
                "received", "receipt date", "received on", "date received",
                "入库日期", "收货日期", "入库时间",
            ),
            _UNIT_COST,
        ),
        "receipts": (
            _f(
                "reference", True,
                *_REFERENCE_ALIASES, "po", "po no", "po number", "purchase order", "asn",
                "asn no", "receipt no", "采购订单号", "采购单号", "采购订单编号", "入库单号",
                "收货单号", "到货单号",
            ),
            _f("supplier", False, "vendor", "supplier name", "供应商", "供应商名称", "供货单位"),
            _f(
                "expected_date", False,
                "expected", "eta", "due date", "delivery date", "expected delivery",
                "预计到货日期", "到货日期", "交货日期", "预计入库日期", "计划到货日期",
            ),
            _LINE_NO,
            _SKU,
            _f(
                "qty", True,
                *_QTY_ALIASES, "expected qty", "order qty", "ordered qty",
                "采购数量", "订单数量", "应收数量", "预计数量", "计划数量", "到货数量",
            ),
            _LOT,
            _EXPIRY,
        ),
        "issues": (
            _f(
                "reference", True,
                *_REFERENCE_ALIASES, "issue no", "pick list", "picklist", "pick no",
                "requisition", "requisition no", "出库单号", "领料单号", "发料单号",
                "拣货单号", "领用单号", "发货单号",
            ),
            _f(
                "destination", False,
                "dest", "department", "dept", "cost centre", "cost center", "ship to",
                "customer", "领料部门", "领用部门", "使用部门", "部门", "目的地", "收货单位",
                "客户", "成本中心",
            ),
            _LINE_NO,
            _SKU,
            _f(
                "qty", True,
                *_QTY_ALIASES, "issue qty", "requested qty", "pick qty",
                "申请数量", "应发数量", "计划数量", "出库数量", "需求数量", "领用数量",
            ),
            _LOT,
            _LOCATION,
        ),
        "movements": (
            _f(
                "date", True,
                "movement date", "posting date", "document date", "doc date", "txn date",
                "日期", "单据日期", "业务日期", "记账日期", "出入库日期", "发生日期",
            ),
            _f(
                "kind", False,
                "type", "movement type", "document type", "doc type", "transaction type",
                "单据类型", "业务类型", "收发类别", "出入库类型", "事务类型", "单据类别",
            ),
            _SKU,
            _LOT,
            FieldSpec("location", True, _LOCATION.aliases),
            _f("qty", False, *_QTY_ALIASES, "signed qty"),
            _f(
                "qty_in", False,
                "in", "in qty", "qty in", "receipt qty", "received qty",
                "入库数量", "收入数量", "收入", "入库", "收货数量",
            ),
            _f(
                "qty_out", False,
                "out", "out qty", "qty out", "issue qty", "issued qty",
                "出库数量", "发出数量", "发出", "出库", "发料数量",
            ),
            _UNIT_COST,
            _f(
                "reference", False,
                *_REFERENCE_ALIASES, "voucher", "voucher no",
                "凭证号", "业务单号", "出入库单号",
            ),
        ),
    }
)  # fmt: skip

#: Normalised header texts that are refused in every kind: import files carry no PINs.
REFUSED_COLUMNS: Final[frozenset[str]] = frozenset(
    {"pin", "pincode", "pinno", "pin码", "password", "passwd", "passcode", "密码", "口令",
     "登录密码", "pin密码", "用户密码"}
)  # fmt: skip

_PARENTHESISED = re.compile(r"\([^()]*\)\s*$")
_IGNORED_CHARS = re.compile(r"[\s_\-./:*]+")


def normalise_header(text: str) -> str:
    """Fold a header cell for matching (see module contract); ``""`` for a blank cell."""
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    folded = _PARENTHESISED.sub("", folded).strip() or folded
    return _IGNORED_CHARS.sub("", folded)


def _alias_table(kind: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for spec in FIELDS[kind]:
        for alias in spec.aliases:
            key = normalise_header(alias)
            existing = table.setdefault(key, spec.name)
            if existing != spec.name:  # pragma: no cover - guarded by a unit test
                raise AssertionError(f"{kind}: alias {alias!r} maps to {existing} and {spec.name}")
    return table


_ALIASES: Final[MappingProxyType[str, dict[str, str]]] = MappingProxyType(
    {kind: _alias_table(kind) for kind in IMPORT_KINDS}
)


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Where each field is: ``columns[field]`` is a 0-based cell index, ``headers[field]``
    the header text as written in the file; ``ignored`` lists unrecognised headers."""

    columns: dict[str, int]
    headers: dict[str, str]
    ignored: tuple[str, ...]


def field_for_header(kind: str, header: str) -> str | None:
    """Canonical field for one header text of ``kind``, or ``None`` if not recognised."""
    return _ALIASES[kind].get(normalise_header(header))


def map_headers(
    kind: str, header: tuple[str, ...], path: str | os.PathLike[str], line: int
) -> HeaderMap:
    """Map a header row of ``kind`` onto canonical fields (see module contract)."""
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for index, raw in enumerate(header):
        text = raw.strip()
        key = normalise_header(text)
        if not key:
            continue
        if key in REFUSED_COLUMNS:
            raise ImportFileError(
                path,
                line,
                f"column '{text}' looks like a PIN or password; import files must not carry "
                "PINs: delete the column (each user sets a PIN at the station)",
            )
        field = _ALIASES[kind].get(key)
        if field is None:
            ignored.append(text)
            continue
        if field in columns:
            raise ImportFileError(
                path,
                line,
                f"columns '{headers[field]}' and '{text}' both give the field '{field}'; "
                "keep only one of them",
            )
        columns[field] = index
        headers[field] = text
    missing = [spec for spec in FIELDS[kind] if spec.required and spec.name not in columns]
    if missing:
        raise ImportFileError(path, line, _missing_reason(kind, missing))
    return HeaderMap(columns=columns, headers=headers, ignored=tuple(ignored))


def _missing_reason(kind: str, missing: list[FieldSpec]) -> str:
    parts = []
    for spec in missing:
        chinese = [a for a in spec.aliases if not a.isascii()][:3]
        english = [a for a in spec.aliases[1:] if a.isascii()][:2]
        shown = ", ".join(f"'{a}'" for a in (*english, *chinese))
        parts.append(f"'{spec.name}' (or {shown})" if shown else f"'{spec.name}'")
    noun = "column" if len(missing) == 1 else "columns"
    return f"missing required {noun} for {kind}: " + "; ".join(parts)
