# SPDX-License-Identifier: Apache-2.0
"""Count variances: counted minus expected book, per item and lot, valued at unit cost.

The expected side is the book snapshot taken when the location's count started plus every
movement of the same item and lot posted at that location while the count was open, up to the
moment that lot was last counted there (the cut-off, by ledger id, so clocks never matter); for
a lot that was not counted the cut-off is the close of the count. A lot counted without its lot
number (a plain EAN) has the cut-off of that count. A variance is therefore never an artefact of
stock moving during the count; ``moved_during_count`` tells the supervisor that this lot did
move, and :func:`expected_side` names the movements that changed its expected quantity.

When the counter scanned an item without its lot (a plain EAN) while the book holds lots, the
item is compared as a whole (``lots_counted`` False); an approved adjustment then takes a
shortage from the lots earliest-expiring first and puts a surplus on the newest lot.

:func:`compute_variances` is pure (no database); :func:`close_session` reads a session, stores
its variances and auto-approves those within tolerance when the settings say so. Both run on
the caller's thread inside its transaction; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from ..engine.settings import Setting, declare
from ..store import schema
from ..store.events import iso, utc_iso
from ..store.ledger import Movement
from ..store.types import to_decimal
from .tables import (
    count_book,
    count_decisions,
    count_lines,
    count_recounts,
    count_sessions,
    count_variances,
)

ZERO = Decimal(0)
Key = tuple[int, int | None]  # (item_id, lot_id)


def _tolerance_pair(cls: str, pct: float | str, value: float | str) -> tuple[Setting, Setting]:
    name_en = f"class {cls} items" if cls else "items without an ABC class (the site default)"
    name_zh = f"{cls} 类物料" if cls else "无 ABC 分类的物料(站点默认)"
    optional = cls != ""
    fallback_en = " Empty: the site default." if optional else ""
    fallback_zh = "留空:使用站点默认值。" if optional else ""
    suffix = f"_{cls.lower()}" if cls else ""
    return (
        Setting(
            f"count_tolerance_pct{suffix}",
            "number",
            pct,
            f"Count variance of {name_en} accepted without review, in % of the expected "
            f"quantity.{fallback_en}",
            f"{name_zh}的盘点差异在预期数量的多少百分比以内无需审核。{fallback_zh}",
            low=0,
            high=100,
            optional=optional,
            fallback="count_tolerance_pct",
            group="counting",
        ),
        Setting(
            f"count_tolerance_value{suffix}",
            "number",
            value,
            f"Count variance of {name_en} accepted without review, in money.{fallback_en}",
            f"{name_zh}的盘点差异金额在多少以内无需审核。{fallback_zh}",
            low=0,
            high=1_000_000,
            optional=optional,
            fallback="count_tolerance_value",
            group="counting",
        ),
    )


declare(
    *_tolerance_pair("", 5, 100),
    *_tolerance_pair("A", 0, 0),
    *_tolerance_pair("B", 2, 50),
    *_tolerance_pair("C", 5, 100),
    Setting(
        "count_auto_approve_within_tolerance",
        "bool",
        True,
        "Approve a count variance within tolerance at once and post its adjustment.",
        "容差以内的盘点差异立即自动批准并过账调整。",
        group="counting",
    ),
)

# the settings each tolerance reads: (quantity %, value), per ABC class ("" = no class)
TOLERANCE_KEYS = {
    "": ("count_tolerance_pct", "count_tolerance_value"),
    "A": ("count_tolerance_pct_a", "count_tolerance_value_a"),
    "B": ("count_tolerance_pct_b", "count_tolerance_value_b"),
    "C": ("count_tolerance_pct_c", "count_tolerance_value_c"),
}


@dataclass(frozen=True)
class Moved:
    """One movement at the location after the snapshot: ledger id, item, lot, signed qty."""

    id: int
    item_id: int
    lot_id: int | None
    qty: Decimal


@dataclass(frozen=True)
class Counted:
    """One count line: ``mark`` is the last ledger id when it was counted."""

    item_id: int
    lot_id: int | None
    qty: Decimal
    mark: int


@dataclass(frozen=True)
class ItemInfo:
    unit_cost: Decimal
    abc_class: str | None


@dataclass(frozen=True)
class Tolerance:
    qty_pct: Decimal
    value: Decimal

    def allows(self, expected: Decimal, variance: Decimal, value: Decimal) -> bool:
        """Within tolerance: both the quantity share and the value are within the limits."""
        if variance == 0:
            return True
        return abs(variance) <= abs(expected) * self.qty_pct / 100 and abs(value) <= self.value


@dataclass(frozen=True)
class ComputedVariance:
    item_id: int
    lot_id: int | None
    lots_counted: bool
    book: Decimal
    moved: Decimal
    counted: Decimal
    unit_cost: Decimal
    abc_class: str | None
    within_tolerance: bool
    moved_during_count: bool

    @property
    def expected(self) -> Decimal:
        return self.book + self.moved

    @property
    def variance(self) -> Decimal:
        return self.counted - self.expected

    @property
    def value(self) -> Decimal:
        return self.variance * self.unit_cost


def tolerances(settings: Mapping[str, Any]) -> dict[str, Tolerance]:
    """The tolerance of each ABC class ("" for items without one) from the settings: a class
    without its own limits (empty) takes the site default."""
    pct_key, value_key = TOLERANCE_KEYS[""]
    site = (_limit(settings.get(pct_key)), _limit(settings.get(value_key)))
    result: dict[str, Tolerance] = {}
    for cls, (pct, value) in TOLERANCE_KEYS.items():
        own_pct, own_value = settings.get(pct, ""), settings.get(value, "")
        result[cls] = Tolerance(
            site[0] if own_pct in ("", None) else _limit(own_pct),
            site[1] if own_value in ("", None) else _limit(own_value),
        )
    return result


def _limit(value: Any) -> Decimal:
    return ZERO if value in ("", None) else to_decimal(str(value))


def _sum_into(target: dict[Key, Decimal], key: Key, qty: Decimal) -> None:
    target[key] = target.get(key, ZERO) + qty


def cut_offs(counted: Iterable[Counted], close_mark: int) -> Callable[[Key], int]:
    """The cut-off of each (item, lot) of one counted location: the ledger id when that lot
    was last counted; for an item counted without lots, when it was last counted so; else
    ``close_mark``."""
    last: dict[Key, int] = {}
    for line in counted:
        key = (line.item_id, line.lot_id)
        last[key] = max(last.get(key, 0), line.mark)

    def cut_off(key: Key) -> int:
        mark = last.get(key, last.get((key[0], None)))
        return close_mark if mark is None else min(mark, close_mark)

    return cut_off


def expected_side(
    moved: Iterable[Moved], counted: Iterable[Counted], close_mark: int
) -> list[Moved]:
    """The movements that belong on the expected side: posted before their lot's cut-off."""
    cut_off = cut_offs(counted, close_mark)
    return [m for m in moved if m.id <= cut_off((m.item_id, m.lot_id))]


