# SPDX-License-Identifier: Apache-2.0
"""Central takes a station's events only through its ingest function: a malformed event is
refused at push and parked with an alarm, one that reached central anyway is parked by the
pulling station with a central alert, and the other stations keep syncing. A station's login
cannot choose an event's id or transaction id, nor push for another station."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from station.core.store import schema
from station.core.store.events import StationIdentity, append_event
from station.core.store.tables.sync_state import sync_parked
from sync.central_link import open_central
from sync.service import sync_once

from .sync_fixtures import (
    NOW,
    Stations,
    balances,
    drop_logins,
    post,
    seed_central,
    station_login,
    sync_settled,
)

pytestmark = pytest.mark.postgres

RUN = uuid.uuid4().hex[:8]
ST1, ST2 = f"ST-1-{RUN}", f"ST-2-{RUN}"


@pytest.fixture
def pg(pg_url: str, pg_admin: Engine) -> Iterator[Engine]:
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
    with pg_admin.connect() as conn:  # the role's grants live in the test's database
        for role in (f"station_st_1_{RUN}", f"station_st_2_{RUN}"):
            conn.execute(text(f'REVOKE ALL ON DATABASE "{pg.url.database}" FROM "{role}"'))
    with pg.begin() as conn:
        for role in (f"station_st_1_{RUN}", f"station_st_2_{RUN}"):
            conn.execute(text(f'DROP OWNED BY "{role}"'))
    drop_logins(pg_admin, f"%{RUN}")


def _poison(store: object) -> None:
    """A movement event without its movement uuid, as a buggy station version would queue."""
    with store.transaction() as conn:  # type: ignore[attr-defined]
        item = conn.execute(
            select(schema.items.c.id).where(schema.items.c.sku == "PPE-0001")
        ).scalar_one()
        loc = conn.execute(
            select(schema.locations.c.id).where(schema.locations.c.code == "A-01")
        ).scalar_one()
        who = StationIdentity(store.station_id, store.incarnation_id)  # type: ignore[attr-defined]
        payload = {"kind": "receipt", "item_id": item, "location_id": loc, "qty": "7"}
        append_event(conn, who, "movement", {**payload, "ts": NOW.isoformat()}, NOW)


def _alert_kinds(pg: Engine) -> list[str]:
    with pg.connect() as conn:
        return list(conn.execute(text("SELECT kind FROM central_alerts ORDER BY key")).scalars())


def test_a_malformed_event_is_refused_at_push_parked_with_an_alarm_and_sync_goes_on(
    pg: Engine, logins: dict[str, Engine], stations: Stations
) -> None:
    s1, s2 = stations.make(ST1), stations.make(ST2)
    assert sync_settled(s1, logins[ST1]).ok and sync_settled(s2, logins[ST2]).ok
    post(s1, "PPE-0001", "A-01", "4")
    _poison(s1)
    post(s1, "PPE-0001", "A-01", "1")
    pushed = sync_settled(s1, logins[ST1])
    assert pushed.ok, pushed.error
    assert (pushed.pushed, pushed.parked, pushed.waiting) == (2, 1, 0)
    assert "sync.refused" in pushed.alarms
    with s1.reading() as conn:
        parked = conn.execute(select(sync_parked.c.reason)).scalars().all()
    assert parked == ["a movement needs its uuid"]
    assert "sync.refused" in _alert_kinds(pg)
    post(s1, "PPE-0001", "A-01", "2")  # the station's sequence goes on past the refused event
    assert sync_settled(s1, logins[ST1]).pushed == 1
    pulled = sync_settled(s2, logins[ST2])
    assert pulled.ok and pulled.pulled_movements == 3
    assert balances(s2) == {("PPE-0001", "A-01", None): Decimal(7)}


def test_an_event_the_pulling_station_cannot_apply_is_parked_and_alerted_centrally(
    pg: Engine, logins: dict[str, Engine], stations: Stations
) -> None:
    s1, s2 = stations.make(ST1), stations.make(ST2)
    assert sync_settled(s1, logins[ST1]).ok and sync_settled(s2, logins[ST2]).ok
    with pg.begin() as conn:  # as a central of an earlier release would have taken it
        conn.execute(
            text(
                "INSERT INTO central_events (station_id, incarnation_id, seq, uuid, kind, "
                "payload, created_at) VALUES (:s, 'old', 1, :u, 'movement', :p, 'now')"
            ),
            {"s": "ST-OLD", "u": str(uuid.uuid4()), "p": json.dumps({"qty": "3"})},
        )
    post(s1, "PPE-0001", "A-01", "5")
    assert sync_settled(s1, logins[ST1]).ok
    pulled = sync_settled(s2, logins[ST2])
    assert pulled.ok, pulled.error
    assert pulled.pulled_movements == 1
    assert "sync.bad_event" in pulled.alarms
    assert balances(s2) == {("PPE-0001", "A-01", None): Decimal(5)}
    assert "sync.bad_event" in _alert_kinds(pg)
    again = sync_settled(s2, logins[ST2])  # passed once, parked once: never retried for ever
    assert again.ok and again.pulled_movements == 0
    with s2.reading() as conn:
        assert len(conn.execute(select(sync_parked.c.uuid)).all()) == 1


def test_a_movement_whose_quantity_and_cost_are_json_numbers_is_applied_exactly(
    pg: Engine, logins: dict[str, Engine], stations: Stations
) -> None:
    s2 = stations.make(ST2)
    assert sync_settled(s2, logins[ST2]).ok
    payload = {
        "uuid": str(uuid.uuid4()),
        "kind": "receipt",
        "item_sku": "PPE-0001",
        "location_code": "A-01",
        "qty": 2.5,
        "unit_cost": 1.2,
        "ts": "2026-11-24T17:30:00+08:00",
    }
    with pg.begin() as conn:  # another writer's JSON: numbers, not decimal strings
        conn.execute(
            text(
                "INSERT INTO central_events (station_id, incarnation_id, seq, uuid, kind, "
                "payload, created_at) VALUES ('ST-OLD', 'old', 1, :u, 'movement', :p, 'now')"
            ),
            {"u": str(uuid.uuid4()), "p": json.dumps(payload)},
        )
    pulled = sync_settled(s2, logins[ST2])
    assert pulled.ok, pulled.error
    assert pulled.pulled_movements == 1
    assert balances(s2) == {("PPE-0001", "A-01", None): Decimal("2.5")}
    with s2.reading() as conn:
        value, ts_utc = conn.execute(
            select(schema.balances.c.value, schema.movements.c.ts_utc).join(
                schema.movements, schema.movements.c.id == schema.balances.c.last_movement_id
            )
        ).one()
    assert (Decimal(str(value)), ts_utc) == (Decimal("3"), "2026-11-24T09:30:00+00:00")


def test_a_station_login_cannot_choose_ids_nor_push_for_another_station(
    pg: Engine, logins: dict[str, Engine], stations: Stations
) -> None:
    login = logins[ST1]
    with login.connect() as conn, pytest.raises(DBAPIError, match="permission denied"):
        conn.execute(
            text(
                "INSERT INTO central_events (id, xid, station_id, incarnation_id, seq, uuid, "
                "kind, payload, created_at) VALUES (1, '1', :s, 'x', 1, 'u', 'movement', "
                "'{}', 'now')"
            ),
            {"s": ST1},
        )
    impostor = stations.make(ST2, "impostor")  # a store claiming ST-2, with ST-1's login
    assert sync_settled(impostor, pg).ok  # master data via the admin
    post(impostor, "PPE-0001", "A-01", "9")
    result = sync_once(impostor, login)
    assert not result.ok and result.reason == "refused"
    assert result.waiting == 1  # nothing lost, nothing marked sent
    with pg.connect() as conn:
        held = conn.execute(
            text("SELECT count(*) FROM central_events WHERE station_id = :s"), {"s": ST2}
        )
        assert held.scalar_one() == 0


def _malformed_movements() -> list[tuple[str, str]]:
    """(kind, payload): a well-formed movement with each checked field missing, renamed or
    set to every kind of wrong (and right) value, and payloads that are no JSON object."""
    good: dict[str, object] = {
        "uuid": str(uuid.uuid4()),
        "kind": "receipt",
        "item_sku": "PPE-0001",
        "location_code": "A-01",
        "qty": "1",
        "unit_cost": "2.50",
        "ts": NOW.isoformat(),
        "lot_no": None,
    }
    values: list[object] = [
        None, True, False, 0, 1.5, -3, 12345678901234567890123456789012, "", "x", "1", "-2",
        "1.5", "1.", ".5", "1e5", "01", " 1", [], [1], {}, {"a": 1}, str(uuid.uuid4()),
        uuid.uuid4().hex.upper(), "0123456789abcdef0123456789abcdef-----",
        "0123456789abcdef0123456789abcdeK", "é123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef\n", "2026-11-24 09:30", "2026-11-24T09:3",
    ]  # fmt: skip
    made = [("movement", json.dumps(good))]
    for key in ("uuid", "kind", "item_sku", "location_code", "qty", "unit_cost", "ts"):
        for value in values:
            made.append(("movement", json.dumps({**good, key: value})))
        made.append(("movement", json.dumps({k: v for k, v in good.items() if k != key})))
    text_of = json.dumps(good)
    for key in ("uuid", "kind", "item_sku", "location_code", "qty", "unit_cost", "ts"):
        right = str(good[key])
        made += [
            ("movement", json.dumps({**good, key: [right]})),  # a right value in an array
            # the right value with its first character escaped, and the key given twice
            ("movement", text_of.replace(f'"{right}"', f'"\\u{ord(right[0]):04x}{right[1:]}"')),
            ("movement", text_of[:-1] + f', "{key}": 7}}'),  # the later value counts
            ("movement", text_of.replace("{", f'{{"{key}": 7, ', 1)),
            ("movement", json.dumps({**good, key: right + "\\"})),
        ]
    for value in ([], "s", 1, None, True, {}):
        made += [("movement", json.dumps(value)), ("count", json.dumps(value))]
    return made


def test_central_refuses_each_malformed_movement_for_the_reason_it_always_gave(
    pg: Engine,
) -> None:
    """The ingest's cheaper checks (migration c010) give every payload the answer of the checks
    a station pushed against before (c003), refusal reason for refusal reason: the function
    alone, and the ingest itself over a staged batch of the whole corpus."""
    from sync.central_migrations.versions.c003_ingest_function import PROBLEM_CASE
    from sync.push import _STAGING, _STAGING_COLUMNS

    corpus = _malformed_movements()
    earlier = PROBLEM_CASE.format(p="p", kind="k")
    with pg.connect() as conn:
        answers = conn.execute(
            text(
                f"SELECT central_event_problem(k, p), {earlier} FROM "
                "(SELECT k, p::jsonb AS p FROM unnest(CAST(:k AS text[]), CAST(:p AS text[])) "
                "AS c(k, p)) c"
            ),
            {"k": [k for k, _p in corpus], "p": [p for _k, p in corpus]},
        ).all()
        conn.execute(text(_STAGING))
        conn.execute(
            text(
                f"INSERT INTO sync_staging ({_STAGING_COLUMNS}) SELECT 'ST-X', :i, n, "
                "gen_random_uuid()::text, k, p, :t "
                "FROM unnest(CAST(:k AS text[]), CAST(:p AS text[])) WITH ORDINALITY AS c(k, p, n)"
            ),
            {
                "i": RUN,
                "t": NOW.isoformat(),
                "k": [k for k, _p in corpus],
                "p": [p for _k, p in corpus],
            },
        )
        inserted, seqs, problems = conn.execute(text("SELECT * FROM central_ingest_events()")).one()
        conn.rollback()
    assert [now for now, _before in answers] == [before for _now, before in answers]
    by_seq = dict(zip(seqs, problems, strict=True))
    assert [by_seq.get(n) for n in range(1, len(corpus) + 1)] == [b for _n, b in answers]
    assert inserted == len(corpus) - len(seqs)
    refused = sum(1 for now, _before in answers if now)
    assert 0 < refused < len(corpus)
