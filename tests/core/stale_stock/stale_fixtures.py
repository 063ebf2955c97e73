# SPDX-License-Identifier: Apache-2.0
"""A hand-built ledger for the stale-stock tests; the right answers are worked out by hand in
the tests (as of 2026-11-24, station time Asia/Shanghai).

Items (cost): X1 glove PPE/Ann 2.50 (max 1000), X2 grease LUBE/Bob 10.00 (min shelf life 20
days), X3 sealant ADH/Ann 4.00 lotless (min 50), X4 bolt FAST/Bob 0.10 lotless.
Locations: A-01 (WH1/A), B-01 (WH1/B).

=========  ====  ======  =====  ========================  ==================
date       item  lot     loc    movement                  lot expiry
=========  ====  ======  =====  ========================  ==================
2025-06-01 X3    -       B-01   receipt +80
2025-10-01 X1    L0      B-01   receipt +40
2026-01-05 X4    -       A-01   receipt +1000
2026-03-01 X4    -       A-01   issue -500
2026-05-01 X3    -       B-01   issue -70
2026-07-01 X2    G1      A-01   receipt +30               2026-12-10
2026-09-01 X2    G2      A-01   receipt +5                2026-11-20
2026-10-01 X2    G3      A-01   receipt +10               2027-06-01
2026-10-25 X3    -       B-01   receipt +20
2026-11-10 X1    L1      A-01   opening +100
2026-11-20 X1    L1      A-01   issue -10
2026-11-24 X4    -       A-01   issue -300 (at 23:30 local: 15:30 UTC)
=========  ====  ======  =====  ========================  ==================
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from station.core.master_data import ItemData, upsert_item, upsert_location
from station.core.store import catalog, schema
from station.core.store.database import Store
from station.core.store.events import StationIdentity
from station.core.store.ledger import Movement, post_movement

TZ = ZoneInfo("Asia/Shanghai")
AS_OF = date(2026, 11, 24)


@dataclass(frozen=True)
class Ids:
    items: dict[str, int]
    locations: dict[str, int]
    lots: dict[str, int]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def build_ledger(store: Store) -> Ids:
    who = StationIdentity(store.station_id, store.incarnation_id)
    stamp = at(date(2025, 1, 1))
    with store.transaction() as conn:
        conn.execute(
            schema.settings.insert().values(
                key="timezone", value=json.dumps("Asia/Shanghai"), updated_at=stamp.isoformat()
            )
        )
        items = {
            "X1": ItemData("X1", "Nitrile glove 丁腈手套", unit="PR", unit_cost=Decimal("2.50"),
                           category="PPE", owner="Ann", max_qty=Decimal(1000)),
            "X2": ItemData("X2", "Grease EP2", unit="KG", unit_cost=Decimal("10.00"),
                           category="LUBE", owner="Bob", min_shelf_life_days=20),
            "X3": ItemData("X3", "Sealant", unit="TUBE", unit_cost=Decimal("4.00"),
                           category="ADH", owner="Ann", min_qty=Decimal(50)),
            "X4": ItemData("X4", "Bolt M6", unit="EA", unit_cost=Decimal("0.10"),
                           category="FAST", owner="Bob"),
        }  # fmt: skip
        item_ids = {k: upsert_item(conn, v, stamp)[0] for k, v in items.items()}
        loc_ids = {
            "A-01": upsert_location(conn, "A-01", zone="A", warehouse="WH1")[0],
            "B-01": upsert_location(conn, "B-01", zone="B", warehouse="WH1")[0],
        }
        lots: dict[str, int] = {}
        for lot, item, received, expiry in (
            ("L0", "X1", date(2025, 10, 1), None),
            ("L1", "X1", date(2026, 11, 10), None),
            ("G1", "X2", date(2026, 7, 1), date(2026, 12, 10)),
            ("G2", "X2", date(2026, 9, 1), date(2026, 11, 20)),
            ("G3", "X2", date(2026, 10, 1), date(2027, 6, 1)),
        ):
            lots[lot] = catalog.lot_id_for(
                conn, item_ids[item], lot, expiry=expiry, received=received
            )
        ledger = (
            (date(2025, 6, 1), "receipt", "X3", None, "B-01", 80),
            (date(2025, 10, 1), "receipt", "X1", "L0", "B-01", 40),
            (date(2026, 1, 5), "receipt", "X4", None, "A-01", 1000),
            (date(2026, 3, 1), "issue", "X4", None, "A-01", -500),
            (date(2026, 5, 1), "issue", "X3", None, "B-01", -70),
            (date(2026, 7, 1), "receipt", "X2", "G1", "A-01", 30),
            (date(2026, 9, 1), "receipt", "X2", "G2", "A-01", 5),
            (date(2026, 10, 1), "receipt", "X2", "G3", "A-01", 10),
            (date(2026, 10, 25), "receipt", "X3", None, "B-01", 20),
            (date(2026, 11, 10), "opening", "X1", "L1", "A-01", 100),
            (date(2026, 11, 20), "issue", "X1", "L1", "A-01", -10),
        )
        for day, kind, item, lot, loc, qty in ledger:
            post_movement(
                conn,
                who,
                Movement(kind, item_ids[item], loc_ids[loc], Decimal(qty),
                         lot_id=lots[lot] if lot else None),
                at(day),
            )  # fmt: skip
        post_movement(
            conn,
            who,
            Movement("issue", item_ids["X4"], loc_ids["A-01"], Decimal(-300)),
            at(AS_OF, 23, 30),
        )
    return Ids(item_ids, loc_ids, lots)
