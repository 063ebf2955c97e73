# SPDX-License-Identifier: Apache-2.0
"""The audit chain's head, anchored outside the database.

A hash chain alone shows an edited entry, but someone who can write the database can also
recompute every hash after their edit. So after each commit that adds audit entries, the head
(entry id and hash) is written to an anchor file beside the database, sealed with an HMAC whose
key lives in the station's config directory, never in the database. ``verify`` then checks
that the chain still passes through the anchored entry with the anchored hash. (Once sync runs,
the central copy of the head is a second anchor.)

Failure modes: a missing anchor file means nothing was anchored yet (reported, not an error);
a missing key file is created (mode 600) on first use.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, select

from . import schema


@dataclass(frozen=True)
class AnchorCheck:
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

    def write(self, station_id: str, entry_id: int, digest: str) -> None:
        """Anchor the head; atomic (write, fsync, rename)."""
        body = {
            "station_id": station_id,
            "entry_id": entry_id,
            "hash": digest,
            "mac": self._mac(station_id, entry_id, digest),
        }
        tmp = self.anchor_path.with_name(self.anchor_path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(body, fh)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(self.anchor_path)

    def check(self, conn: Connection, station_id: str) -> AnchorCheck:
        if not self.anchor_path.exists():
            return AnchorCheck(True, None, "no anchor written yet")
        try:
            body = json.loads(self.anchor_path.read_text(encoding="utf-8"))
            entry_id, digest = int(body["entry_id"]), str(body["hash"])
            mac = str(body["mac"])
        except (ValueError, KeyError, TypeError):
            return AnchorCheck(False, None, "the anchor file is unreadable")
        if not hmac.compare_digest(mac, self._mac(station_id, entry_id, digest)):
            return AnchorCheck(False, entry_id, "the anchor file was not written by this station")
        stored = conn.execute(
            select(schema.audit_log.c.hash).where(schema.audit_log.c.id == entry_id)
        ).scalar()
        if stored is None:
            return AnchorCheck(False, entry_id, f"entry {entry_id} of the anchored chain is gone")
        if stored != digest:
            return AnchorCheck(
                False,
                entry_id,
                f"the chain was rewritten: entry {entry_id} no longer has the anchored hash",
            )
        return AnchorCheck(True, entry_id)
