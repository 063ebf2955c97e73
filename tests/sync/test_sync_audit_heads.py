# SPDX-License-Identifier: Apache-2.0
"""Audit heads reach central only through ``central_report_audit_head()`` as an append-only
history, tried with a station's own least-privilege login on the real PostgreSQL: the login
cannot change or delete a head; a rewritten or shortened chain raises an alert in
``central_alerts``; a legitimate ``station restore`` keeps anchoring with no alarm."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from station.core.backup_restore import restore_backup
from station.core.store.database import Store
from station.core.store.events import append_audit
from sync.central_link import open_central
from sync.central_schema import central_audit_head_log

from .sync_fixtures import NOW, Stations, drop_logins, seed_central, station_login, sync_settled

pytestmark = pytest.mark.postgres

RUN = uuid.uuid4().hex[:8]
ST1 = f"ST-1-{RUN}"
ROLE = f"station_st_1_{RUN}"


@pytest.fixture
def pg(pg_url: str) -> Iterator[Engine]:
    engine = open_central(pg_url)
    seed_central(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def login(pg: Engine, pg_admin: Engine, tmp_path: Path) -> Iterator[Engine]:
    engine = station_login(pg, ST1, tmp_path)
    yield engine
    engine.dispose()
    with pg_admin.connect() as conn:
        conn.execute(text(f'REVOKE ALL ON DATABASE "{pg.url.database}" FROM "{ROLE}"'))
    with pg.begin() as conn:
        conn.execute(text(f'DROP OWNED BY "{ROLE}"'))
    drop_logins(pg_admin, f"%{RUN}")


def _audit(store: Store, n: int) -> None:
    with store.transaction() as conn:
        for i in range(n):
            append_audit(conn, NOW, None, "test.entry", {"n": i})


def _alerts(pg: Engine) -> list[str]:
    with pg.connect() as conn:
        return list(conn.execute(text("SELECT kind FROM central_alerts ORDER BY key")).scalars())


def _heads(pg: Engine) -> list[tuple[int, bool]]:
    h = central_audit_head_log.c
    with pg.connect() as conn:
        rows = conn.execute(
            select(h.entries, h.extends).where(h.station_id == ST1).order_by(h.id)
        ).all()
    return [(int(e), bool(x)) for e, x in rows]


def test_a_station_login_cannot_change_or_remove_its_reported_heads(
    pg: Engine, login: Engine, stations: Stations
) -> None:
    s1 = stations.make(ST1)
    _audit(s1, 3)
    assert sync_settled(s1, login).ok
    assert _heads(pg) == [(3, True)]
    for statement in (
        "UPDATE central_audit_head_log SET head_hash = 'x'",
        "DELETE FROM central_audit_head_log",
        "UPDATE central_audit_heads SET head_hash = 'x'",
        "INSERT INTO central_audit_head_log (station_id, incarnation_id, entries, head_hash, "
        f"base_entries, extends, reported_at) VALUES ('{ST1}', 'i', 9, 'x', 9, true, 'now')",
        "DELETE FROM central_alerts",
    ):
        with login.connect() as conn, pytest.raises(DBAPIError):
            conn.execute(text(statement))
            conn.commit()
    assert _heads(pg) == [(3, True)]
    assert sync_settled(s1, login).ok and _heads(pg) == [(3, True)]  # idle: nothing written
    _audit(s1, 2)
    assert sync_settled(s1, login).ok and _heads(pg) == [(3, True), (5, True)]
    assert _alerts(pg) == []


def _rewrite(path: Path, sql: str) -> None:
    with sqlite3.connect(path) as raw:  # someone with the file: triggers off, chain rewritten
        raw.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        raw.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        raw.execute(sql)
    raw.close()


def test_a_rewritten_chain_is_raised_centrally_and_anchoring_goes_on(
    pg: Engine, login: Engine, stations: Stations
) -> None:
    s1 = stations.make(ST1)
    _audit(s1, 4)
    assert sync_settled(s1, login).ok
    path = s1.path
    s1.close()
    _rewrite(path, "UPDATE audit_log SET hash = 'f' || substr(hash, 2) WHERE id >= 2")
    again = stations.reopen(path)
    _audit(again, 1)
    result = sync_settled(again, login)
    assert "audit.rewritten" in result.alarms
    assert "audit.rewritten" in _alerts(pg)
    assert _heads(pg)[-1] == (5, False)
    _audit(again, 1)  # central anchors the chain as it now is: one alert, not one a round
    assert sync_settled(again, login).ok
    assert _heads(pg)[-1] == (6, True)
    assert _alerts(pg).count("audit.rewritten") == 1


def test_deleted_last_entries_are_raised_centrally(
    pg: Engine, login: Engine, stations: Stations
) -> None:
    s1 = stations.make(ST1)
    _audit(s1, 5)
    assert sync_settled(s1, login).ok
    path = s1.path
    s1.close()
    _rewrite(path, "DELETE FROM audit_log WHERE id > 3")
    again = stations.reopen(path)
    assert "audit.shorter" in sync_settled(again, login).alarms
    assert "audit.shorter" in _alerts(pg)


def test_a_legitimate_restore_keeps_central_anchoring_without_an_alarm(
    pg: Engine, login: Engine, stations: Stations, tmp_path: Path
) -> None:
    s1 = stations.make(ST1)
    _audit(s1, 2)
    assert sync_settled(s1, login).ok
    _audit(s1, 1)
    backup = s1.backup(tmp_path / "backup.db")  # 3 entries, one past the last report
    _audit(s1, 3)
    assert sync_settled(s1, login).ok  # central has heads at 2 and 6
    path = s1.path
    s1.close()
    restore_backup(backup, path)
    restored = stations.reopen(path)
    result = sync_settled(restored, login)
    assert result.ok, result.error
    assert not {"audit.rewritten", "audit.shorter"} & set(result.alarms)
    assert _alerts(pg) == []
    assert _heads(pg) == [(2, True), (6, True), (4, True)]
    _audit(restored, 2)
    assert sync_settled(restored, login).ok
    assert _heads(pg)[-1] == (6, True) and _alerts(pg) == []