def compute_variances(
    book: Mapping[Key, Decimal],
    moved: Iterable[Moved],
    counted: Iterable[Counted],
    close_mark: int,
    items: Mapping[int, ItemInfo],
    limits: Mapping[str, Tolerance],
) -> list[ComputedVariance]:
    """Variances of one counted location (pure; see the module docstring for the cut-off)."""
    counted = list(counted)
    moves = [m for m in moved if m.id <= close_mark]
    counted_qty: dict[Key, Decimal] = {}
    unlotted: set[int] = set()
    for line in counted:
        _sum_into(counted_qty, (line.item_id, line.lot_id), line.qty)
        if line.lot_id is None:
            unlotted.add(line.item_id)
    moved_qty: dict[Key, Decimal] = {}
    touched: set[Key] = {(m.item_id, m.lot_id) for m in moves}
    for move in expected_side(moves, counted, close_mark):
        _sum_into(moved_qty, (move.item_id, move.lot_id), move.qty)
    keys = set(book) | set(counted_qty) | set(moved_qty) | touched
    lotted_book = {item for item, lot in keys if lot is not None}
    whole = unlotted & lotted_book  # counted without lots where the book has lots
    merged: dict[Key, list[Decimal]] = {}
    moved_keys: set[Key] = set()
    for key in keys:
        target = (key[0], None) if key[0] in whole else key
        sums = merged.setdefault(target, [ZERO, ZERO, ZERO])
        sums[0] += book.get(key, ZERO)
        sums[1] += moved_qty.get(key, ZERO)
        sums[2] += counted_qty.get(key, ZERO)
        if key in touched:
            moved_keys.add(target)
    result = []
    fallback = limits.get("", Tolerance(ZERO, ZERO))
    for (item_id, lot_id), (b, m, c) in sorted(merged.items(), key=lambda kv: _order(kv[0])):
        info = items.get(item_id, ItemInfo(ZERO, None))
        variance = c - b - m
        tol = limits.get(info.abc_class or "", fallback)
        result.append(
            ComputedVariance(
                item_id=item_id,
                lot_id=lot_id,
                lots_counted=item_id not in whole,
                book=b,
                moved=m,
                counted=c,
                unit_cost=info.unit_cost,
                abc_class=info.abc_class,
                within_tolerance=tol.allows(b + m, variance, variance * info.unit_cost),
                moved_during_count=(item_id, lot_id) in moved_keys,
            )
        )
    return result


