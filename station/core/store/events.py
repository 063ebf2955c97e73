# SPDX-License-Identifier: Apache-2.0
"""Writing the append-only records every action leaves: outbox events, audit entries, scans.

All functions take an open write connection (inside ``Store.transaction()``), so what they
write commits together with the change they describe, or not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, cast

from msgspec import Struct
from sqlalchemy import Connection

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """Stable JSON: sorted keys, no spaces, decimals and dates as strings."""
    return _CANONICAL.encode(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON-able: {type(value).__name__}")


# one encoder each, made once: json.dumps with options builds a new encoder on every call
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_jsonable
)
_COMPACT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_jsonable)


def compact_json(value: Any) -> str:
    """JSON for records that are never hashed (outbox payloads, scan interpretations): no key
    sorting, which the scan path does not need to pay for."""
    return _COMPACT.encode(value)


_last_iso: tuple[datetime | None, str] = (None, "")


def iso(ts: datetime) -> str:
    """ISO 8601 with the offset kept."""
    global _last_iso
    last, text = _last_iso
    if ts is last:  # one input's time is written several times (scan, event, state)
        return text
    if ts.tzinfo is None:
        raise ValueError("station times are always time-zone aware")
    text = ts.isoformat()
    _last_iso = (ts, text)
    return text


class _RandomPool(threading.local):
    """Random bytes read from the system 4 KiB at a time, per thread."""

    def __init__(self) -> None:
        self.empty()

    def empty(self) -> None:
        self.pool = b""
        self.at = 0


_random = _RandomPool()
if hasattr(os, "register_at_fork"):  # a forked child must never reuse its parent's bytes
    os.register_at_fork(after_in_child=_random.empty)


def new_uuid() -> str:
    """A time-ordered (version 7, RFC 9562) UUID as text: the Unix time in milliseconds, then
    the fraction of the millisecond in 12 bits (the RFC's method 3), then 62 random bits from
    the system's randomness, read 4 KiB at a time (no system call and no UUID object for each:
    every scan takes one). Ids written one after another sort one after another, so each
    index on them (the ledger's, the outbox's, central's) grows at its right edge instead of
    at a random page: a pull of 100,000 movements rewrote about one index page a row."""
    at = _random.at
    if at + 8 > len(_random.pool):
        _random.pool, at = os.urandom(4096), 0
    _random.at = at + 8
    ms, fraction = divmod(time.time_ns(), 1_000_000)
    random_bits = int.from_bytes(_random.pool[at : at + 8], "big") & _RAND_B
    value = (
        (ms & _MS_48) << 80
        | 0x7 << 76
        | (fraction * 4096 // 1_000_000) << 64
        | 0b10 << 62
        | random_bits
    )
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_MS_48 = (1 << 48) - 1
_RAND_B = (1 << 62) - 1


def utc_iso(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat()


class StationIdentity(Struct, frozen=True):
    station_id: str
    incarnation_id: str


def driver_connection(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``conn``, inside the same transaction.

    The per-scan writes below go straight to it: SQLAlchemy's statement building costs more
    than the fsync on a fast disk, and the scan path must keep up with the disk.
    """
    raw: Any = conn.connection.driver_connection
    return cast(sqlite3.Connection, raw)


def append_event(
    conn: Connection, who: StationIdentity, kind: str, payload: dict[str, Any], ts: datetime
) -> tuple[str, int]:
    """Append one event to the outbox; returns (uuid, seq).

    The sequence number is the next one for this station and incarnation, without gaps:
    it is taken inside the same transaction that writes the event.
    """
    db = driver_connection(conn)
    outbox_id, seq = _next_outbox_id(conn, db, who)
    event_id = new_uuid()
    db.execute(_INSERT_EVENT,
        (outbox_id, event_id, who.station_id, who.incarnation_id, seq, kind,
         compact_json(payload), iso(ts)),
    )  # fmt: skip
    return event_id, seq


_INSERT_EVENT = (
    "INSERT INTO outbox (id, uuid, station_id, incarnation_id, seq, kind, payload, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def reissue_event(
    conn: Connection,
    who: StationIdentity,
    original_id: int,
    uuid: str,
    kind: str,
    payload: str,
    created_at: str,
) -> int:
    """Append an event already written under another key (outbox id ``original_id``; same
    uuid, payload and time) as ``who``'s next event; returns its seq. Only for sending again
    an event whose key a lost copy of the store took at central (see :mod:`sync.heal`). The
    copy is recorded in ``outbox_reissued``: the outbox sends it, the scan log lists the
    event once."""
    db = driver_connection(conn)
    outbox_id, seq = _next_outbox_id(conn, db, who)
    db.execute(
        _INSERT_EVENT,
        (outbox_id, uuid, who.station_id, who.incarnation_id, seq, kind, payload, created_at),
    )
    db.execute(
        "INSERT INTO outbox_reissued (id, original_id) VALUES (?, ?)", (outbox_id, original_id)
    )
    return seq


SEQ_MASK = (1 << 32) - 1


def outbox_stream(conn: Connection, who: StationIdentity) -> int:
    """The number of ``who``'s outbox stream, made when it has none yet. Kept per write
    connection (the store forgets them when a transaction rolls back)."""
    cache: dict[tuple[str, str], int] = conn.info.setdefault("outbox_streams", {})
    key = (who.station_id, who.incarnation_id)
    stream = cache.get(key)
    if stream is None:
        db = driver_connection(conn)
        row = db.execute(
            "SELECT stream FROM outbox_streams WHERE station_id = ? AND incarnation_id = ?", key
        ).fetchone()
        if row is None:
            stream = int(
                db.execute("SELECT coalesce(max(stream), 0) + 1 FROM outbox_streams").fetchone()[0]
            )
            db.execute(
                "INSERT INTO outbox_streams (stream, station_id, incarnation_id) VALUES (?, ?, ?)",
                (stream, *key),
            )
        else:
            stream = int(row[0])
        cache[key] = stream
    return stream


def streams(conn: Connection, station_id: str) -> list[tuple[str, int, int]]:
    """(incarnation, stream, highest seq or 0) of this station, in the order first written:
    each is a range of the outbox's key (``stream << 32 | seq``), read one step from its top."""
    db = driver_connection(conn)
    found = []
    for inc, stream in db.execute(
        "SELECT incarnation_id, stream FROM outbox_streams WHERE station_id = ? ORDER BY stream",
        (station_id,),
    ).fetchall():
        base = int(stream) << 32
        row = db.execute(
            "SELECT id FROM outbox WHERE id <= ? ORDER BY id DESC LIMIT 1", (base | SEQ_MASK,)
        ).fetchone()
        top = int(row[0]) & SEQ_MASK if row is not None and int(row[0]) > base else 0
        found.append((str(inc), int(stream), top))
    return found


def _next_outbox_id(
    conn: Connection, db: sqlite3.Connection, who: StationIdentity
) -> tuple[int, int]:
    """(id, seq) of ``who``'s next event: one step down the table's own key."""
    base = outbox_stream(conn, who) << 32
    row = db.execute(
        "SELECT id FROM outbox WHERE id <= ? ORDER BY id DESC LIMIT 1", (base | SEQ_MASK,)
    ).fetchone()
    last = row[0] if row is not None and row[0] > base else base
    return last + 1, (last + 1) & SEQ_MASK


def audit_hash(prev_hash: str, ts: str, user_id: int | None, action: str, detail: str) -> str:
    body = canonical_json([prev_hash, ts, user_id, action, detail])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append_audit(
    conn: Connection, ts: datetime, user_id: int | None, action: str, detail: dict[str, Any]
) -> str:
    """Append an audit entry chained to the previous one; returns its hash."""
    db = driver_connection(conn)  # plain SQL: every login and confirmation writes one
    prev = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = (prev[0] if prev else None) or GENESIS_HASH
    ts_text = iso(ts)
    detail_text = canonical_json(detail)
    digest = audit_hash(prev_hash, ts_text, user_id, action, detail_text)
    db.execute(
        "INSERT INTO audit_log (ts, user_id, action, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (ts_text, user_id, action, detail_text, prev_hash, digest),
    )
    conn.info["audit_head_changed"] = True  # the store anchors the new head after COMMIT
    return digest


class AuditCheck(Struct, frozen=True):
    ok: bool
    entries: int
    first_bad_id: int | None = None
    reason: str = ""


def verify_audit_chain(
    conn: Connection, *, after_id: int = 0, prev_hash: str | None = None
) -> AuditCheck:
    """Recompute every audit hash from the start (or from the entry after ``after_id``,
    whose hash is ``prev_hash``); report the first entry that does not fit."""
    prev_hash = GENESIS_HASH if prev_hash is None else prev_hash
    count = 0
    rows = driver_connection(conn).execute(
        "SELECT id, ts, user_id, action, detail, prev_hash, hash FROM audit_log "
        "WHERE id > ? ORDER BY id",
        (after_id,),
    )
    for entry_id, ts, user_id, action, detail, linked_to, digest in rows:
        count += 1
        if linked_to != prev_hash:
            return AuditCheck(False, count, entry_id, "the link to the previous entry is broken")
        if digest != audit_hash(prev_hash, ts, user_id, action, detail):
            return AuditCheck(False, count, entry_id, "the entry was changed after it was written")
        prev_hash = digest
    return AuditCheck(True, count)


def record_scan_event(
    conn: Connection,
    who: StationIdentity,
    ts: datetime,
    user_id: int | None,
    device_url: str,
    symbology: str | None,
    aim: str | None,
    raw: bytes,
    text: str,
    interpreted: dict[str, Any],
    workflow: str,
    outcome: str,
    message_key: str,
    *,
    kind: str = "scan",
    extra: dict[str, Any] | None = None,
) -> str:
    """Write one scan (``kind`` ``scan``) or RFID read round (``rfid_round``) as an outbox
    event; returns its uuid. The event is the scan log's record too: the ``scan_log`` view
    reads it, so a scan is written once.

    The payload holds the text, device, user, workflow, outcome, message key, time,
    symbology, AIM identifier and interpretation, plus ``raw_hex`` when the bytes the device
    sent are not the text's UTF-8 (another code page, a stray byte); ``extra`` adds keys.
    This is the scan path: every acknowledged scan runs it once.
    """
    scan_id = new_uuid()
    ts_text = iso(ts)
    try:
        same_bytes = raw == text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (undecodable input kept by escape)
        same_bytes, text = False, text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    record: dict[str, Any] = {
        "uuid": scan_id,
        "text": text,
        "device_url": device_url,
        "user_id": user_id,
        "workflow": workflow,
        "outcome": outcome,
        "message_key": message_key,
        "ts": ts_text,
        "symbology": symbology,
        "aim": aim,
    }
    if not same_bytes:
        record["raw_hex"] = raw.hex()
    if extra:
        record.update(extra)
    record["interpreted"] = interpreted
    db = driver_connection(conn)
    outbox_id, seq = _next_outbox_id(conn, db, who)
    db.execute(_INSERT_EVENT,
        (outbox_id, scan_id, who.station_id, who.incarnation_id, seq, kind,
         compact_json(record), ts_text),
    )  # fmt: skip
    return scan_id
