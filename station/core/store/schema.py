# SPDX-License-Identifier: Apache-2.0
"""The store's tables (SQLAlchemy Core).

One schema serves the station's SQLite file and, later, the central PostgreSQL database. This
module holds the core's tables; each feature's and sync's are on the same ``metadata`` once
their module is imported (:func:`load_all_tables` imports them all).
Changes to it go through an Alembic migration in ``migrations/versions`` (generated from this
file, then reviewed); a test checks that the migrations and this file agree.

Conventions: quantities and money are :class:`ExactDecimal`; times are ISO 8601 text with
their offset (the station's time zone) plus a UTC copy for ordering across stations; the
stock ledger (``movements``), ``audit_log`` and ``outbox`` are append-only (triggers refuse
UPDATE and DELETE on SQLite, except marking outbox rows sent). The scan log is the view
``scan_log`` over the outbox's scan events: each scan is written once, and listed once even
when a copied-back store wrote its event again under a new key (``outbox_reissued``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

from .types import ExactDecimal

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

ROLES = ("clerk", "counter", "supervisor", "admin")
MOVEMENT_KINDS = ("opening", "receipt", "issue", "adjustment", "transfer")

station_info = Table(
    "station_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(128), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
    Column("updated_at", String(40), nullable=False),
)

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sku", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("spec", String(200), nullable=False, server_default=""),
    Column("unit", String(16), nullable=False, server_default="EA"),
    Column("unit_cost", ExactDecimal, nullable=True),
    Column("category", String(64), nullable=False, server_default=""),
    Column("abc_class", String(1), nullable=True),
    Column("owner", String(100), nullable=False, server_default=""),
    Column("min_qty", ExactDecimal, nullable=True),
    Column("max_qty", ExactDecimal, nullable=True),
    Column("min_shelf_life_days", Integer, nullable=True),
    Column("serialised", Boolean, nullable=False, server_default="0"),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("updated_at", String(40), nullable=False),
)

gtins = Table(
    "gtins",
    metadata,
    Column("gtin", String(14), primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False, index=True),
    Column("pack_qty", ExactDecimal, nullable=False),
)

lots = Table(
    "lots",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("lot_no", String(40), nullable=False),
    Column("expiry", String(10), nullable=True),  # ISO date
    Column("first_receipt_date", String(10), nullable=True),
    UniqueConstraint("item_id", "lot_no", name="uq_lots_item_lot"),
)

serials = Table(
    "serials",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("serial_no", String(40), nullable=False),
    Column("lot_id", Integer, ForeignKey("lots.id"), nullable=True),
    UniqueConstraint("item_id", "serial_no", name="uq_serials_item_serial"),
)

locations = Table(
    "locations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("barcode", String(64), nullable=True, unique=True),
    Column("zone", String(40), nullable=False, server_default=""),
    Column("warehouse", String(40), nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default="1"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("badge", String(64), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("role", String(16), nullable=False),
    Column("pin_hash", String(200), nullable=True),  # scrypt$n$r$p$salt$hash
    Column("pin_is_one_time", Boolean, nullable=False, server_default="0"),
    Column("failed_pins", Integer, nullable=False, server_default="0"),
    Column("locked", Boolean, nullable=False, server_default="0"),
    Column("active", Boolean, nullable=False, server_default="1"),
    # how the PIN came: chosen at the first scan, enrolled with a code, or chosen after an
    # admin's one-time PIN (reset); approvals need an enrolled one (docs/permissions.md)
    Column("pin_origin", String(16), nullable=True),
    CheckConstraint("role IN ('clerk','counter','supervisor','admin')", name="role"),
)

enrolments = Table(
    "enrolments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("badge", String(64), nullable=False, index=True),
    Column("code_hash", String(200), nullable=False),  # scrypt, as PINs
    Column("proof_salt", String(64), nullable=True),  # central's codes: see sync/badges.py
    Column("expires_at", String(40), nullable=False),
    Column("central_id", Integer, nullable=True, unique=True),
)
"""One-time enrolment codes a supervisor's or admin's first PIN needs: pulled from central
(``central_id`` set) or issued at a standalone station (``station enrol``). Deleted when
used."""

pin_changes = Table(
    "pin_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("badge", String(64), nullable=False),
    Column("pin_hash", String(200), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("enrolment_id", Integer, nullable=True),  # central's id of the code used
    Column("proof", String(64), nullable=True),
    Column("set_at", String(40), nullable=False),
    Column("sent_at", String(40), nullable=True),
    Column("problem", Text, nullable=True),
)
"""PINs set at this station, waiting to go to central (``central_set_pin``)."""

movements = Table(
    "movements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("lot_id", Integer, ForeignKey("lots.id"), nullable=True),
    Column("serial_id", Integer, ForeignKey("serials.id"), nullable=True),
    Column("location_id", Integer, ForeignKey("locations.id"), nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("unit_cost", ExactDecimal, nullable=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("user2_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("station_id", String(64), nullable=False),
    Column("ts", String(40), nullable=False),
    Column("ts_utc", String(40), nullable=False),
    Column("reason", String(200), nullable=False, server_default=""),
    Column("reference", String(100), nullable=False, server_default=""),
    CheckConstraint("kind IN ('opening','receipt','issue','adjustment','transfer')", name="kind"),
)
Index("ix_movements_item_lot_loc", movements.c.item_id, movements.c.lot_id, movements.c.location_id)

balances = Table(
    "balances",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("lot_id", Integer, ForeignKey("lots.id"), nullable=True),
    Column("location_id", Integer, ForeignKey("locations.id"), nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("value", ExactDecimal, nullable=False),
    Column("last_movement_id", Integer, nullable=False),
)
Index(
    "uq_balances_key",
    balances.c.item_id,
    balances.c.location_id,
    func.coalesce(balances.c.lot_id, 0),
    unique=True,
)
Index("ix_balances_location", balances.c.location_id)

scan_log_legacy = Table(
    # the scan log as stores before migration 0003 wrote it; kept, read through ``scan_log``
    "scan_log_legacy",
    metadata,
    Column("id", Integer),
    Column("uuid", String(36), nullable=False),
    Column("ts", String(40), nullable=False),
    Column("user_id", Integer, nullable=True),
    Column("device_url", String(300), nullable=False, server_default=""),
    Column("symbology", String(32), nullable=True),
    Column("aim", String(8), nullable=True),
    Column("raw", LargeBinary, nullable=False),
    Column("interpreted", Text, nullable=False),  # JSON
    Column("workflow", String(32), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("message_key", String(64), nullable=False),
    PrimaryKeyConstraint("id", name="pk_scan_log"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_scan_log_user_id_users"),
)

views = MetaData()
"""Views: read like tables, never created from here (their migrations create them)."""

scan_log = Table(
    # Every raw scan and RFID read round: a view over the outbox, whose ``scan`` and
    # ``rfid_round`` events carry all of it (migration 0003), plus ``scan_log_legacy``.
    "scan_log",
    views,
    Column("uuid", String(36)),
    Column("ts", String(40)),
    Column("user_id", Integer),
    Column("device_url", String(300)),
    Column("symbology", String(32)),
    Column("aim", String(8)),
    Column("raw", LargeBinary),
    Column("interpreted", Text),  # JSON
    Column("workflow", String(32)),
    Column("outcome", String(16)),
    Column("message_key", String(64)),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ts", String(40), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("action", String(64), nullable=False),
    Column("detail", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
)

outbox_streams = Table(
    # each (station, incarnation) the store has written events under; see ``outbox``
    "outbox_streams",
    metadata,
    Column("stream", Integer, nullable=False),
    Column("station_id", String(64), nullable=False),
    Column("incarnation_id", String(36), nullable=False),
    PrimaryKeyConstraint("stream", name="pk_outbox_streams"),
    UniqueConstraint("station_id", "incarnation_id", name="uq_outbox_streams_identity"),
)


outbox = Table(
    "outbox",
    metadata,
    Column(
        "id",
        BigInteger().with_variant(Integer(), "sqlite"),  # SQLite: the 64-bit rowid itself
        primary_key=True,
        autoincrement=False,
    ),
    Column("uuid", String(36), nullable=False),  # not indexed: see migration 0002
    Column("station_id", String(64), nullable=False),
    Column("incarnation_id", String(36), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("payload", Text, nullable=False),  # JSON
    Column("created_at", String(40), nullable=False),
    Column("sent_at", String(40), nullable=True),
    CheckConstraint("seq = (id & 4294967295)", name="seq_in_id"),
)

outbox_reissued = Table(
    # events written again under a new key (a store copied back, ``sync.heal``): the copy's
    # outbox id and the id it was first written under. The scan log lists each scan once.
    "outbox_reissued",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False
    ),
    Column("original_id", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
)

engine_state = Table(
    "engine_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("state", Text, nullable=False),  # JSON, see station.core.engine.session
    Column("updated_at", String(40), nullable=False),
)

expected_receipts = Table(
    "expected_receipts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(64), nullable=False, unique=True),
    Column("supplier", String(200), nullable=False, server_default=""),
    Column("expected_date", String(10), nullable=True),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("updated_at", String(40), nullable=False),
)

receipt_lines = Table(
    "receipt_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("receipt_id", Integer, ForeignKey("expected_receipts.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("lot_no", String(40), nullable=True),
    Column("expiry", String(10), nullable=True),
    UniqueConstraint("receipt_id", "line_no", name="uq_receipt_lines_line"),
)

issue_orders = Table(
    "issue_orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(64), nullable=False, unique=True),
    Column("destination", String(200), nullable=False, server_default=""),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("updated_at", String(40), nullable=False),
)

issue_lines = Table(
    "issue_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, ForeignKey("issue_orders.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("lot_no", String(40), nullable=True),
    Column("location_id", Integer, ForeignKey("locations.id"), nullable=True),
    UniqueConstraint("order_id", "line_no", name="uq_issue_lines_line"),
)

count_tasks = Table(
    "count_tasks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(64), nullable=False, unique=True),
    Column("scope", String(16), nullable=False),  # location | item | zone
    Column("location_id", Integer, ForeignKey("locations.id"), nullable=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=True),
    Column("zone", String(40), nullable=True),
    Column("priority", Integer, nullable=False, server_default="50"),
    Column("reason", String(200), nullable=False, server_default=""),
    Column("due_date", String(10), nullable=True),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("created_at", String(40), nullable=False),
)


def load_all_tables() -> MetaData:
    """``metadata`` with every table on it: those of the station's features live in each
    feature's ``tables`` module (:mod:`station.core.features`), those of sync in
    ``station.core.store.tables``, all on this same ``metadata``. A module that uses a table
    imports it from where it lives, so a start loads only the tables of what it uses; what
    needs them all (the migrations, a comparison with them) calls this first."""
    import importlib
    import pkgutil

    from .. import features
    from . import tables

    for info in sorted(pkgutil.iter_modules(tables.__path__), key=lambda i: i.name):
        importlib.import_module(f"{tables.__name__}.{info.name}")
    for name in features.modules("tables"):
        importlib.import_module(name)
    return metadata
