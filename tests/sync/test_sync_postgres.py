# SPDX-License-Identifier: Apache-2.0
"""Sync against the real PostgreSQL: the commit-order-safe cursor, a link cut mid-batch, a
SIGKILL mid-sync, the station's least-privilege login, and the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from station.cli import main as station_main
from station.core.store import schema
from sync import push as push_module
from sync.central_link import open_central
from sync.credentials import read_secret
from sync.grants import grant_station, role_name
from sync.local_state import push_positions
from sync.push import PUSH_BATCH, READ_CHUNK, batch_for, push
from sync.service import sync_once

from .sync_fixtures import (
    NOW,
    Stations,
    assert_exactly_once,
    balances,
    central_balances,
    post,
    post_many,
    seed_central,
    settle,
    sync_settled,
)
from .tcp_proxy import proxy_to

pytestmark = pytest.mark.postgres

CHANGE = (
    "INSERT INTO central_changes (kind, key, op, payload, changed_at) VALUES "
    "('location', :code, 'upsert', :payload, '2026-11-24T09:30:00+00:00')"
)


@pytest.fixture
def pg(pg_url: str) -> Engine:
    engine = open_central(pg_url)
    seed_central(engine)
    return engine


def _locations(store: object) -> set[str]:
    with store.reading() as conn:  # type: ignore[attr-defined]
        return set(conn.execute(text("SELECT code FROM locations")).scalars())


def test_the_cursor_never_steps_past_an_uncommitted_earlier_change(
    pg: Engine, stations: Stations
) -> None:
    s1 = stations.make("ST-1")
    assert sync_once(s1, pg).ok
    early = pg.connect()
    late = pg.connect()
    try:
        early.begin()
        early.execute(text(CHANGE), {"code": "Z-EARLY", "payload": '{"code":"Z-EARLY"}'})
        late.begin()
        late.execute(text(CHANGE), {"code": "Z-LATE", "payload": '{"code":"Z-LATE"}'})
        ids = late.execute(text("SELECT max(id) FROM central_changes")).scalar_one()
        late.commit()  # the later change sequence commits first
        first = sync_once(s1, pg)
        assert first.ok
        assert "Z-EARLY" not in _locations(s1)
        early.commit()
        second = sync_settled(s1, pg)  # other runs on a shared server may hold the horizon
        assert second.ok
        assert {"Z-EARLY", "Z-LATE"} <= _locations(s1)
        assert ids > 0
    finally:
        early.close()
        late.close()


def test_a_cut_link_mid_batch_ends_with_every_event_exactly_once(
    pg: Engine, pg_url: str, stations: Stations
) -> None:
    s1 = stations.make("ST-1")
    assert sync_settled(s1, pg).ok
    post_many(s1, 2000)
    port = int(pg.url.port or 5432)
    with proxy_to("127.0.0.1", port) as proxy:
        via = open_central(pg_url.replace(f":{port}/", f":{proxy.port}/"))
        # About 150 kB a batch: inside the fourth, which starts only after the first two
        # committed (two batches are in central at a time)
        proxy.cut_after(600_000)
        cut = sync_settled(s1, via, push_batch=300)
        assert not cut.ok and cut.reason == "unreachable"
        assert 0 < cut.waiting < 2000  # some batches committed, one was cut mid-way
        proxy.heal()
        proxy.latency(0.001)
        proxy.reset()  # drop whatever is left open, then go on through the slow link
        healed = sync_settled(s1, via, push_batch=300)
        assert healed.ok, healed.error
        via.dispose()
    assert_exactly_once(pg, s1)
    assert central_balances(pg) == {("PPE-0001", "A-01", None): Decimal(2000)}


def test_fewer_than_two_batches_waiting_go_in_two_halves() -> None:
    """So central ingests the first half while the station reads and copies the second."""
    assert batch_for(PUSH_BATCH, PUSH_BATCH) == PUSH_BATCH // 2
    assert batch_for(2 * PUSH_BATCH - 1, PUSH_BATCH) == PUSH_BATCH
    assert batch_for(3001, PUSH_BATCH) == 1501
    assert batch_for(2 * READ_CHUNK - 1, PUSH_BATCH) == PUSH_BATCH  # too few to be worth it
    assert batch_for(2 * PUSH_BATCH, PUSH_BATCH) == PUSH_BATCH  # two batches overlap anyway
    assert batch_for(5000, 300) == 300


def _central_transactions(pg: Engine, station_id: str) -> list[tuple[int, int, int]]:
    """(first seq, last seq, xid) of each central transaction that took the station's events."""
    with pg.connect() as conn:
        return [
            (int(a), int(b), int(x))
            for a, b, x in conn.execute(
                text(
                    "SELECT min(seq), max(seq), xid::text::bigint FROM central_events "
                    "WHERE station_id = :s GROUP BY xid ORDER BY min(seq)"
                ),
                {"s": station_id},
            )
        ]


