# SPDX-License-Identifier: Apache-2.0
"""Printing labels from the station: SSCC numbers, a durable print queue, reprints, audit.

* **SSCCs** come from the GS1 company prefix and extension digit (settings
  ``label_company_prefix``, ``label_sscc_extension_digit``) and a counter in
  ``label_counters``. A number is taken only when a label is queued for printing, in the same
  transaction that stores the job, so it is never handed out twice; rendering a preview or a
  file with ``station label render`` takes none.
* **The queue** is the ``label_jobs`` table: a job is stored (with the exact data to print,
  SSCCs filled in) before anything is sent, so it survives a crash or a restart.
  :class:`PrintQueue` delivers due jobs on its own thread, oldest first and in order per
  printer; when a printer does not take a job, the job stays queued and is retried with
  back-off (2 s doubling to :data:`MAX_BACKOFF_S`), and the printer's state says why.
  Delivery is at least once: a crash between the printer taking a job and the commit that
  marks it printed prints it again after the restart; a job is never dropped.
* **RFID batch labels** with ``"epc_serial": "auto"`` take the next serial of their GTIN from
  the counter ``sgtin:<GTIN-14>`` the same way, and are written as SGTIN-96 (``^RFW``).
* **Read-back**: a printed job whose template must be verified (setting
  ``label_verify_templates``) gets a check per label in the transaction that marks it printed;
  :mod:`.verification` decides it from the scans that follow.
* **Reprints** copy an earlier job's stored data (the same SSCCs: a reprint never takes a new
  number) into a new job with ``reprint_of`` set. Queueing, printing and reprinting are each
  recorded in the audit log (``label.queued``, ``label.printed``, ``label.reprint``).

Threads: every function opens its own short transactions on the store. Queueing runs on the
store thread (after the scan that asked for the labels); :func:`deliver` may run on any thread
except the UI's (it blocks on the printer for up to the URL's ``timeout``) and writes through
the store's background gate, so a scan never waits behind the print queue.
Failures: bad label data raises :class:`labels.LabelError` before anything is stored; a bad
printer URL raises :class:`labels.PrinterError`; missing SSCC settings raise
:class:`LabelSetupError`; a store failure raises the store's ``StoreError``.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Collection, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from sqlalchemy import func, select

from ..clock import Clock, SystemClock
from ..engine.settings import Setting, declare
from ..store.database import Store
from ..store.events import append_audit, canonical_json, utc_iso
from ..store.raw_rows import fetch_tuple, fetch_tuples, fetch_value
from .serials import (
    LabelSetupError,
    allocate_sscc,
    fill_rfid_serial,
    set_company_prefix,
    stored_setting,
)
from .tables import label_jobs, label_printers
from .verification import next_by_printer, open_checks, verify_settings, waiting_by_printer

if TYPE_CHECKING:
    from labels import LabelSpec, PrinterProfile

__all__ = [
    "MAX_BACKOFF_S",
    "LabelJob",
    "LabelSetupError",
    "PrintQueue",
    "PrinterState",
    "allocate_sscc",
    "backoff_seconds",
    "deliver",
    "get_job",
    "list_jobs",
    "pending_count",
    "printer_profile",
    "queued_jobs",
    "queue_labels",
    "reprint",
    "set_company_prefix",
    "set_printer_profile",
    "specs_for",
    "station_printer_url",
]

log = logging.getLogger(__name__)


def _printer(value: Any) -> str | None:
    if not isinstance(value, str) or "://" not in value:
        return (
            "must be a printer URL such as raw+socket://192.0.2.10:9100 or file:///tmp/labels.zpl"
        )
    from labels.printing import parse_printer_url

    try:
        parse_printer_url(value)
    except Exception as exc:  # the label library says what is wrong with the URL
        return str(exc)
    return None


declare(
    Setting(
        "printer_url",
        "text",
        "",
        "The label printer, e.g. raw+socket://192.0.2.10:9100 (empty: none).",
        "标签打印机,例如 raw+socket://192.0.2.10:9100(留空:无)。",
        check=_printer,
        group="labels",
    ),
    Setting(
        "label_company_prefix",
        "text",
        "",
        "The GS1 company prefix used for new SSCCs (6 to 12 digits).",
        "生成新 SSCC 所用的 GS1 厂商识别代码(6 到 12 位数字)。",
        group="labels",
        set_by="station label prefix",
    ),
    Setting(
        "label_sscc_extension_digit",
        "int",
        0,
        "The SSCC extension digit (0 to 9).",
        "SSCC 扩展位(0 到 9)。",
        low=0,
        high=9,
        group="labels",
        set_by="station label prefix",
    ),
)

MAX_BACKOFF_S = 60
"""Longest pause between two attempts at an offline printer."""


class LabelJob(Struct, frozen=True):
    """One print request as stored; ``data`` is the JSON of each label, SSCCs filled in."""

    id: int
    created_at: str
    template: str
    data: list[dict[str, Any]]
    printer_url: str
    copies: int
    status: str
    attempts: int
    next_attempt_at: str | None
    last_error: str
    printed_at: str | None
    reprint_of: int | None
    source: str
    user_id: int | None = None

    @property
    def ssccs(self) -> list[str]:
        """The SSCCs this job prints (sscc template only)."""
        return [str(d["sscc"]) for d in self.data if "sscc" in d]

    def to_json(self) -> dict[str, Any]:
        """The job as documented in docs/cli/labels.md (``station label queue --json``)."""
        return {
            "id": self.id,
            "created_at": self.created_at,
            "template": self.template,
            "labels": len(self.data),
            "copies": self.copies,
            "printer": self.printer_url,
            "status": self.status,
            "attempts": self.attempts,
            "next_attempt_at": self.next_attempt_at,
            "last_error": self.last_error,
            "printed_at": self.printed_at,
            "reprint_of": self.reprint_of,
            "source": self.source,
            "ssccs": self.ssccs,
        }


_JOB = (
    "SELECT id, created_at, template, data, printer_url, copies, status, attempts, "
    "next_attempt_at, last_error, printed_at, reprint_of, source, user_id FROM label_jobs "
)
"""A job's columns in :func:`_job`'s order (plain SQL: the status bar reads the queue as the
window opens, and the print thread as it starts)."""


def _job(row: tuple[Any, ...]) -> LabelJob:
    (job_id, created_at, template, data, printer_url, copies, status, attempts, next_at,
     last_error, printed_at, reprint_of, source, user_id) = row  # fmt: skip
    return LabelJob(
        id=job_id,
        created_at=created_at,
        template=template,
        data=json.loads(data),
        printer_url=printer_url,
        copies=copies,
        status=status,
        attempts=attempts,
        next_attempt_at=next_at,
        last_error=last_error,
        printed_at=printed_at,
        reprint_of=reprint_of,
        source=source,
        user_id=user_id,
    )


def backoff_seconds(attempts: int) -> int:
    """Pause after ``attempts`` failed attempts: 2, 4, 8 ... seconds, at most MAX_BACKOFF_S."""
    return int(min(2 ** max(attempts, 1), MAX_BACKOFF_S))


def station_printer_url(store: Store) -> str:
    """The station's label printer kept in the store (setting ``printer_url``), or "" when
    none is set there (the site file's value, when given, wins over it)."""
    with store.reading() as conn:
        return str(stored_setting(conn, "printer_url", "") or "")


def printer_profile(store: Store, url: str) -> PrinterProfile:
    """The stored profile of the printer at ``url``, or the default one."""
    from labels import PrinterProfile

    with store.reading() as conn:
        raw = conn.execute(
            select(label_printers.c.profile).where(label_printers.c.url == url)
        ).scalar()
    return PrinterProfile() if raw is None else PrinterProfile.from_json(json.loads(raw))


def set_printer_profile(
    store: Store, url: str, profile: PrinterProfile, *, now: datetime | None = None
) -> None:
    """Store the profile for ``url`` (validated first); audited as ``label.printer``."""
    from labels.printing import parse_printer_url

    parse_printer_url(url)
    now = now or SystemClock().now()
    text = canonical_json(profile.to_json())
    with store.transaction() as conn:
        conn.execute(label_printers.delete().where(label_printers.c.url == url))
        conn.execute(
            label_printers.insert().values(url=url, profile=text, updated_at=now.isoformat())
        )
        append_audit(conn, now, None, "label.printer", {"url": url, "profile": profile.to_json()})


def specs_for(
    template: str, data: Sequence[dict[str, Any]], profile: PrinterProfile
) -> list[LabelSpec]:
    """Build every label of a job (one or more pages per data object)."""
    from labels import build_for_printer
    from labels.data_json import data_from_json

    specs: list[LabelSpec] = []
    for obj in data:
        specs.extend(build_for_printer(template, data_from_json(template, obj), profile))
    return specs


def _normalised(template: str, data: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate each object and store it in canonical form (what is printed, exactly). The
    templates load on first use: a station that prints nothing never needs them."""
    from labels import LabelError
    from labels.data_json import data_from_json, data_to_json

    if not data:
        raise LabelError("no labels to print")
    return [data_to_json(data_from_json(template, obj)) for obj in data]


def queue_labels(
    store: Store,
    template: str,
    data: Sequence[dict[str, Any]],
    printer_url: str,
    *,
    copies: int = 1,
    now: datetime | None = None,
    user_id: int | None = None,
    source: str = "",
    reprint_of: int | None = None,
) -> LabelJob:
    """Store a print job; SSCC labels without ``sscc`` get the next number now.

    The labels are built once (with the printer's profile) before the commit, so data that
    cannot print is refused here, and the SSCCs it would have taken are not used up.
    """
    from labels import LabelError
    from labels.printing import parse_printer_url

    if not 1 <= copies <= 999:
        raise LabelError("copies must be 1 to 999")
    parse_printer_url(printer_url)
    now = now or SystemClock().now()
    profile = printer_profile(store, printer_url)
    with store.transaction() as conn:
        objects = [dict(obj) for obj in data]
        for obj in objects:
            if template == "sscc" and not obj.get("sscc"):
                obj["sscc"] = allocate_sscc(conn, now)
            if template == "batch":
                fill_rfid_serial(conn, obj, now)
        stored = _normalised(template, objects)
        specs_for(template, stored, profile)  # refuse what cannot print, before the commit
        inserted = conn.execute(
            label_jobs.insert().values(
                created_at=now.isoformat(),
                user_id=user_id,
                template=template,
                data=canonical_json(stored),
                printer_url=printer_url,
                copies=copies,
                status="queued",
                reprint_of=reprint_of,
                source=source,
            )
        )
        job_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
        detail = {"job": job_id, "template": template, "labels": len(stored), "copies": copies}
        detail["printer"] = printer_url
        ssccs = [o["sscc"] for o in stored if "sscc" in o]
        if ssccs:
            detail["ssccs"] = ssccs
        if reprint_of is not None:
            detail["reprint_of"] = reprint_of
        action = "label.reprint" if reprint_of is not None else "label.queued"
        append_audit(conn, now, user_id, action, detail)
    job = get_job(store, int(job_id))
    assert job is not None
    return job


def reprint(
    store: Store,
    job_id: int,
    *,
    printer_url: str | None = None,
    copies: int | None = None,
    now: datetime | None = None,
    user_id: int | None = None,
) -> LabelJob:
    """Queue an earlier job's labels again (same data, same SSCCs); audited."""
    old = get_job(store, job_id)
    if old is None:
        raise LabelSetupError(f"no label job {job_id}")
    return queue_labels(
        store,
        old.template,
        old.data,
        printer_url or old.printer_url,
        copies=copies or old.copies,
        now=now,
        user_id=user_id,
        source="reprint",
        reprint_of=old.id,
    )


def get_job(store: Store, job_id: int) -> LabelJob | None:
    """One job, or None."""
    with store.reading() as conn:
        row = fetch_tuple(conn, _JOB + "WHERE id = ?", (job_id,))
    return None if row is None else _job(row)


def list_jobs(store: Store, *, status: str | None = None, limit: int = 50) -> list[LabelJob]:
    """Newest first; ``status`` filters (``queued``, ``printed``, ``failed``)."""
    where, params = ("WHERE status = ? ", (status,)) if status else ("", ())
    with store.reading() as conn:
        rows = fetch_tuples(conn, _JOB + where + "ORDER BY id DESC LIMIT ?", (*params, limit))
    return [_job(r) for r in rows]


def pending_count(store: Store) -> int:
    """How many jobs wait for a printer."""
    with store.reading() as conn:
        count = conn.execute(
            select(func.count()).select_from(label_jobs).where(label_jobs.c.status == "queued")
        ).scalar()
    return int(count or 0)


def deliver(
    store: Store,
    job: LabelJob,
    *,
    now: datetime | None = None,
    verify_templates: Collection[str] | None = None,
) -> LabelJob:
    """Try to print ``job`` once; store the result and return the job as it is now.

    A printer that does not take the job leaves it queued with the reason and the time of the
    next attempt. Data that can no longer be rendered (a template changed since it was
    queued) marks the job ``failed``; it stays listed for an operator. A printed job whose
    template is in ``verify_templates`` (default: the setting ``label_verify_templates`` as
    the store has it) gets its read-back checks in the same transaction
    (:mod:`.verification`).
    """
    from labels import LabelError, PrinterError
    from labels.printing import parse_printer_url, render_for, send_bytes

    now = now or SystemClock().now()
    status, error = "printed", ""
    printed_at: str | None = now.isoformat()
    next_at: str | None = None
    specs: list[LabelSpec] = []
    store.gate.wait_for_scans()  # rendering is CPU work: a waiting scan goes first
    try:
        profile = printer_profile(store, job.printer_url)
        target = parse_printer_url(job.printer_url)
        specs = specs_for(job.template, job.data, profile)
        send_bytes(target, render_for(target, specs * job.copies, profile))
    except PrinterError as exc:
        status, error, printed_at = "queued", str(exc), None
        next_at = utc_iso(now + timedelta(seconds=backoff_seconds(job.attempts + 1)))
    except LabelError as exc:
        status, error, printed_at = "failed", str(exc), None
    with store.background_transaction() as conn:  # the print queue's thread: scans go first
        conn.execute(
            label_jobs.update()
            .where(label_jobs.c.id == job.id)
            .values(
                status=status,
                attempts=job.attempts + 1,
                last_error=error,
                printed_at=printed_at,
                next_attempt_at=next_at,
            )
        )
        if status != "queued":
            action = "label.printed" if status == "printed" else "label.failed"
            detail: dict[str, Any] = {"job": job.id, "printer": job.printer_url}
            if error:
                detail["error"] = error
            append_audit(conn, now, job.user_id, action, detail)
        if status == "printed":
            templates = verify_templates
            if templates is None:
                templates = verify_settings(conn)[0]
            open_checks(conn, job.id, job.template, specs, now, templates=templates)
    updated = get_job(store, job.id)
    assert updated is not None
    return updated


def queued_jobs(store: Store) -> list[LabelJob]:
    """Every job waiting for its printer, oldest first."""
    with store.reading() as conn:
        rows = fetch_tuples(conn, _JOB + "WHERE status = 'queued' ORDER BY id", ())
    return [_job(r) for r in rows]


class PrinterState(Struct, frozen=True):
    """What the queue knows about one printer: ``online`` is None before the first attempt."""

    url: str
    online: bool | None
    pending: int
    last_error: str = ""
    next_attempt_at: str | None = None
    to_read_back: int = 0
    """Labels this printer printed that still wait to be scanned back (:mod:`.verification`)."""
    read_back_next: str = ""
    """The symbol of the oldest of them, ``(00)...``: the label to scan back next."""


class PrintQueue:
    """Delivers queued jobs on one background thread; the state lives in the store.

    ``start()`` begins (jobs left from before a restart are sent first); ``wake()`` after
    queueing makes the worker look at once; ``stop()`` ends it (a job being sent finishes).
    ``on_change(states)`` is called on the worker thread after each attempt with
    :meth:`states`; the UI hands it to its own thread (for example with a Qt signal) and shows
    "printer offline, N labels waiting: <reason>", and ``to_read_back``: labels printed that
    still wait to be scanned back (``read_back_next`` the one to scan first).
    :meth:`run_once` does one pass on the calling thread (for the CLI and tests).
    """

    def __init__(
        self,
        store: Store,
        clock: Clock | None = None,
        *,
        on_change: Callable[[list[PrinterState]], None] | None = None,
        idle_poll_s: float = 5.0,
        verify_templates: Collection[str] | None = None,
    ) -> None:
        self.store = store
        self.verify_templates = verify_templates
        self.clock = clock or SystemClock()
        self.on_change = on_change
        self.idle_poll_s = idle_poll_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: dict[str, tuple[bool, str]] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="label-print-queue", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """Look at the queue now (call after queueing a job)."""
        self._wake.set()

    def retry_now(self, url: str) -> int:
        """RETRY of a printer: its queued jobs are due at once (the back-off forgotten) and the
        worker looks now. Runs on the store thread; returns how many jobs wait."""
        with self.store.transaction() as conn:
            waiting = conn.execute(
                label_jobs.update()
                .where(label_jobs.c.status == "queued", label_jobs.c.printer_url == url)
                .values(next_attempt_at=None)
            ).rowcount
        self.wake()
        return int(waiting or 0)

    def run_once(self) -> list[LabelJob]:
        """Attempt every due job once, oldest first. A printer whose oldest job is waiting for
        its next attempt, or failed in this pass, gets nothing more in this pass, so its jobs
        keep their order and an offline printer is not hammered. Returns the jobs tried."""
        done: list[LabelJob] = []
        blocked: set[str] = set()
        for job in queued_jobs(self.store):
            if job.printer_url in blocked or self._stop.is_set():
                continue
            if job.next_attempt_at and job.next_attempt_at > utc_iso(self.clock.now()):
                blocked.add(job.printer_url)
                continue
            after = deliver(
                self.store, job, now=self.clock.now(), verify_templates=self.verify_templates
            )
            with self._lock:
                self._seen[job.printer_url] = (after.status != "queued", after.last_error)
            if after.status == "queued":
                blocked.add(job.printer_url)
            done.append(after)
        if done and self.on_change is not None:
            self.on_change(self.states())
        return done

    def states(self) -> list[PrinterState]:
        """Each printer with queued jobs, labels waiting to be read back, or seen by this
        queue, by URL."""
        pending: dict[str, tuple[int, str | None, str]] = {}
        for job in list_jobs(self.store, status="queued", limit=10_000):
            count, _next, _err = pending.get(job.printer_url, (0, None, ""))
            pending[job.printer_url] = (count + 1, job.next_attempt_at, job.last_error)
        with self._lock:
            seen = dict(self._seen)
        with self.store.reading() as conn:
            waiting = dict(waiting_by_printer(conn))
            upcoming = next_by_printer(conn)
        out = []
        for url in sorted(set(pending) | set(seen) | set(waiting)):
            count, next_at, error = pending.get(url, (0, None, ""))
            online: bool | None = False if error else None
            if url in seen:
                online, error = seen[url]
            out.append(
                PrinterState(
                    url, online, count, error, next_at, waiting.get(url, 0), upcoming.get(url, "")
                )
            )
        return out

    def _next_wait(self) -> float:
        with self.store.reading() as conn:
            soonest = fetch_value(
                conn, "SELECT min(next_attempt_at) FROM label_jobs WHERE status = 'queued'"
            )
        if soonest is None:
            return self.idle_poll_s
        delay = (datetime.fromisoformat(soonest) - self.clock.now()).total_seconds()
        return max(0.0, min(delay, self.idle_poll_s))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
                wait = self._next_wait()
            except Exception:  # the worker must outlive a locked store or a broken printer
                log.exception("label print queue pass failed")
                wait = self.idle_poll_s
            self._wake.wait(wait)
            self._wake.clear()
