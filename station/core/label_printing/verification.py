# SPDX-License-Identifier: Apache-2.0
"""Print and verify: a printed label is read back before its goods move.

When the print queue has delivered a job whose template is listed in the setting
``label_verify_templates`` (default: the pallet label, ``sscc``), each of its labels gets a
*check* (table ``label_checks``) holding the symbol that must be read back: the SSCC symbol
of a pallet label, the first GS1 symbol of any other. The check stays ``pending`` until one
of the next ``label_verify_scans`` scans given to it decides:

* the read is the symbol sent (the same element strings, in any order): ``verified``;
* the read is a symbol of the same kind (another SSCC, another GTIN's batch) or the right
  key with other data: ``wrong`` — the label that came out is not the label that was sent;
* otherwise the scan only counts; when the allowed scans are used up: ``unverified``.

``wrong`` and ``unverified`` call for attention (the station's verify workflow answers with
an attention outcome) and keep the pallet from being reported ready:
:func:`pallet_status` says ``ready`` only for a pallet whose newest label was verified (or
whose template needs no verification). Scans reach a check through the verify workflow
(``verify_workflow``: a scan at home while a label waits) or through
``station label verify --reader URL`` (the bench scanner or a camera). A camera read may come
with a grade (:mod:`labels.symbol_grade`); it is stored as measured, "not graded" included.

Every decision is audited (``label.verified``, ``label.verify_wrong``,
``label.verify_missing``). Functions taking a ``conn`` run inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from sqlalchemy import Connection, select

from drivers.gs1 import parse_scan

from ..engine.settings import Setting, declare
from ..engine.state import load_settings
from ..store.database import Store
from ..store.events import append_audit, canonical_json, driver_connection
from .tables import label_checks

if TYPE_CHECKING:
    from labels import GS1Message, LabelSpec

__all__ = [
    "PENDING",
    "any_waiting",
    "UNVERIFIED",
    "VERIFIABLE_TEMPLATES",
    "VERIFIED",
    "WRONG",
    "LabelCheck",
    "ReadVerdict",
    "checks_of_job",
    "expected_symbol",
    "open_checks",
    "pallet_status",
    "pallet_statuses",
    "pending_check",
    "record_read",
    "verify_settings",
    "next_by_printer",
    "waiting_by_printer",
]

PENDING, VERIFIED, WRONG, UNVERIFIED = "pending", "verified", "wrong", "unverified"


VERIFIABLE_TEMPLATES = ("batch", "sscc", "stale_stock")
"""The templates whose labels carry a GS1 symbol to read back."""


declare(
    Setting(
        "label_verify_templates",
        "list",
        ["sscc"],
        "The label templates that must be scanned back after printing, separated by commas "
        "(sscc = pallet label, batch = batch label, stale_stock = stale-stock flag; empty: none).",
        "打印后必须扫描复核的标签模板,用逗号分隔(sscc = 托盘标签,batch = 批次标签,"
        "stale_stock = 呆滞库存标签;"
        "留空:不复核)。",
        item="choice",
        choices=VERIFIABLE_TEMPLATES,
        sep=",",
        group="labels",
    ),
    Setting(
        "label_verify_scans",
        "int",
        3,
        "How many scans a printed label may wait for its read-back before it is reported "
        "unverified.",
        "打印的标签在被判定为未复核之前,最多等待多少次扫描。",
        low=1,
        high=20,
        group="labels",
    ),
)


class LabelCheck(Struct, frozen=True):
    """One printed label waiting for, or done with, its read-back."""

    id: int
    job_id: int
    label_no: int
    template: str
    sscc: str | None
    expected_pairs: str
    """The symbol to read back: a JSON list of ``[AI, value]`` pairs."""
    status: str
    reads: int
    last_read: str
    grade: dict[str, Any] | None
    created_at: str
    done_at: str | None

    @property
    def expected(self) -> str:
        """The symbol to read back as printed under it: ``(00)306141410000000013``."""
        return _hri(json.loads(self.expected_pairs))

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label_no,
            "sscc": self.sscc,
            "expected": self.expected,
            "status": self.status,
            "reads": self.reads,
            "last_read": self.last_read,
            "grade": self.grade,
        }


class ReadVerdict(Struct, frozen=True):
    """What one scan did to the waiting check: ``status`` after it, the check (None when no
    label was waiting) and what was read, in ``(AI)value`` form."""

    status: str
    check: LabelCheck | None
    read: str


def verify_settings(
    conn: Connection, site: Mapping[str, Any] | None = None
) -> tuple[set[str], int]:
    """The templates that must be read back and the scans a label may wait, as set."""
    settings = load_settings(conn, site)
    return {str(t) for t in settings["label_verify_templates"]}, int(settings["label_verify_scans"])


def _check(row: Any) -> LabelCheck:
    return LabelCheck(
        id=row.id,
        job_id=row.job_id,
        label_no=row.label_no,
        template=row.template,
        sscc=row.sscc,
        expected_pairs=row.expected,
        status=row.status,
        reads=row.reads,
        last_read=row.last_read,
        grade=json.loads(row.grade) if row.grade else None,
        created_at=row.created_at,
        done_at=row.done_at,
    )


def _hri(pairs: Sequence[tuple[str, str]]) -> str:
    return "".join(f"({ai}){value}" for ai, value in pairs)


def expected_symbol(spec: LabelSpec) -> GS1Message | None:
    """The symbol of a label that must be read back: the one with an SSCC (AI 00), else the
    first GS1 symbol; None for a label without GS1 symbols (nothing to check)."""
    from labels import BarcodeElement, GS1Message

    messages = [
        el.content
        for el in spec.elements
        if isinstance(el, BarcodeElement) and isinstance(el.content, GS1Message)
    ]
    with_sscc = [m for m in messages if m.value("00") is not None]
    chosen = with_sscc or messages
    return chosen[0] if chosen else None


def open_checks(
    conn: Connection,
    job_id: int,
    template: str,
    specs: Sequence[LabelSpec],
    now: datetime,
    *,
    templates: Collection[str],
) -> list[int]:
    """Store a pending check for each label of a printed job whose template is in
    ``templates`` (labels without a GS1 symbol need none); returns the new ids."""
    if template not in templates:
        return []
    ids: list[int] = []
    for n, spec in enumerate(specs, start=1):
        message = expected_symbol(spec)
        if message is None:
            continue
        done = conn.execute(
            label_checks.insert().values(
                job_id=job_id,
                label_no=n,
                template=template,
                sscc=message.value("00"),
                expected=json.dumps(message.fields),
                status=PENDING,
                created_at=now.isoformat(),
            )
        )
        ids.append(int(done.inserted_primary_key[0]))  # type: ignore[index]
    return ids


def any_waiting(conn: Connection) -> bool:
    """True while some printed label waits to be read back. On the scan path (every scan at
    home asks), so plain sqlite3 on the status index: a few microseconds."""
    row = driver_connection(conn).execute(_ANY_WAITING, (PENDING,)).fetchone()
    return row is not None


_ANY_WAITING = "SELECT 1 FROM label_checks WHERE status = ? LIMIT 1"


def pending_check(conn: Connection, job_id: int | None = None) -> LabelCheck | None:
    """The oldest label still waiting to be read back (of ``job_id`` when given)."""
    query = select(label_checks).where(label_checks.c.status == PENDING)
    if job_id is not None:
        query = query.where(label_checks.c.job_id == job_id)
    row = conn.execute(query.order_by(label_checks.c.id).limit(1)).first()
    return None if row is None else _check(row)


def waiting_by_printer(conn: Connection) -> list[tuple[str, int]]:
    """(printer URL, labels it printed that still wait to be read back), by URL."""
    rows = driver_connection(conn).execute(
        "SELECT j.printer_url, count(*) FROM label_checks c JOIN label_jobs j ON j.id = c.job_id "
        "WHERE c.status = ? GROUP BY j.printer_url ORDER BY j.printer_url",
        (PENDING,),
    )
    return [(str(url), int(n)) for url, n in rows]


def next_by_printer(conn: Connection) -> dict[str, str]:
    """Printer URL -> the symbol of its oldest printed label still waiting to be read back
    (``(00)...``): the one the clerk is asked to scan next."""
    rows = driver_connection(conn).execute(
        "SELECT j.printer_url, c.expected FROM label_checks c JOIN label_jobs j ON j.id = c.job_id "
        "WHERE c.status = ? ORDER BY c.id DESC",
        (PENDING,),
    )
    return {str(url): _hri(json.loads(pairs)) for url, pairs in rows}


def checks_of_job(conn: Connection, job_id: int) -> list[LabelCheck]:
    """A job's checks, by label."""
    query = select(label_checks).where(label_checks.c.job_id == job_id)
    return [_check(r) for r in conn.execute(query.order_by(label_checks.c.label_no))]


