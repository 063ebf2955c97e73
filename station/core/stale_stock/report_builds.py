# SPDX-License-Identifier: Apache-2.0
"""What the stale-stock report kinds hold, built in memory for any format: aging, expiry,
slow movers and ABC classes, their summaries, breakdowns and lines, in English or Chinese.

:mod:`station.core.stale_stock.report` writes them (``station report KIND``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from ..reports.rendering import BarChart, Section, Table
from ..store.types import decimal_text, to_decimal
from .abc import abc_report
from .aging import AgingReport, aging, share
from .aging_sql import aging_totals
from .config import StaleSettings
from .cuts import Cut
from .expiry import expiry
from .expiry_sql import expiry_totals
from .positions import Position, load_snapshot
from .slow_movers import slow_movers
from .slow_sql import slow_totals

PDF_MAX_LINES = 2000

TEXT: dict[str, tuple[str, str]] = {
    "aging": ("Stock aging", "库龄分析"),
    "expiry": ("Expired and near-expiry stock", "过期与临期库存"),
    "slow": ("Slow-moving and dead stock", "呆滞与滞销库存"),
    "abc": ("ABC classes by annual consumption value", "ABC 分类（年消耗金额）"),
    "as_of": ("As of", "截至"),
    "filters": ("Filters", "筛选"),
    "all": ("all stock", "全部库存"),
    "summary": ("Summary", "概要"),
    "lines": ("Lines", "明细"),
    "bucket": ("Age (days)", "库龄（天）"),
    "qty": ("Quantity", "数量"),
    "value": ("Value", "金额"),
    "share": ("Share %", "占比 %"),
    "total": ("Total", "合计"),
    "stale_value": ("Stale value", "陈旧库存金额"),
    "stale_share": ("Stale share", "陈旧库存占比"),
    "by_category": ("Value by category and age", "按类别和库龄的金额"),
    "by_zone": ("Value by zone and age", "按库区和库龄的金额"),
    "chart_value": ("Value by age bucket", "各库龄段金额"),
    "sku": ("SKU", "物料编码"),
    "name": ("Name", "名称"),
    "category": ("Category", "类别"),
    "owner": ("Owner", "责任人"),
    "lot": ("Lot", "批次"),
    "location": ("Location", "库位"),
    "received": ("Received", "入库日期"),
    "age": ("Age", "库龄"),
    "idle": ("Idle days", "未出库天数"),
    "last_issue": ("Last issue", "最近出库"),
    "expiry_date": ("Expiry", "有效期至"),
    "days_left": ("Days left", "剩余天数"),
    "status": ("Status", "状态"),
    "expired": ("expired", "已过期"),
    "near": ("near expiry", "临期"),
    "slow_s": ("slow", "滞销"),
    "dead": ("dead", "呆滞"),
    "slow_value": ("Slow-moving value", "滞销金额"),
    "dead_value": ("Dead stock value", "呆滞金额"),
    "expired_value": ("Expired value", "过期金额"),
    "near_value": ("Near-expiry value", "临期金额"),
    "class": ("Class", "分类"),
    "consumption": ("Annual consumption", "年消耗金额"),
    "cumulative": ("Cumulative %", "累计占比 %"),
    "rank": ("Rank", "排名"),
    "items": ("Items", "物料数"),
    "previous": ("Previous", "原分类"),
    "window": ("Window (days)", "预警天数"),
    "more_lines": (
        "{n} more lines are in the CSV and JSON reports.",
        "另有 {n} 行，请见 CSV 或 JSON 报表。",
    ),
    "period": ("Period", "期间"),
    "source": ("read from", "数据来源"),
}


def money(value: Decimal) -> Decimal:
    """Money as written in reports: exact, canonical, with at least two decimals."""
    value = to_decimal(decimal_text(value))
    return value.quantize(Decimal("0.01")) if int(value.as_tuple().exponent) > -2 else value


def tr(key: str, lang: str, **params: Any) -> str:
    en, zh = TEXT[key]
    return (zh if lang == "zh" else en).format(**params)


@dataclass
class Built:
    """A report built in memory, ready for any format."""

    title: str
    fields: list[str]
    lines: list[list[Any]]
    summary: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def settings_json(s: StaleSettings) -> dict[str, Any]:
    return {
        "aging_buckets": list(s.buckets),
        "slow_days": s.slow_days,
        "dead_days": s.dead_days,
        "near_expiry_days": s.near_expiry_days,
        "near_expiry_days_by_category": s.near_expiry_by_category,
        "abc_split": [str(x) for x in s.abc_split],
    }


def _capped(rows: Sequence[Sequence[Any]], lang: str) -> tuple[list[Sequence[Any]], list[str]]:
    if len(rows) <= PDF_MAX_LINES:
        return list(rows), []
    return list(rows[:PDF_MAX_LINES]), [tr("more_lines", lang, n=len(rows) - PDF_MAX_LINES)]


def _pos_fields(p: Position) -> list[Any]:
    return [
        p.item.sku,
        p.item.name,
        p.item.category,
        p.item.owner,
        p.lot.lot_no if p.lot else "",
        p.location.warehouse,
        p.location.zone,
        p.location.code,
    ]


POS_FIELDS = ["sku", "name", "category", "owner", "lot", "warehouse", "zone", "location"]


def _matrix(title: str, table: dict[str, list[Decimal]], labels: list[str], lang: str) -> Section:
    rows: list[list[Any]] = []
    totals = [Decimal(0)] * len(labels)
    for key, values in table.items():
        rows.append([key or "-", *values, sum(values, Decimal(0))])
        totals = [a + b for a, b in zip(totals, values, strict=True)]
    rows.append([tr("total", lang), *totals, sum(totals, Decimal(0))])
    columns = [tr("category", lang), *labels, tr("total", lang)]
    money = range(1, len(columns))
    return Section(title, table=Table(columns, rows, total_rows=1, money=money))


def build_aging(conn: Any, as_of: date, s: StaleSettings, cut: Cut, args: Any) -> Built:
    lang = getattr(args, "lang", "en")
    if getattr(args, "days", None) is not None:
        s = replace(s, slow_days=args.days)  # --days: stale after N idle days
    # the figures summed by the database; each position's line presented from the snapshot
    totals = aging_totals(conn, as_of, s, cut)
    report: AgingReport = aging(load_snapshot(conn, as_of, s, cut))
    fields = [
        *POS_FIELDS, "received", "age_days", "bucket", "last_issue", "idle_days", "stale",
        "qty", "unit", "value",
    ]  # fmt: skip
    lines = [
        [
            *_pos_fields(ln.position),
            ln.position.received,
            ln.age_days,
            ln.bucket,
            ln.position.last_issue,
            ln.idle_days,
            "yes" if ln.stale else "no",
            ln.position.qty,
            ln.position.item.unit,
            money(ln.position.value),
        ]  # fmt: skip
        for ln in report.lines
    ]
    summary = {
        "total_qty": totals.total_qty,
        "total_value": money(totals.total_value),
        "stale_value": money(totals.stale_value),
        "stale_share_percent": totals.stale_share,
        "buckets": [
            {"bucket": b.label, "qty": b.qty, "value": money(b.value), "share_percent": b.share}
            for b in totals.buckets
        ],
    }
    labels = [b.label for b in totals.buckets]
    bucket_rows: list[list[Any]] = [[b.label, b.qty, b.value, b.share] for b in totals.buckets]
    bucket_rows.append([tr("total", lang), totals.total_qty, totals.total_value, Decimal("100.00")])
    stale_line = (
        f"{tr('stale_value', lang)}: {totals.stale_value:,f} {s.currency} · "
        f"{tr('stale_share', lang)}: {totals.stale_share}%"
    )
    detail, note = _capped(
        [
            [r[0], r[1], r[4], r[7], r[8], r[9], r[12], r[14], r[16]]
            for r in sorted(lines, key=lambda r: -r[16])
        ],
        lang,
    )
    sections = [
        Section(
            tr("summary", lang),
            [stale_line],
            BarChart(labels, [b.value for b in totals.buckets], tr("chart_value", lang)),
            Table(
                [tr("bucket", lang), tr("qty", lang), tr("value", lang), tr("share", lang)],
                bucket_rows,
                total_rows=1,
                money=(2,),
            ),
        ),
        _matrix(tr("by_category", lang), totals.by_category, labels, lang),
        _matrix(tr("by_zone", lang), totals.by_zone, labels, lang),
        Section(
            tr("lines", lang),
            note,
            table=Table(
                [
                    tr("sku", lang),
                    tr("name", lang),
                    tr("lot", lang),
                    tr("location", lang),
                    tr("received", lang),
                    tr("age", lang),
                    tr("idle", lang),
                    tr("qty", lang),
                    tr("value", lang),
                ],  # fmt: skip
                detail,
                widths=[10, 26, 10, 8, 9, 5, 6, 7, 10],
                money=(8,),
            ),
        ),
    ]
    return Built(tr("aging", lang), fields, lines, summary, sections)


def build_expiry(conn: Any, as_of: date, s: StaleSettings, cut: Cut, args: Any) -> Built:
    lang = getattr(args, "lang", "en")
    days = getattr(args, "days", None)
    # the figures summed by the database; each position's line presented from the snapshot
    totals = expiry_totals(conn, as_of, s, cut, days)
    report = expiry(load_snapshot(conn, as_of, s, cut), days)
    fields = [*POS_FIELDS, "expiry", "days_left", "window_days", "status", "qty", "unit", "value"]
    lines = [
        [
            *_pos_fields(ln.position),
            ln.expiry,
            ln.days_left,
            ln.window_days,
            ln.status,
            ln.position.qty,
            ln.position.item.unit,
            money(ln.position.value),
        ]  # fmt: skip
        for ln in report.lines
    ]
    summary = {
        "expired_qty": totals.expired_qty,
        "expired_value": money(totals.expired_value),
        "near_expiry_qty": totals.near_qty,
        "near_expiry_value": money(totals.near_value),
    }
    detail, note = _capped(
        [[r[0], r[1], r[4], r[7], r[8], r[9], tr(r[11], lang), r[12], r[14]] for r in lines],
        lang,
    )
    sections = [
        Section(
            tr("summary", lang),
            chart=BarChart(
                [tr("expired", lang), tr("near", lang)],
                [totals.expired_value, totals.near_value],
                tr("value", lang),
            ),
            table=Table(
                [tr("status", lang), tr("qty", lang), tr("value", lang)],
                [
                    [tr("expired", lang), totals.expired_qty, totals.expired_value],
                    [tr("near", lang), totals.near_qty, totals.near_value],
                ],
                money=(2,),
            ),
        ),
        Section(
            tr("lines", lang),
            note,
            table=Table(
                [
                    tr("sku", lang),
                    tr("name", lang),
                    tr("lot", lang),
                    tr("location", lang),
                    tr("expiry_date", lang),
                    tr("days_left", lang),
                    tr("status", lang),
                    tr("qty", lang),
                    tr("value", lang),
                ],  # fmt: skip
                detail,
                widths=[10, 26, 10, 8, 9, 6, 8, 7, 10],
                money=(8,),
            ),
        ),
    ]
    return Built(tr("expiry", lang), fields, lines, summary, sections)


def build_slow(conn: Any, as_of: date, s: StaleSettings, cut: Cut, args: Any) -> Built:
    lang = getattr(args, "lang", "en")
    days = getattr(args, "days", None)
    # the figures summed by the database; each item's line presented from the snapshot
    totals = slow_totals(conn, as_of, s, cut, days)
    report = slow_movers(load_snapshot(conn, as_of, s, cut), days)
    fields = [
        "sku", "name", "category", "owner", "last_issue", "oldest_receipt", "idle_days",
        "status", "locations", "qty", "unit", "value", "stale_value",
    ]  # fmt: skip
    lines = [
        [
            ln.item.sku,
            ln.item.name,
            ln.item.category,
            ln.item.owner,
            ln.last_issue,
            ln.oldest_receipt,
            ln.idle_days,
            ln.status,
            " ".join(ln.locations),
            ln.qty,
            ln.item.unit,
            money(ln.value),
            money(ln.stale_value),
        ]  # fmt: skip
        for ln in report.lines
    ]
    total = totals.total_value
    summary = {
        "days": report.days,
        "items": totals.items,
        "slow_value": money(totals.slow_value),
        "dead_value": money(totals.dead_value),
        "total_value": money(total),
        "slow_and_dead_share_percent": share(totals.slow_value + totals.dead_value, total),
    }
    detail, note = _capped(
        [
            [
                r[0],
                r[1],
                r[2],
                r[4],
                r[6],
                tr("dead" if r[7] == "dead" else "slow_s", lang),
                r[9],
                r[11],
            ]
            for r in lines
        ],  # fmt: skip
        lang,
    )
    sections = [
        Section(
            tr("summary", lang),
            [f"{tr('idle', lang)} ≥ {report.days}"],
            BarChart(
                [tr("slow_s", lang), tr("dead", lang)],
                [totals.slow_value, totals.dead_value],
                tr("value", lang),
            ),
            Table(
                [tr("status", lang), tr("value", lang), tr("share", lang)],
                [
                    [tr("slow_value", lang), totals.slow_value, share(totals.slow_value, total)],
                    [tr("dead_value", lang), totals.dead_value, share(totals.dead_value, total)],
                ],
                money=(1,),
            ),
        ),
        Section(
            tr("lines", lang),
            note,
            table=Table(
                [
                    tr("sku", lang),
                    tr("name", lang),
                    tr("category", lang),
                    tr("last_issue", lang),
                    tr("idle", lang),
                    tr("status", lang),
                    tr("qty", lang),
                    tr("value", lang),
                ],  # fmt: skip
                detail,
                widths=[10, 28, 8, 9, 6, 6, 7, 10],
                money=(7,),
            ),
        ),
    ]
    return Built(tr("slow", lang), fields, lines, summary, sections)


def build_abc(conn: Any, as_of: date, s: StaleSettings, cut: Cut, args: Any) -> Built:
    lang = getattr(args, "lang", "en")
    report = abc_report(conn, as_of, s, write=bool(getattr(args, "write", False)))
    kept = [ln for ln in report.lines if cut.matches_item(ln.item.category, ln.item.owner)]
    fields = [
        "rank", "sku", "name", "category", "owner", "consumption_value", "share_percent",
        "cumulative_percent", "class", "previous_class",
    ]  # fmt: skip
    lines = [
        [
            ln.rank,
            ln.item.sku,
            ln.item.name,
            ln.item.category,
            ln.item.owner,
            money(ln.consumption),
            ln.share,
            ln.cumulative,
            ln.abc_class,
            ln.previous_class or "",
        ]  # fmt: skip
        for ln in kept
    ]
    summary = {
        "period_start": report.period_start,
        "period_end": as_of,
        "total_consumption_value": money(report.total),
        "classes": [
            {
                "class": c,
                "items": report.counts[c],
                "value": money(report.values[c]),
                "share_percent": share(report.values[c], report.total),
            }
            for c in ("A", "B", "C")
        ],
        "written": bool(getattr(args, "write", False)),
    }
    detail, note = _capped([[r[0], r[1], r[2], r[3], r[5], r[6], r[7], r[8]] for r in lines], lang)
    period = f"{tr('period', lang)}: {report.period_start.isoformat()} – {as_of.isoformat()}"
    sections = [
        Section(
            tr("summary", lang),
            [period],
            BarChart(["A", "B", "C"], [report.values[c] for c in "ABC"], tr("consumption", lang)),
            Table(
                [tr("class", lang), tr("items", lang), tr("consumption", lang), tr("share", lang)],
                [
                    [c, report.counts[c], report.values[c], share(report.values[c], report.total)]
                    for c in "ABC"
                ],
                money=(2,),
            ),
        ),
        Section(
            tr("lines", lang),
            note,
            table=Table(
                [
                    tr("rank", lang),
                    tr("sku", lang),
                    tr("name", lang),
                    tr("category", lang),
                    tr("consumption", lang),
                    tr("share", lang),
                    tr("cumulative", lang),
                    tr("class", lang),
                ],  # fmt: skip
                detail,
                widths=[5, 10, 28, 8, 11, 7, 8, 5],
                money=(4,),
            ),
        ),
    ]
    return Built(tr("abc", lang), fields, lines, summary, sections)
