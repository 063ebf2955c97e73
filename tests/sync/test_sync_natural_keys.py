# SPDX-License-Identifier: Apache-2.0
"""Movement events carry their natural keys (SKU, location code, lot number and expiry, serial,
badges) from the moment they are written; events written by an earlier release without them
(already in outboxes in the field) get them as they are pushed. On any central."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, select

from station.core.store import schema
from station.core.store.catalog import lot_id_for
from station.core.store.database import Store
from station.core.store.events import StationIdentity, append_event, driver_connection
from station.core.store.ledger import KEYED_PREFIX, Movement, post_movement
from sync.central_schema import central_events
from sync.push import incarnations, read_batch, read_events

from .sync_fixtures import NOW, Stations, sync_settled

KEYS = ("item_sku", "location_code", "lot_no", "lot_expiry", "serial_no", "user_badge")


def _ok(store: Store, central: Engine) -> None:
    result = sync_settled(store, central)
    assert result.ok, result.error


def _ids(store: Store) -> tuple[int, int, int]:
    with store.reading() as conn:
        db = driver_connection(conn)
        item = db.execute("SELECT id FROM items WHERE sku = 'PPE-0001'").fetchone()[0]
        loc = db.execute("SELECT id FROM locations WHERE code = 'A-01'").fetchone()[0]
        user = db.execute("SELECT id FROM users WHERE badge = 'C001'").fetchone()[0]
    return int(item), int(loc), int(user)


def _outbox(store: Store) -> list[str]:
    with store.reading() as conn:
        rows = driver_connection(conn).execute(
            "SELECT payload FROM outbox WHERE kind = 'movement' ORDER BY id"
        )
        return [str(r[0]) for r in rows]


def _central_payloads(central: Engine, station_id: str) -> list[dict[str, object]]:
    e = central_events
    with central.connect() as conn:
        rows = conn.execute(
            select(e.c.payload)
            .where(e.c.station_id == station_id, e.c.kind == "movement")
            .order_by(e.c.seq)
        ).scalars()
        return [json.loads(p) for p in rows]


def test_a_movement_is_written_with_its_natural_keys(central: Engine, stations: Stations) -> None:
    store = stations.make("ST-K1")
    _ok(store, central)
    item, loc, user = _ids(store)
    who = StationIdentity(store.station_id, store.incarnation_id)
    with store.transaction() as conn:
        lot = lot_id_for(conn, item, "L-1", expiry=date(2027, 3, 31))
        post_movement(
            conn,
            who,
            Movement("receipt", item, loc, Decimal(4), lot_id=lot, user_id=user),
            NOW,
        )
    (written,) = _outbox(store)
    assert written.startswith(KEYED_PREFIX)
    body = json.loads(written)
    assert {k: body[k] for k in KEYS if k != "serial_no"} == {
        "item_sku": "PPE-0001",
        "location_code": "A-01",
        "lot_no": "L-1",
        "lot_expiry": "2027-03-31",
        "user_badge": "C001",
    }
    # a field that is null is left out: no serial, no second user
    assert {"serial_no", "serial_id", "user2_badge", "user2_id"}.isdisjoint(body)
    assert None not in body.values()
    assert body["unit_cost"] == "2.5"  # the item's cost, read by the same lookup
    with store.reading() as conn:
        ((inc, _top),) = incarnations(conn, store.station_id)
        (row,) = read_batch(conn, store.station_id, inc, 0, 10)
    assert row[5] == written  # pushed as written: no key added again
    _ok(store, central)
    assert _central_payloads(central, "ST-K1") == [body]


def test_an_event_written_without_keys_gets_them_when_pushed(
    central: Engine, stations: Stations
) -> None:
    """A movement event as an earlier release wrote it (no natural keys), then one written
    now, read in one chunk: the first gets its keys from the master data, the second is
    pushed as written."""
    store = stations.make("ST-K2")
    _ok(store, central)
    item, loc, user = _ids(store)
    who = StationIdentity(store.station_id, store.incarnation_id)
    with store.transaction() as conn:
        append_event(
            conn,
            who,
            "movement",
            {
                "uuid": "0190f3c2-0000-7000-8000-000000000001",
                "kind": "receipt",
                "item_id": item,
                "lot_id": None,
                "serial_id": None,
                "location_id": loc,
                "qty": Decimal(3),
                "unit_cost": Decimal("2.5"),
                "user_id": user,
                "user2_id": None,
                "reason": "",
                "reference": "",
                "ts": NOW.isoformat(),
            },
            NOW,
        )
        post_movement(conn, who, Movement("receipt", item, loc, Decimal(2)), NOW)
    old, new = _outbox(store)
    assert not old.startswith(KEYED_PREFIX) and new.startswith(KEYED_PREFIX)
    with store.reading() as conn:
        ((inc, _top),) = incarnations(conn, store.station_id)
        rows = read_batch(conn, store.station_id, inc, 0, 10)
        # read with the keys added at once (the chunk before lacked them): the same rows
        assert read_events(conn, store.station_id, inc, 0, 10, enrich=True) == (rows, True)
        assert read_events(conn, store.station_id, inc, 1, 10, enrich=True) == ([rows[1]], False)
        assert read_events(conn, store.station_id, inc, 1, 10, enrich=False) == ([rows[1]], False)
    assert rows[1][5] == new
    added = json.loads(rows[0][5])
    assert {k: added[k] for k in KEYS} == {
        "item_sku": "PPE-0001",
        "location_code": "A-01",
        "lot_no": None,
        "lot_expiry": None,
        "serial_no": None,
        "user_badge": "C001",
    }
    _ok(store, central)
    first, second = _central_payloads(central, "ST-K2")
    assert first == added and second == json.loads(new)


def test_a_lot_expiry_learned_later_reaches_the_other_stations(
    central: Engine, stations: Stations
) -> None:
    """A movement carries the expiry its station knew when it was written: a lot first
    received without one, then with one, both pushed later. The pulling station's lot takes
    the expiry from the second movement."""
    s1, s2 = stations.make("ST-K3"), stations.make("ST-K4")
    _ok(s1, central)
    _ok(s2, central)
    item, loc, _user = _ids(s1)
    who = StationIdentity(s1.station_id, s1.incarnation_id)
    for expiry in (None, date(2027, 6, 30)):
        with s1.transaction() as conn:
            lot = lot_id_for(conn, item, "L-9", expiry=expiry)
            post_movement(conn, who, Movement("receipt", item, loc, Decimal(1), lot_id=lot), NOW)
    _ok(s1, central)
    assert [p.get("lot_expiry") for p in _central_payloads(central, "ST-K3")] == [
        None,
        "2027-06-30",
    ]
    _ok(s2, central)
    with s2.reading() as conn:
        lots = conn.execute(
            select(schema.lots.c.lot_no, schema.lots.c.expiry).where(schema.lots.c.lot_no == "L-9")
        ).all()
    assert [(lot_no, str(expiry)) for lot_no, expiry in lots] == [("L-9", "2027-06-30")]