def _fields(text: str) -> dict[str, str] | None:
    result = parse_scan(text)
    return dict(result.gs1) if result.kind == "gs1" and result.gs1 else None


def _expected_fields(check: LabelCheck) -> dict[str, str]:
    return {str(ai): str(value) for ai, value in json.loads(check.expected_pairs)}


def record_read(
    conn: Connection,
    text: str,
    now: datetime,
    *,
    budget: int,
    user_id: int | None = None,
    job_id: int | None = None,
    grade: Mapping[str, Any] | None = None,
) -> ReadVerdict:
    """Give one scan (``text`` as the scanner sent it, AIM identifier included when there is
    one) to the oldest waiting check and return what it decided. ``budget`` is the number of
    scans a label may wait (setting ``label_verify_scans``); ``grade`` is a camera's
    measurement of the symbol read, stored with a verified or wrong read."""
    check = pending_check(conn, job_id)
    read_fields = _fields(text)
    read = _hri(sorted(read_fields.items())) if read_fields else text.strip()
    if check is None:
        return ReadVerdict("", None, read)
    want = _expected_fields(check)
    key = "00" if "00" in want else next(iter(want), "")
    reads = check.reads + 1
    if read_fields is not None and read_fields == want:
        status = VERIFIED
    elif read_fields is not None and key in read_fields:
        status = WRONG
    elif reads >= budget:
        status = UNVERIFIED
    else:
        status = PENDING
    values: dict[str, Any] = {"reads": reads, "last_read": read, "status": status}
    if status != PENDING:
        values["done_at"] = now.isoformat()
    if grade is not None and status in (VERIFIED, WRONG):
        values["grade"] = canonical_json(dict(grade))
    conn.execute(label_checks.update().where(label_checks.c.id == check.id).values(**values))
    if status != PENDING:
        action = {
            VERIFIED: "label.verified",
            WRONG: "label.verify_wrong",
            UNVERIFIED: "label.verify_missing",
        }[status]
        detail: dict[str, Any] = {
            "job": check.job_id,
            "label": check.label_no,
            "expected": check.expected,
            "read": read,
            "reads": reads,
        }
        if check.sscc:
            detail["sscc"] = check.sscc
        if grade is not None:
            detail["grade"] = dict(grade).get("verdict", "")
        append_audit(conn, now, user_id, action, detail)
    row = conn.execute(select(label_checks).where(label_checks.c.id == check.id)).first()
    return ReadVerdict(status, _check(row), read)


