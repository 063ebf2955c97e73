# SPDX-License-Identifier: Apache-2.0
"""``station report variances``: count variances with their decisions, as PDF, CSV or JSON.

Every compared line of every closed count (zero variances included) up to ``--as-of``,
filtered by ``--task``, ``--zone``, ``--counter`` (badge) and ``--class``; sorted by value
impact. Columns are documented in docs/cli/counting.md. Read-only: opens the store for reading.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal
from typing import Any

from ..engine.messages import word
from ..paths import default_db_path
from ..reports import ReportKind, add_common_options
from ..reports.rendering import Section, Table, write_csv, write_json, write_pdf
from ..store.database import Store
from .accuracy import accuracy_of
from .review import ReviewRow, moves_by_row, review_rows
from .variances import ExpectedMove

COLUMNS = (
    "task",
    "location",
    "zone",
    "sku",
    "name",
    "lot",
    "class",
    "counter",
    "counted_at",
    "book",
    "moved",
    "expected",
    "counted",
    "variance",
    "unit_cost",
    "value",
    "within_tolerance",
    "moved_during_count",
    "movements",
    "status",
    "first_count",
    "decision",
    "decided_by",
    "reason",
    "comment",
)
ZH = {
    "Count variances": "盘点差异",
    "Record accuracy": "库存记录准确率",
    "Variances": "差异明细",
    "location": "库位",
    "item": "物料",
    "lot": "批次",
    "counter": "盘点人",
    "expected": "账面",
    "counted": "实盘",
    "variance": "差异",
    "value": "金额",
    "status": "状态",
    "decision": "处理",
}

#: the PDF's sentences, English template -> Chinese template (the same ``{names}`` in both)
ZH_SENTENCES = {
    "counts up to {date}": "截至 {date} 的盘点",
    "all counts": "全部盘点",
    "task {value}": "任务 {value}",
    "zone {value}": "库区 {value}",
    "counter {value}": "盘点人 {value}",
    "class {value}": "{value} 类",
    "{pct}% of {lines} counted lines within tolerance ({within}).": (
        "已盘点 {lines} 行，其中 {within} 行在容差内，准确率 {pct}%。"
    ),
    "'*' = counted without lots.": "“*”表示未按批次盘点。",
}


#: the PDF's words for variance states, decisions and reason codes, in Chinese (the English
#: ones are the engine's words, :func:`station.core.engine.messages.word`)
ZH_WORDS = {
    "matched": "相符",
    "auto_approved": "自动批准",
    "pending": "待处理",
    "approved": "已批准",
    "rejected": "已驳回",
    "recount": "已发起复盘",
    "approve": "批准",
    "reject": "驳回",
    "count_correction": "盘点更正",
    "damaged": "损坏",
    "lost_or_stolen": "丢失或被盗",
    "misplaced": "放错位置",
    "unit_of_measure_error": "计量单位错误",
    "receiving_error": "收货差错",
    "issue_error": "发料差错",
    "count_within_tolerance": "在容差内",
    "(moved)": "（盘点中有移动）",
    "total": "合计",
}
ENGLISH_WORDS = {"matched": "matched", "auto_approved": "approved automatically"}


def _t(text: str, lang: str) -> str:
    return ZH.get(text, text) if lang == "zh" else text[:1].upper() + text[1:]


def _s(template: str, lang: str, **params: object) -> str:
    """One of the PDF's sentences (a key of :data:`ZH_SENTENCES`) in ``lang``, filled in."""
    return (ZH_SENTENCES[template] if lang == "zh" else template).format(**params)


def _w(ident: str, lang: str) -> str:
    """A state, decision or reason code as the PDF shows it: a word, never the identifier."""
    if not ident:
        return ""
    if lang == "zh" and ident in ZH_WORDS:
        return ZH_WORDS[ident]
    return ENGLISH_WORDS.get(ident) or word(ident)


def pdf_body(rows: list[ReviewRow], lang: str) -> list[list[object]]:
    """The PDF's variance table: one row per line, then the total."""
    body: list[list[object]] = [
        [
            r.location,
            f"{r.sku} {r.name}",
            (r.lot or "") if r.lots_counted else "*",
            r.counter,
            r.expected,
            r.counted,
            r.variance,
            r.value.quantize(Decimal("0.01")),
            _w(r.status, lang) + (" " + _w("(moved)", lang) if r.moved_during_count else ""),
            _w((r.decision or {}).get("reason") or (r.decision or {}).get("decision", ""), lang),
        ]
        for r in rows
    ]
    total = sum((r.value for r in rows), Decimal(0)).quantize(Decimal("0.01"))
    body.append(["", _w("total", lang), "", "", None, None, None, total, "", ""])
    return body