def _order(key: Key) -> tuple[int, int]:
    return (key[0], key[1] or 0)


# -- the database side ---------------------------------------------------------------------------


def ledger_mark(conn: Connection) -> int:
    """The id of the newest movement in the ledger (0 when empty)."""
    return int(conn.execute(select(func.max(schema.movements.c.id))).scalar() or 0)


def _session_inputs(
    conn: Connection, session: Any, close_mark: int
) -> tuple[dict[Key, Decimal], list[Moved], list[Counted]]:
    book: dict[Key, Decimal] = {}
    for row in conn.execute(
        select(count_book.c.item_id, count_book.c.lot_id, count_book.c.qty).where(
            count_book.c.session_id == session.id
        )
    ):
        _sum_into(book, (row.item_id, row.lot_id), row.qty)
    m = schema.movements.c
    moved = [
        Moved(r.id, r.item_id, r.lot_id, r.qty)
        for r in conn.execute(
            select(m.id, m.item_id, m.lot_id, m.qty).where(
                m.location_id == session.location_id,
                m.id > session.ledger_mark,
                m.id <= close_mark,
            )
        )
    ]
    cl = count_lines.c
    counted = [
        Counted(r.item_id, r.lot_id, r.qty, r.ledger_mark)
        for r in conn.execute(
            select(cl.item_id, cl.lot_id, cl.qty, cl.ledger_mark).where(
                cl.session_id == session.id, cl.voided.is_(False), cl.item_id.is_not(None)
            )
        )
    ]
    return book, moved, counted


@dataclass(frozen=True)
class ExpectedMove:
    """A movement on the expected side of a count line, as the variance report shows it."""

    id: int
    kind: str
    qty: Decimal
    ts: str
    reference: str

    def text(self) -> str:
        when = self.ts[:16].replace("T", " ")
        ref = f" {self.reference}" if self.reference else ""
        return f"{self.kind} {self.qty} {when}{ref}"


def expected_movements(
    conn: Connection, session_ids: Iterable[int]
) -> dict[tuple[int, int, int | None], list[ExpectedMove]]:
    """Per (session, item, lot): the movements that changed the expected quantity of closed
    sessions, oldest first (the same cut-off rule as :func:`compute_variances`)."""
    ids = sorted(set(session_ids))
    if not ids:
        return {}
    found: dict[int, tuple[int, int, int | None]] = {}
    for session in conn.execute(select(count_sessions).where(count_sessions.c.id.in_(ids))):
        if session.close_mark is None:
            continue
        _book, moved, counted = _session_inputs(conn, session, int(session.close_mark))
        for move in expected_side(moved, counted, int(session.close_mark)):
            found[move.id] = (session.id, move.item_id, move.lot_id)
    result: dict[tuple[int, int, int | None], list[ExpectedMove]] = {}
    if not found:
        return result
    m = schema.movements.c
    rows = conn.execute(
        select(m.id, m.kind, m.qty, m.ts, m.reference).where(m.id.in_(sorted(found))).order_by(m.id)
    )
    for r in rows:
        result.setdefault(found[r.id], []).append(
            ExpectedMove(r.id, r.kind, to_decimal(r.qty), str(r.ts), str(r.reference or ""))
        )
    return result


