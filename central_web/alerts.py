# SPDX-License-Identifier: Apache-2.0
"""Central's alerts as an admin reads them: when, which station, what happened and what to do,
each a sentence in English and Chinese built from the alert's kind and detail (never the raw
kind). The rows come from ``central_web_alerts()`` (migration c009), which returns nothing
unless the session's web user is an admin."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text

from .texts import t

MOST = 1000

# kind -> (what happened, what to do), each (English, Chinese); {names} come from the detail
SENTENCES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "sync.refused": (
        (
            "Central refused event {seq} from the station as malformed: {problem}.",
            "中心拒收了该站点的第 {seq} 条事件（格式有误）：{problem}。",
        ),
        (
            "The event is parked at the station; re-enter what it recorded if needed, then a "
            "supervisor settles it with station parked --resolve.",
            "该事件已在站点挂起；如有需要请重新录入其内容，再由主管用 station parked --resolve 处理。",
        ),
    ),
    "sync.bad_event": (
        (
            "The station could not apply event {seq} from station {origin} that central "
            "holds: {problem}.",
            "该站点无法应用中心保存的、来自站点 {origin} 的第 {seq} 条事件：{problem}。",
        ),
        (
            "Check that event at central; the station parked it and keeps pulling the rest.",
            "请在中心核查该事件；站点已将其挂起，其余事件照常拉取。",
        ),
    ),
    "sync.clash": (
        (
            "Event {seq} of the station clashes with another event central holds under the "
            "same key, and the station can no longer send it again.",
            "该站点的第 {seq} 条事件与中心已有的同键事件冲突，且站点已无法重新发送。",
        ),
        (
            "Re-enter what it recorded if it is missing from central, then settle it with "
            "station parked --resolve.",
            "如中心缺少该记录请重新录入，然后用 station parked --resolve 处理。",
        ),
    ),
    "store.copied_back": (
        (
            "The station's database was copied back over a newer copy; {sent_again} events "
            "were sent again under a new incarnation.",
            "该站点的数据库被旧副本覆盖；已以新身份重新发送 {sent_again} 条事件。",
        ),
        (
            "Compare the stock of these items with central's for work done twice: {items}.",
            "请对照中心库存核查以下物料是否有重复作业：{items}。",
        ),
    ),
    "audit.rewritten": (
        (
            "The station's audit log was changed: its entries no longer link to the last "
            "head central holds ({entries} entries reported).",
            "该站点的审计日志被改动：上报的条目（共 {entries} 条）与中心保存的最后记录不再衔接。",
        ),
        (
            "Find out who changed the station's database file and restore it from a backup.",
            "请查明是谁改动了站点的数据库文件，并从备份恢复。",
        ),
    ),
    "audit.shorter": (
        (
            "The station's audit log lost entries: {entries} reported where central held "
            "{previous_entries}.",
            "该站点的审计日志缺少条目：上报 {entries} 条，而中心已记录 {previous_entries} 条。",
        ),
        (
            "Find out who changed the station's database file and restore it from a backup.",
            "请查明是谁改动了站点的数据库文件，并从备份恢复。",
        ),
    ),
    "user.pin_refused": (
        (
            "Central refused the PIN set at the station for badge {badge}: {problem}.",
            "中心拒绝了站点为工牌 {badge} 设置的 PIN：{problem}。",
        ),
        (
            "Issue the user an enrolment code (station central enrol) or have the PIN set "
            "again; the station keeps central's PIN.",
            "请为该用户签发登记码（station central enrol）或重新设置 PIN；站点以中心的 PIN 为准。",
        ),
    ),
    "stock.negative": (
        (
            "Central stock of {sku} at {location} (lot {lot}) is negative: {qty}.",
            "中心库存 {sku}（库位 {location}，批次 {lot}）为负数：{qty}。",
        ),
        (
            "Count that location: a count task was raised for the stations.",
            "请盘点该库位：已为各站点生成盘点任务。",
        ),
    ),
}
UNKNOWN = (
    (
        "Central raised an alert this page has no sentence for: {detail}.",
        "中心发出了一条本页面无法描述的警报：{detail}。",
    ),
    ("Ask the administrator of central.", "请联系中心管理员。"),
)


@dataclass(frozen=True)
class Alert:
    raised_at: str
    station: str
    what: str
    todo: str


def _fields(detail: dict[str, Any]) -> dict[str, str]:
    fields = {k: "-" if v is None or v == "" else str(v) for k, v in detail.items()}
    fields["items"] = ", ".join(str(i) for i in detail.get("items") or []) or "-"
    fields["origin"] = str(detail.get("station") or "-")
    fields["detail"] = json.dumps(detail, ensure_ascii=False, sort_keys=True)
    return fields


def station_of(key: str, kind: str, detail: dict[str, Any]) -> str:
    """The station the alert is about: a bad event's is the station that reported it (named in
    the key by ``central_raise_alert``), others name theirs in the detail; central's own
    derived alerts have none."""
    if kind == "sync.bad_event":
        parts = key.split(":")
        return parts[1] if len(parts) > 2 else ""
    return str(detail.get("station") or "")


def describe(lang: str, key: str, kind: str, raw: str) -> tuple[str, str, str]:
    """(station, what happened, what to do) in ``lang``."""
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = {"text": raw}
    detail = parsed if isinstance(parsed, dict) else {"value": parsed}
    fields = _fields(detail)
    what, todo = SENTENCES.get(kind, UNKNOWN)
    pick = 1 if lang == "zh" else 0

    def fill(sentence: tuple[str, str]) -> str:
        try:
            return sentence[pick].format_map(fields)
        except (KeyError, IndexError, ValueError):
            return UNKNOWN[0][pick].format(detail=fields["detail"])

    return station_of(key, kind, detail), fill(what), fill(todo)


def when(raised_at: str) -> str:
    """The alert's time in UTC to the second (central writes ``now()::text``, in the server's
    time zone, or an ISO time); kept as written when it is no time."""
    try:
        moment = datetime.fromisoformat(raised_at)
    except ValueError:
        return raised_at
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def alerts(conn: Connection, lang: str) -> list[Alert]:
    """The newest alerts (at most :data:`MOST`), as sentences; empty unless an admin asks."""
    rows = conn.execute(
        text("SELECT key, kind, detail, raised_at FROM central_web_alerts(:n)"), {"n": MOST}
    )
    found = []
    for key, kind, detail, raised_at in rows:
        station, what, todo = describe(lang, key, kind, detail)
        found.append(Alert(when(str(raised_at)), station or t(lang, "alerts.central"), what, todo))
    return found


def as_csv(lang: str, rows: list[Alert]) -> str:
    """The list as CSV (UTF-8 with a byte-order mark; cells that would run as formulas are
    kept as text)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([t(lang, c) for c in ("col.when", "col.station", "col.what", "col.todo")])
    for a in rows:
        writer.writerow([_cell(v) for v in (a.raised_at, a.station, a.what, a.todo)])
    return "\ufeff" + buffer.getvalue()


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") and value != "-" else value
