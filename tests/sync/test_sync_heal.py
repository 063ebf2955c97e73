# SPDX-License-Identifier: Apache-2.0
"""A store copied back by hand over a newer copy heals through the station's own
least-privilege login on the real PostgreSQL: a new incarnation, its events sent again, the
other copy's movements pulled in, an alarm on the station and in ``central_alerts``; no event
is lost. What cannot heal (an event central refused) stays counted on screen until a
supervisor settles it, which writes ``resolved_at``."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from station.cli import main as station_main
from station.core.store import schema
from station.core.store.events import StationIdentity, append_event
from station.core.store.tables.sync_state import sync_parked
from sync.central_link import open_central
from sync.central_schema import central_events

from .sync_fixtures import (
    NOW,
    Stations,
    balances,
    central_balances,
    drop_logins,
    post,
    post_many,
    seed_central,
    station_login,
    sync_settled,
)

pytestmark = pytest.mark.postgres

RUN = uuid.uuid4().hex[:8]
ST1, ST2 = f"ST-1-{RUN}", f"ST-2-{RUN}"


@pytest.fixture
def pg(pg_url: str) -> Iterator[Engine]:
    engine = open_central(pg_url)
    seed_central(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def logins(pg: Engine, pg_admin: Engine, tmp_path: Path) -> Iterator[dict[str, Engine]]:
    made = {st: station_login(pg, st, tmp_path) for st in (ST1, ST2)}
    yield made
    for engine in made.values():
        engine.dispose()
    roles = (f"station_st_1_{RUN}", f"station_st_2_{RUN}")
    with pg_admin.connect() as conn:
        for role in roles:
            conn.execute(text(f'REVOKE ALL ON DATABASE "{pg.url.database}" FROM "{role}"'))
    with pg.begin() as conn:
        for role in roles:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
    drop_logins(pg_admin, f"%{RUN}")


def _alerts(pg: Engine) -> list[str]:
    with pg.connect() as conn:
        return list(conn.execute(text("SELECT kind FROM central_alerts ORDER BY key")).scalars())


def test_a_store_copied_back_by_hand_heals_and_loses_no_event(
    pg: Engine, logins: dict[str, Engine], stations: Stations, tmp_path: Path
) -> None:
    path = tmp_path / f"{ST1}.db"
    s1, s2 = stations.make(ST1), stations.make(ST2)
    assert sync_settled(s1, logins[ST1]).ok and sync_settled(s2, logins[ST2]).ok
    post_many(s1, 8)
    s1.backup(tmp_path / "old.db")  # the copy someone keeps, at seq 8
    post_many(s1, 12)
    assert sync_settled(s1, logins[ST1]).waiting == 0  # central holds seq 1..20
    s1.close()
    shutil.copyfile(tmp_path / "old.db", path)  # copied back by hand, no `station restore`
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    back = stations.reopen(path)
    old = back.incarnation_id
    for _ in range(17):  # 17 new receipts of 2: seq 9..25, of which 9..20 are taken
        post(back, "PPE-0001", "A-01", "2")
    result = sync_settled(back, logins[ST1])
    assert result.ok, result.error
    assert result.copied_back and back.incarnation_id != old
    assert (result.waiting, result.parked_open) == (0, 0)
    assert "store.copied_back" in result.alarms
    assert "sync.clash" not in result.alarms  # one alarm stands for the 12 clashes it settled
    assert "store.copied_back" in _alerts(pg)
    with back.reading() as conn:
        settled = conn.execute(
            select(func.count()).where(sync_parked.c.resolved_at.is_not(None))
        ).scalar_one()
    assert settled == 12
    # every event of both copies is at central once: 20 receipts of 1 and 17 of 2
    with pg.connect() as conn:
        held = conn.execute(
            select(func.count())
            .select_from(central_events)
            .where(central_events.c.station_id == ST1)
        ).scalar_one()
    assert held == 37
    everything = {("PPE-0001", "A-01", None): Decimal(20 + 34)}
    assert central_balances(pg) == everything
    assert balances(back) == everything  # the other copy's 12 receipts pulled in
    assert sync_settled(s2, logins[ST2]).ok and balances(s2) == everything
    again = sync_settled(back, logins[ST1])  # settled: nothing more to heal or send
    assert again.ok and not again.copied_back and again.pushed == 0


def test_an_event_that_cannot_heal_stays_counted_until_a_supervisor_settles_it(
    pg: Engine, logins: dict[str, Engine], stations: Stations, capsys: pytest.CaptureFixture[str]
) -> None:
    s1 = stations.make(ST1)
    assert sync_settled(s1, logins[ST1]).ok
    with s1.transaction() as conn:  # a movement without its uuid: central refuses it
        item = conn.execute(select(schema.items.c.id).where(schema.items.c.sku == "PPE-0001"))
        who = StationIdentity(s1.station_id, s1.incarnation_id)
        bad, _seq = append_event(
            conn, who, "movement", {"kind": "receipt", "item_id": item.scalar(), "qty": "1"}, NOW
        )
    result = sync_settled(s1, logins[ST1])
    assert result.ok and result.parked_open == 1 and "sync.refused" in result.alarms
    assert "sync.refused" in _alerts(pg)
    assert sync_settled(s1, logins[ST1]).parked_open == 1  # still shown next round
    db = ["--db", str(s1.path)]
    assert station_main(["parked", *db]) == 0
    listed = capsys.readouterr().out
    assert bad in listed and "a movement needs its uuid" in listed and "not settled" in listed
    assert station_main(["parked", "--resolve", bad, *db]) == 2  # says what was done, or not
    assert station_main(["parked", "--resolve", bad, "--note", "re-entered by hand", *db]) == 0
    assert station_main(["parked", "--resolve", bad, "--note", "twice", *db]) == 2
    with s1.reading() as conn:
        row = conn.execute(select(sync_parked.c.resolved_at, sync_parked.c.resolution)).one()
    assert row.resolved_at is not None and row.resolution == "settled by hand: re-entered by hand"
    assert sync_settled(s1, logins[ST1]).parked_open == 0