def item_infos(conn: Connection, item_ids: Iterable[int]) -> dict[int, ItemInfo]:
    ids = sorted(set(item_ids))
    if not ids:
        return {}
    i = schema.items.c
    return {
        r.id: ItemInfo(to_decimal(r.unit_cost) if r.unit_cost is not None else ZERO, r.abc_class)
        for r in conn.execute(select(i.id, i.unit_cost, i.abc_class).where(i.id.in_(ids)))
    }


@dataclass(frozen=True)
class ClosedSession:
    session_id: int
    variances: int
    pending: int
    auto_approved: int
    matched: int


def close_session(
    conn: Connection,
    now: datetime,
    session_id: int,
    settings: Mapping[str, Any],
    post: Callable[[Movement], int],
    *,
    item_only: int | None = None,
    close_mark: int | None = None,
) -> ClosedSession:
    """Close an open session: compute, store and (within tolerance) auto-approve its variances.

    ``item_only`` restricts the comparison to one item (an item count or a recount);
    ``close_mark`` is the last ledger id the count covers (default: the newest). Raises
    ValueError when the session is not open.
    """
    s = count_sessions.c
    session = conn.execute(select(count_sessions).where(s.id == session_id)).first()
    if session is None or session.status != "open":
        raise ValueError(f"count session {session_id} is not open")
    mark = ledger_mark(conn) if close_mark is None else close_mark
    book, moved, counted = _session_inputs(conn, session, mark)
    if item_only is not None:
        book = {k: v for k, v in book.items() if k[0] == item_only}
        moved = [mv for mv in moved if mv.item_id == item_only]
        counted = [c for c in counted if c.item_id == item_only]
    ids = {k[0] for k in book} | {c.item_id for c in counted} | {mv.item_id for mv in moved}
    computed = compute_variances(
        book, moved, counted, mark, item_infos(conn, ids), tolerances(settings)
    )
    recount_of = _recount_origin(conn, session.task_id)
    auto = bool(settings.get("count_auto_approve_within_tolerance", True))
    tally = {"matched": 0, "auto_approved": 0, "pending": 0}
    bulk: list[dict[str, Any]] = []
    for var in computed:
        if var.variance == 0:
            status = "matched"
        elif var.within_tolerance and auto:
            status = "auto_approved"
        else:
            status = "pending"
        tally[status] += 1
        values = _variance_values(now, session, var, status, recount_of)
        if status != "auto_approved":
            bulk.append(values)  # one statement for all: a 10,000-line count stays fast
            continue
        result = conn.execute(count_variances.insert().values(**values))
        key: Any = result.inserted_primary_key
        variance_id = int(key[0])
        ids_posted = post_adjustment(conn, post, variance_id, "count_within_tolerance", None)
        conn.execute(
            count_decisions.insert().values(
                variance_id=variance_id,
                decision="auto",
                user_id=None,
                reason="count_within_tolerance",
                comment="",
                movement_ids=_json_ids(ids_posted),
                decided_at=iso(now),
            )
        )
    if bulk:
        conn.execute(count_variances.insert(), bulk)
    conn.execute(
        count_sessions.update()
        .where(s.id == session_id)
        .values(status="closed", closed_at=iso(now), close_mark=mark)
    )
    return ClosedSession(
        session_id, len(computed), tally["pending"], tally["auto_approved"], tally["matched"]
    )


def _json_ids(ids: list[int]) -> str:
    return "[" + ",".join(str(i) for i in ids) + "]"


