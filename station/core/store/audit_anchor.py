# SPDX-License-Identifier: Apache-2.0
"""The audit chain's head, anchored outside the database.

A hash chain alone shows an edited entry, but someone who can write the database can also
recompute every hash after their edit. So after each commit that adds audit entries, the head
(entry id and hash) is written to an anchor file beside the database, sealed with an HMAC whose
key lives in the station's config directory, never in the database. ``verify`` then checks
that the chain still passes through the anchored entry with the anchored hash. (Once sync runs,
the central copy of the head is a second anchor.)

A copy of every anchor (the witness) is kept beside the key, named for the station and the
database's path, so deleting the anchor file, or putting back an older sealed one after
deleting the last entries, shows. :meth:`AuditAnchor.reseal` writes a new anchor only after
the chain from the anchored entry to the head verifies, so an audited action after a rewrite
never seals the rewritten chain; :meth:`AuditAnchor.restart` (a legitimate ``station
restore``) anchors the restored head after verifying the whole chain.

Failure modes: with neither file present nothing was anchored yet (reported, not an error);
a missing key file is created (mode 600) on first use.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from msgspec import Struct
from sqlalchemy import Connection

from .events import verify_audit_chain
from .raw_rows import fetch_tuple, fetch_value


class AnchorCheck(Struct, frozen=True):
    ok: bool
    anchored_id: int | None
    reason: str = ""


class AuditAnchor:
    def __init__(self, key_path: Path, anchor_path: Path) -> None:
        self.key_path = key_path
        self.anchor_path = anchor_path

    def _key(self) -> bytes:
        if not self.key_path.exists():
            self.key_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(32))
        return self.key_path.read_bytes()

    def _mac(self, station_id: str, entry_id: int, digest: str) -> str:
        message = f"{station_id}|{entry_id}|{digest}".encode()
        return hmac.new(self._key(), message, hashlib.sha256).hexdigest()

    def _witness_path(self, station_id: str) -> Path:
        place = f"{station_id}|{self.anchor_path.resolve()}".encode()
        name = hashlib.sha256(place).hexdigest()[:32]
        return self.key_path.with_name("audit-anchors") / f"{name}.json"

    def write(self, station_id: str, entry_id: int, digest: str) -> None:
        """Anchor the head, beside the database and in the witness; atomic (write, fsync,
        rename)."""
        body = {
            "station_id": station_id,
            "entry_id": entry_id,
            "hash": digest,
            "mac": self._mac(station_id, entry_id, digest),
        }
        witness = self._witness_path(station_id)
        witness.parent.mkdir(parents=True, exist_ok=True)
        for path in (witness, self.anchor_path):
            tmp = path.with_name(path.name + ".tmp")
            with tmp.open("w", encoding="utf-8") as fh:
                json.dump(body, fh)
                fh.flush()
                os.fsync(fh.fileno())
            tmp.replace(path)

    def reseal(self, conn: Connection, station_id: str) -> AnchorCheck:
        """Anchor the current head, but only when the anchor still holds and the entries
        after the anchored one link up to it; otherwise leave the anchor as it is and
        return why."""
        current = self.check(conn, station_id)
        if not current.ok:
            return current
        after = current.anchored_id or 0
        start = fetch_value(conn, "SELECT hash FROM audit_log WHERE id = ?", (after,))
        tail = verify_audit_chain(conn, after_id=after, prev_hash=start)
        if not tail.ok:
            return AnchorCheck(
                False, current.anchored_id, f"entry {tail.first_bad_id}: {tail.reason}"
            )
        return self._write_head(conn, station_id)

    def restart(self, conn: Connection, station_id: str) -> AnchorCheck:
        """After a legitimate restore: anchor the head if the whole chain verifies."""
        chain = verify_audit_chain(conn)
        if not chain.ok:
            return AnchorCheck(False, None, f"entry {chain.first_bad_id}: {chain.reason}")
        return self._write_head(conn, station_id)

    def _write_head(self, conn: Connection, station_id: str) -> AnchorCheck:
        row = fetch_tuple(conn, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", ())
        if row is None:
            return AnchorCheck(True, None, "no entries yet")
        self.write(station_id, int(row[0]), str(row[1]))
        return AnchorCheck(True, int(row[0]))

    def _read(self, path: Path) -> dict[str, object] | None:
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return body if isinstance(body, dict) else None

    def check(self, conn: Connection, station_id: str) -> AnchorCheck:
        witness_path = self._witness_path(station_id)
        if not self.anchor_path.exists():
            if witness_path.exists():
                return AnchorCheck(
                    False, None, "the anchor file is missing: it was deleted after anchoring"
                )
            return AnchorCheck(True, None, "no anchor written yet")
        body = self._read(self.anchor_path)
        if body is None:
            return AnchorCheck(False, None, "the anchor file is unreadable")
        if witness_path.exists() and self._read(witness_path) != body:
            return AnchorCheck(
                False, None, "the anchor file was replaced: it is not the last one written"
            )
        try:
            entry_id, digest = int(str(body["entry_id"])), str(body["hash"])
            mac = str(body["mac"])
        except (ValueError, KeyError, TypeError):
            return AnchorCheck(False, None, "the anchor file is unreadable")
        if not hmac.compare_digest(mac, self._mac(station_id, entry_id, digest)):
            return AnchorCheck(False, entry_id, "the anchor file was not written by this station")
        stored = fetch_value(conn, "SELECT hash FROM audit_log WHERE id = ?", (entry_id,))
        if stored is None:
            return AnchorCheck(False, entry_id, f"entry {entry_id} of the anchored chain is gone")
        if stored != digest:
            return AnchorCheck(
                False,
                entry_id,
                f"the chain was rewritten: entry {entry_id} no longer has the anchored hash",
            )
        return AnchorCheck(True, entry_id)