def pallet_status(store: Store, sscc: str) -> str:
    """Whether the pallet ``sscc`` may be reported ready: ``ready`` when its newest label
    was verified (or its template needs no read-back), else that label's check status
    (``pending``, ``wrong``, ``unverified``); ``unknown`` when no label of it was printed."""
    return dict(pallet_statuses(store, [sscc])).get(sscc, "unknown")


def pallet_statuses(store: Store, ssccs: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(SSCC, :func:`pallet_status`) of ``ssccs``, or of every pallet label printed, newest
    printed first; a pallet none of whose labels was printed is left out."""
    from .queue import list_jobs

    printed: dict[str, None] = {}
    for job in list_jobs(store, status="printed", limit=100_000):
        for sscc in job.ssccs:
            if ssccs is None or sscc in ssccs:
                printed.setdefault(sscc, None)
    newest: dict[str, str] = {}
    with store.reading() as conn:
        query = select(label_checks.c.sscc, label_checks.c.status).order_by(label_checks.c.id)
        if ssccs is not None:
            query = query.where(label_checks.c.sscc.in_(list(ssccs)))
        for sscc, status in conn.execute(query):
            if sscc is not None:
                newest[str(sscc)] = str(status)
    out = []
    for sscc in printed:
        status = newest.get(sscc, VERIFIED)  # no check: its template needs no read-back
        out.append((sscc, "ready" if status == VERIFIED else status))
    return out