def _recount_origin(conn: Connection, task_id: int) -> int | None:
    return conn.execute(
        select(count_recounts.c.variance_id).where(count_recounts.c.task_id == task_id)
    ).scalar()


def _variance_values(
    now: datetime,
    session: Any,
    var: ComputedVariance,
    status: str,
    recount_of: int | None,
) -> dict[str, Any]:
    return {
        "session_id": session.id,
        "task_id": session.task_id,
        "location_id": session.location_id,
        "item_id": var.item_id,
        "lot_id": var.lot_id,
        "lots_counted": var.lots_counted,
        "book_qty": var.book,
        "moved_qty": var.moved,
        "counted_qty": var.counted,
        "variance_qty": var.variance,
        "unit_cost": var.unit_cost,
        "value": var.value,
        "abc_class": var.abc_class,
        "within_tolerance": var.within_tolerance,
        "moved_during_count": var.moved_during_count,
        "status": status,
        "counter_id": session.counter_id,
        "recount_of": recount_of,
        "created_at": iso(now),
        "created_utc": utc_iso(now),
    }


def adjustment_split(
    lots: list[tuple[int | None, Decimal, str | None, str | None]], variance: Decimal
) -> list[tuple[int | None, Decimal]]:
    """How an item-level variance lands on lots: ``lots`` are (lot id, qty now, expiry,
    first receipt). A shortage is taken earliest expiry first (never below zero on a lot while
    another lot still has stock; the rest from the last lot); a surplus goes to the newest lot."""
    if variance == 0:
        return []
    if not lots:
        return [(None, variance)]
    if variance > 0:
        newest = max(lots, key=lambda lot: (lot[3] or "", lot[0] or 0))
        return [(newest[0], variance)]
    ordered = sorted(lots, key=lambda lot: (lot[2] is None, lot[2] or "", lot[0] or 0))
    left = -variance
    parts: list[tuple[int | None, Decimal]] = []
    for lot_id, qty, _expiry, _received in ordered:
        take = min(left, max(qty, ZERO))
        if take > 0:
            parts.append((lot_id, -take))
            left -= take
        if left == 0:
            break
    if left > 0:
        parts.append((ordered[-1][0], -left))
    return parts


def post_adjustment(
    conn: Connection,
    post: Callable[[Movement], int],
    variance_id: int,
    reason: str,
    user_id: int | None,
) -> list[int]:
    """Post the adjustment movements of one variance; returns their ids."""
    v = conn.execute(select(count_variances).where(count_variances.c.id == variance_id)).one()
    variance = to_decimal(v.variance_qty)
    reference = conn.execute(
        select(schema.count_tasks.c.reference).where(schema.count_tasks.c.id == v.task_id)
    ).scalar()
    if v.lots_counted:
        parts: list[tuple[int | None, Decimal]] = [(v.lot_id, variance)] if variance else []
    else:
        parts = adjustment_split(_item_lots(conn, v.item_id, v.location_id), variance)
    ids = []
    for lot_id, qty in parts:
        ids.append(
            post(
                Movement(
                    kind="adjustment",
                    item_id=v.item_id,
                    location_id=v.location_id,
                    qty=qty,
                    lot_id=lot_id,
                    unit_cost=to_decimal(v.unit_cost),
                    user_id=user_id,
                    user2_id=v.counter_id,
                    reason=reason,
                    reference=str(reference or ""),
                    extra={"count_variance_id": variance_id},
                )
            )
        )
    return ids


def _item_lots(
    conn: Connection, item_id: int, location_id: int
) -> list[tuple[int | None, Decimal, str | None, str | None]]:
    b, lt = schema.balances.c, schema.lots.c
    rows = conn.execute(
        select(b.lot_id, b.qty, lt.expiry, lt.first_receipt_date)
        .select_from(schema.balances.outerjoin(schema.lots, schema.lots.c.id == b.lot_id))
        .where(b.item_id == item_id, b.location_id == location_id)
    )
    return [(r.lot_id, to_decimal(r.qty), r.expiry, r.first_receipt_date) for r in rows]