def test_a_backlog_of_a_few_thousand_goes_in_two_ordered_batches(
    pg: Engine, stations: Stations
) -> None:
    s1 = stations.make("ST-1")
    assert sync_settled(s1, pg).ok
    post_many(s1, 3000)
    seen: list[tuple[int, int]] = []
    pushed = push(s1, pg, lambda: NOW, lambda _stage, done, total: seen.append((done, total)))
    assert pushed.pushed == 3000
    assert seen == [(1500, 3000), (3000, 3000)]  # acknowledged in order, a half at a time
    halves = _central_transactions(pg, "ST-1")
    assert [(a, b) for a, b, _x in halves] == [(1, 1500), (1501, 3000)]
    assert halves[0][2] < halves[1][2]
    assert_exactly_once(pg, s1)


def test_a_failed_first_half_rolls_back_the_second_and_both_go_again(
    pg: Engine, stations: Stations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second half was copied and ingested on its own connection when the first failed:
    it is rolled back (abandoned; its gap check, after the first, would refuse it too), nothing
    is acknowledged, and the next push takes both, once."""
    s1 = stations.make("ST-1")
    assert sync_settled(s1, pg).ok
    post_many(s1, 3000)
    ingest_chunks = push_module.ingest_chunks
    second_in = threading.Event()

    def first_fails(central: object, chunks: object, *args: object, **kwargs: object) -> object:
        rows, result = ingest_chunks(central, chunks, *args, **kwargs)  # type: ignore[arg-type]
        if int(rows[0][2]) != 1:
            second_in.set()
            return rows, result
        assert second_in.wait(30)  # the second half is in central, uncommitted
        raise RuntimeError("central fell over")

    monkeypatch.setattr(push_module, "ingest_chunks", first_fails)
    with pytest.raises(RuntimeError, match="fell over"):
        push(s1, pg, lambda: NOW, lambda *_: None)
    assert second_in.is_set()
    assert _central_transactions(pg, "ST-1") == []
    with s1.reading() as conn:
        assert not any(push_positions(conn, "ST-1").values())
    monkeypatch.undo()
    pushed = push(s1, pg, lambda: NOW, lambda *_: None)
    assert (pushed.pushed, pushed.already_there) == (3000, 0)
    assert_exactly_once(pg, s1)


def test_sigkill_mid_sync_ends_with_every_event_exactly_once(
    pg: Engine, pg_url: str, stations: Stations
) -> None:
    s1 = stations.make("ST-1")
    assert sync_settled(s1, pg).ok
    post_many(s1, 1500)
    path = s1.path
    s1.close()
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("sync_child.py")), str(path), pg_url],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("BATCH 5 "):
            child.send_signal(signal.SIGKILL)
            break
    child.wait(30)
    assert child.returncode == -signal.SIGKILL
    again = stations.reopen(path)
    result = sync_settled(again, pg)
    assert result.ok and result.waiting == 0
    assert_exactly_once(pg, again)


RUN = uuid.uuid4().hex[:8]
"""Logins are cluster-wide: each run's station ids (and so role names) are its own."""
ST1 = f"ST-1-{RUN}"


@pytest.fixture
def roles(pg_url: str) -> Iterator[list[str]]:
    """Roles a test creates; dropped afterwards (before its database is)."""
    made: list[str] = []
    yield made
    admin = open_central(pg_url)
    with admin.begin() as conn:
        for role in made:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()


def _station_login(
    pg: Engine, pg_url: str, station_id: str, tmp_path: Path, roles: list[str]
) -> Engine:
    from sync.credentials import write_secret

    with pg.begin() as conn:
        role, password = grant_station(conn, station_id)
    roles.append(role)
    secret = write_secret(tmp_path / f"{station_id}.secret", password)
    user = pg.url.username or ""
    url = pg_url.replace(f"//{user}@", f"//{role}@")
    return open_central(url, read_secret(secret, required=True))


def test_the_station_login_syncs_but_cannot_write_for_others(
    pg: Engine, pg_url: str, stations: Stations, tmp_path: Path, roles: list[str]
) -> None:
    login = _station_login(pg, pg_url, ST1, tmp_path, roles)
    s1 = stations.make(ST1)
    assert sync_settled(s1, login).ok
    post(s1, "PPE-0001", "A-01", "4")
    result = sync_settled(s1, login)
    assert result.ok and result.pushed == 1, result.error
    with login.connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar_one() == role_name(ST1)
        assert not conn.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar_one()
    forbidden = [
        "INSERT INTO central_events (station_id, incarnation_id, seq, uuid, kind, payload, "
        "created_at) VALUES ('ST-2', 'x', 1, 'u-1', 'movement', '{}', 'now')",
        "UPDATE items SET name = 'hacked'",
        "INSERT INTO items (sku, name, updated_at) VALUES ('X', 'x', 'now')",
        "DELETE FROM central_events",
        "UPDATE central_events SET payload = '{}'",
        f"INSERT INTO central_station_logins VALUES ('{role_name(ST1)}', 'ST-2')",
        "UPDATE central_audit_heads SET station_id = 'ST-2'",
        "INSERT INTO central_changes (kind, key, op, payload, changed_at) "
        "VALUES ('item', 'X', 'delete', '{}', 'now')",
    ]
    for statement in forbidden:
        with login.connect() as conn, pytest.raises(DBAPIError):
            conn.execute(text(statement))
            conn.commit()
    assert central_balances(pg) == {("PPE-0001", "A-01", None): Decimal(4)}
    with pg.connect() as conn:
        assert (
            conn.execute(text("SELECT name FROM items WHERE sku = 'PPE-0001'")).scalar_one()
            == "Gloves"
        )
    login.dispose()


def test_a_station_cannot_push_events_under_another_station_id(
    pg: Engine, pg_url: str, stations: Stations, tmp_path: Path, roles: list[str]
) -> None:
    login = _station_login(pg, pg_url, ST1, tmp_path, roles)
    impostor = stations.make("ST-2")  # a store claiming to be ST-2, with ST-1's login
    assert sync_settled(impostor, pg).ok  # master data via the admin
    post(impostor, "PPE-0001", "A-01", "9")
    result = sync_settled(impostor, login)
    assert not result.ok
    assert result.waiting == 1  # nothing lost, nothing marked sent
    with pg.connect() as conn:
        held = conn.execute(text("SELECT count(*) FROM central_events WHERE station_id = 'ST-2'"))
        assert held.scalar_one() == 0
    login.dispose()


def test_the_cli_syncs_and_says_why_when_central_is_unreachable(
    pg: Engine, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.db"
    assert station_main(["init", "--db", str(db), "--station-id", "ST-CLI"]) == 0
    settle(pg)
    code = station_main(["sync", "--central", pg_url, "--once", "--db", str(db)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "synced:" in out.out and "pulled 5 master-data changes" in out.out
    from station.core.store.database import Store

    store = Store.open(db)
    try:
        assert balances(store) == {}
        with store.reading() as conn:
            skus = set(conn.execute(text("SELECT sku FROM items")).scalars())
        assert skus == {"PPE-0001", "PPE-0002"}
        assert schema.items is not None
    finally:
        store.close()
    bad = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    code = station_main(["sync", "--central", bad, "--once", "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 4
    assert "central cannot be reached" in err


def test_a_password_in_the_url_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = station_main(
        [
            "sync",
            "--central",
            "postgresql+psycopg://u:secret@127.0.0.1/db",
            "--once",
            "--db",
            str(tmp_path / "x.db"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "must not contain a password" in err and "secret" not in err.replace("secrets", "")


def test_central_init_import_and_grant_from_the_cli(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], roles: list[str]
) -> None:
    station = f"ST-9-{RUN}"
    roles.append(role_name(station))
    items = tmp_path / "items.csv"
    items.write_text("sku,name,unit_cost\nNEW-1,New thing,1.25\n", encoding="utf-8")
    assert station_main(["central", "init", "--url", pg_url]) == 0
    assert station_main(["central", "import", "items", str(items), "--url", pg_url]) == 0
    secret = tmp_path / "st9.secret"
    assert (
        station_main(
            ["central", "grant", "--url", pg_url, "--station", station, "--secret-out", str(secret)]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert role_name(station) in out
    password = read_secret(secret, required=True)
    assert password and password not in out
    assert secret.stat().st_mode & 0o077 == 0