def _cells(row: ReviewRow, moves: list[ExpectedMove]) -> list[object]:
    d = row.decision or {}
    first = row.first_count
    return [
        row.task,
        row.location,
        row.zone,
        row.sku,
        row.name,
        row.lot if row.lots_counted else "(all lots)",
        row.abc_class or "",
        row.counter,
        row.counted_at,
        row.book,
        row.moved,
        row.expected,
        row.counted,
        row.variance,
        row.unit_cost,
        row.value.quantize(Decimal("0.01")),
        "yes" if row.within_tolerance else "no",
        "yes" if row.moved_during_count else "no",
        "; ".join(move.text() for move in moves),
        row.status,
        f"{first['counted']} by {first['counter']}" if first else "",
        d.get("decision", ""),
        d.get("by", ""),
        d.get("reason", ""),
        d.get("comment", ""),
    ]


def build(conn: Any, args: argparse.Namespace, as_of: date | None) -> list[ReviewRow]:
    return review_rows(
        conn,
        statuses=None,
        zone=args.zone,
        abc_class=args.abc_class,
        counter=args.counter,
        task=args.task,
        until=as_of.isoformat() if as_of else None,
        with_decisions=True,
    )


def _configure(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)
    parser.add_argument("--task", metavar="ID", help="only this count task (CC-0001)")
    parser.add_argument("--zone", metavar="Z", help="only this zone")
    parser.add_argument("--counter", metavar="BADGE", help="only this counter's counts")
    parser.add_argument(
        "--class", dest="abc_class", choices=("A", "B", "C"), help="only this ABC class"
    )


def _run(args: argparse.Namespace) -> int:
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        print(f"station report: --as-of {args.as_of!r} is not YYYY-MM-DD", file=sys.stderr)
        return 2
    store = Store.open_reader(default_db_path(args.db))
    try:
        with store.reading() as conn:
            rows = build(conn, args, as_of)
            moves = moves_by_row(conn, rows)
    finally:
        store.close()
    # the accuracy of the lines the report holds (with a filter, of those only)
    accuracy = {"overall": accuracy_of(r.within_tolerance for r in rows)}
    table = [_cells(r, moves[r.variance_id]) for r in rows]
    if args.format == "csv":
        write_csv(args.out, COLUMNS, table)
    elif args.format == "json":
        write_json(
            args.out,
            {
                "kind": "variances",
                "as_of": as_of.isoformat() if as_of else None,
                "filters": {
                    "task": args.task,
                    "zone": args.zone,
                    "counter": args.counter,
                    "class": args.abc_class,
                },
                "columns": list(COLUMNS),
                "rows": [dict(zip(COLUMNS, cells, strict=True)) for cells in table],
                "accuracy": accuracy["overall"],
            },
        )
    else:
        _pdf(args, rows, accuracy, as_of)
    return 0


def _pdf(
    args: argparse.Namespace, rows: list[ReviewRow], accuracy: dict[str, Any], as_of: date | None
) -> None:
    lang = args.lang
    overall = accuracy["overall"]
    columns = [
        _t(c, lang)
        for c in ("location", "item", "lot", "counter", "expected", "counted", "variance")
    ] + [_t("value", lang), _t("status", lang), _t("decision", lang)]
    body = pdf_body(rows, lang)
    filters = ("，" if lang == "zh" else ", ").join(
        _s(template, lang, value=value)
        for template, value in (
            ("task {value}", args.task),
            ("zone {value}", args.zone),
            ("counter {value}", args.counter),
            ("class {value}", args.abc_class),
        )
        if value
    )
    subtitle = (
        _s("counts up to {date}", lang, date=as_of.isoformat()) if as_of else _s("all counts", lang)
    ) + (("；" if lang == "zh" else "; ") + filters if filters else "")
    accuracy_sentence = _s(
        "{pct}% of {lines} counted lines within tolerance ({within}).",
        lang,
        pct=overall["accuracy_pct"],
        lines=overall["lines"],
        within=overall["within"],
    )
    sections = [
        Section(
            _t("Record accuracy", lang),
            text=[
                ("" if lang == "zh" else " ").join(
                    (accuracy_sentence, _s("'*' = counted without lots.", lang))
                )
            ],
        ),
        Section(
            _t("Variances", lang),
            table=Table(
                columns, body, total_rows=1, money=(7,), widths=(8, 22, 9, 6, 7, 7, 7, 8, 11, 12)
            ),
        ),
    ]
    write_pdf(args.out, _t("Count variances", lang), sections, lang, subtitle=subtitle, wide=True)


REPORTS = {
    "variances": ReportKind(
        "count variances and their decisions (PDF, CSV or JSON)", _configure, _run
    )
}
