# SPDX-License-Identifier: Apache-2.0
"""Badges that cannot be borrowed, across stations and the real PostgreSQL: a code issued
centrally enrols a supervisor once, the PIN set on one station logs in on another after a
sync, a code used twice is refused centrally, and a station's login can change a PIN only
through ``central_set_pin`` and only as the rules allow."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from station.commands.sync import summary
from station.core.clock import ManualClock
from station.core.engine.inputs import Pin, Scan
from station.core.engine.session import Engine as StationEngine
from station.core.imports.records import UserRecord
from station.core.store import catalog, enrolments
from station.core.store.database import Store
from station.core.store.pins import hash_pin
from sync.badges import issue_enrolment
from sync.central_import import import_users
from sync.central_link import open_central

from .sync_fixtures import NOW, Stations, drop_logins, seed_central, station_login, sync_settled

pytestmark = pytest.mark.postgres

RUN = uuid.uuid4().hex[:8]
ST1, ST2 = f"ST-1-{RUN}", f"ST-2-{RUN}"


@pytest.fixture
def pg(pg_url: str, pg_admin: Engine) -> Iterator[Engine]:
    engine = open_central(pg_url)
    seed_central(engine)
    with engine.begin() as conn:
        import_users(conn, [UserRecord(badge="S100", name="Li Supervisor", role="supervisor")], NOW)
    yield engine
    engine.dispose()


@pytest.fixture
def logins(pg: Engine, pg_admin: Engine, tmp_path: Path) -> Iterator[dict[str, Engine]]:
    made = {st: station_login(pg, st, tmp_path) for st in (ST1, ST2)}
    yield made
    for engine in made.values():
        engine.dispose()
    with pg_admin.connect() as conn:
        for role in (f"station_st_1_{RUN}", f"station_st_2_{RUN}"):
            conn.execute(text(f'REVOKE ALL ON DATABASE "{pg.url.database}" FROM "{role}"'))
    with pg.begin() as conn:
        for role in (f"station_st_1_{RUN}", f"station_st_2_{RUN}"):
            conn.execute(text(f'DROP OWNED BY "{role}"'))
    drop_logins(pg_admin, f"%{RUN}")


def _engine(store: Store) -> StationEngine:
    return StationEngine(store, ManualClock(datetime.now(UTC)))


def _scan(engine: StationEngine, text_: str) -> str:
    return engine.handle(Scan(text_, device_url="test://")).message_key


def _enrol(engine: StationEngine, badge: str, code: str, pin: str) -> str:
    assert _scan(engine, f"$USR-{badge}") == "login.enter_code"
    assert engine.handle(Pin(code)).message_key == "login.code_accepted"
    engine.handle(Pin(pin))
    return engine.handle(Pin(pin)).message_key


def _issue(pg: Engine, badge: str = "S100", hours: float = 24) -> str:
    with pg.begin() as conn:
        code, _expires, _name, _role = issue_enrolment(conn, badge, datetime.now(UTC), hours)
    return code


def _problems(store: Store) -> list[str]:
    with store.reading() as conn:
        return list(conn.execute(text("SELECT problem FROM pin_changes")).scalars())


def _logs_in(engine: StationEngine, badge: str, pin: str) -> str:
    asked = _scan(engine, f"$USR-{badge}")
    if asked != "login.enter_pin":
        return asked
    return engine.handle(Pin(pin)).message_key


def test_a_code_from_central_enrols_once_and_the_pin_logs_in_on_another_station(
    pg: Engine, logins: dict[str, Engine], stations: Stations
) -> None:
    s1, s2 = stations.make(ST1), stations.make(ST2)
    assert sync_settled(s1, logins[ST1]).ok
    e1 = _engine(s1)
    assert _scan(e1, "$USR-S100") == "login.needs_enrolment"  # no code yet: no PIN
    code = _issue(pg)
    assert sync_settled(s1, logins[ST1]).ok
    assert _enrol(e1, "S100", code, "5678") == "login.pin_set"
    pushed = sync_settled(s1, logins[ST1])
    assert pushed.ok, pushed.error
    assert "sync.pin_refused" not in pushed.alarms, _problems(s1)
    assert (pushed.pins_sent, pushed.pins_refused) == (1, 0)
    assert sync_settled(s2, logins[ST2]).ok
    e2 = _engine(s2)
    assert _logs_in(e2, "S100", "5678") == "login.welcome"
    _scan(e2, "$USR-S100")  # log out
    assert _logs_in(e2, "S100", code) == "login.wrong_pin"  # the code is no PIN anywhere
    with s2.reading() as conn:
        assert enrolments.for_badge(conn, "S100") == []
        user = catalog.user_by_badge(conn, "S100")
        assert user is not None and user.pin_origin == "enrolled"
    with pg.connect() as conn:
        used = conn.execute(text("SELECT used_by FROM central_enrolments")).scalars().all()
        assert used == [ST1]
        for table in ("central_changes", "central_enrolments", "central_events", "users"):
            dump = str(conn.execute(text(f"SELECT * FROM {table}")).all())
            assert code not in dump, table  # the code is kept nowhere, only hashes
    # the code, once used, cannot enrol again on a station that pulled it before it was used
    s3 = stations.make(f"ST-3-{RUN}")
    with s3.transaction() as conn:
        assert enrolments.for_badge(conn, "S100") == []


def test_a_code_used_on_two_stations_is_refused_centrally_the_second_time(
    pg: Engine, logins: dict[str, Engine], stations: Stations
) -> None:
    s1, s2 = stations.make(ST1), stations.make(ST2)
    code = _issue(pg)
    assert sync_settled(s1, logins[ST1]).ok and sync_settled(s2, logins[ST2]).ok
    e1, e2 = _engine(s1), _engine(s2)
    assert _enrol(e1, "S100", code, "5678") == "login.pin_set"
    assert sync_settled(s1, logins[ST1]).ok
    # station 2 has not heard yet: it takes the code locally (it cannot know) ...
    assert _enrol(e2, "S100", code, "8765") == "login.pin_set"
    second = sync_settled(s2, logins[ST2])
    assert second.ok, second.error
    assert "sync.pin_refused" in second.alarms  # ... central refuses it
    assert (second.pins_sent, second.pins_refused) == (0, 1)
    assert "PINs refused by central 1" in summary(second)
    with pg.connect() as conn:
        kinds = conn.execute(text("SELECT kind FROM central_alerts")).scalars().all()
    assert "user.pin_refused" in kinds
    _scan(e2, "$USR-S100")  # log out
    assert _logs_in(e2, "S100", "8765") == "login.wrong_pin"  # central's PIN replaced it
    assert _logs_in(e2, "S100", "5678") == "login.welcome"


def test_an_expired_code_is_refused_at_the_station(
    pg: Engine, logins: dict[str, Engine], stations: Stations
) -> None:
    s1 = stations.make(ST1)
    _issue(pg, hours=1)
    assert sync_settled(s1, logins[ST1]).ok
    late = StationEngine(s1, ManualClock(datetime.now(UTC) + timedelta(hours=2)))
    assert _scan(late, "$USR-S100") == "login.code_expired"


def test_a_station_login_changes_pins_only_through_the_checked_function(
    pg: Engine, logins: dict[str, Engine], stations: Stations
) -> None:
    code = _issue(pg)
    login = logins[ST1]
    forged = hash_pin("1111")
    now = datetime.now(UTC).isoformat()
    call = text("SELECT central_set_pin(:b, :h, :o, :e, :p, :t)")
    with pg.connect() as conn:
        enrolment_id = conn.execute(text("SELECT id FROM central_enrolments")).scalar_one()
    with pytest.raises(DBAPIError, match="permission denied"):
        with login.begin() as conn:  # no UPDATE on users: not the way round the function
            conn.execute(text("UPDATE users SET pin_hash = :h WHERE badge = 'S100'"), {"h": forged})
    with pytest.raises(DBAPIError, match="permission denied"):
        with login.begin() as conn:  # nor may it read the codes' proofs
            conn.execute(text("SELECT proof_hash FROM central_enrolments")).all()
    with login.begin() as conn:
        answers = {
            "chosen": conn.execute(
                call, {"b": "S100", "h": forged, "o": "chosen", "e": None, "p": None, "t": now}
            ).scalar(),
            "reset": conn.execute(
                call, {"b": "S100", "h": forged, "o": "reset", "e": None, "p": None, "t": now}
            ).scalar(),
            "wrong proof": conn.execute(
                call,
                {
                    "b": "S100",
                    "h": forged,
                    "o": "enrolled",
                    "e": enrolment_id,
                    "p": "0" * 64,
                    "t": now,
                },
            ).scalar(),
            "weak hash": conn.execute(
                call, {"b": "C001", "h": "plain", "o": "chosen", "e": None, "p": None, "t": now}
            ).scalar(),
        }
    assert "only with an enrolment code" in answers["chosen"]
    assert "only with an enrolment code" in answers["reset"]
    assert answers["wrong proof"] == "the enrolment code does not match"
    assert "not a scrypt hash" in answers["weak hash"]
    with pg.connect() as conn:
        payload = conn.execute(
            text("SELECT payload FROM central_changes WHERE kind = 'enrolment'")
        ).scalar_one()
        salt = json.loads(payload)["proof_salt"]
    late = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    with login.begin() as conn:  # the right proof, but after the code expired
        expired = conn.execute(
            call,
            {
                "b": "S100",
                "h": forged,
                "o": "enrolled",
                "e": enrolment_id,
                "p": enrolments.proof_of(code, salt),
                "t": late,
            },
        ).scalar()
    assert expired == "the enrolment code was not valid when the PIN was set"
    with pg.connect() as conn:
        pin = conn.execute(text("SELECT pin_hash FROM users WHERE badge = 'S100'")).scalar()
        assert pin is None  # nothing above changed the supervisor's PIN
        kinds = conn.execute(text("SELECT kind FROM central_alerts")).scalars().all()
    assert kinds.count("user.pin_refused") == 4  # chosen, reset, enrolled (twice: one key), weak
    with login.begin() as conn:  # a clerk's first PIN goes through, once
        first = conn.execute(
            call, {"b": "C001", "h": forged, "o": "chosen", "e": None, "p": None, "t": now}
        ).scalar()
        again = conn.execute(
            call,
            {"b": "C001", "h": hash_pin("2222"), "o": "chosen", "e": None, "p": None, "t": now},
        ).scalar()
    assert first is None
    assert "holds a PIN for this badge already" in again
    s2 = stations.make(ST2)
    assert sync_settled(s2, logins[ST2]).ok
    assert _logs_in(_engine(s2), "C001", "1111") in ("login.welcome", "login.enter_pin")
    with s2.reading() as conn:
        clerk = catalog.user_by_badge(conn, "C001")
        assert clerk is not None and clerk.pin_hash == forged


def test_station_central_enrol_prints_a_code_once(pg: Engine, pg_url: str) -> None:
    def central(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "station", "central", "enrol", *args, "--url", pg_url],
            capture_output=True,
            text=True,
            timeout=120,
        )

    done = central("--badge", "S100", "--hours", "2")
    assert done.returncode == 0, done.stderr
    found = re.search(r"(\d{4}) (\d{4}) (\d{4}), valid until", done.stdout)
    assert found, done.stdout
    again = central("--badge", "S100")  # a second code replaces the first
    assert again.returncode == 0, again.stderr
    with pg.connect() as conn:
        rows = conn.execute(
            text("SELECT withdrawn_at IS NOT NULL FROM central_enrolments ORDER BY id")
        ).scalars()
        assert list(rows) == [True, False]
        tombstones = conn.execute(
            text("SELECT count(*) FROM central_changes WHERE kind = 'enrolment' AND op = 'delete'")
        ).scalar()
        assert tombstones == 1
    clerk = central("--badge", "C001")
    assert clerk.returncode == 2 and "codes are for supervisors and admins" in clerk.stderr
    unknown = central("--badge", "NOBODY")
    assert unknown.returncode == 2 and "central knows no badge NOBODY" in unknown.stderr
    too_long = central("--badge", "S100", "--hours", "1000")
    assert too_long.returncode == 2 and "1 minute to 168 hours" in too_long.stderr


def test_a_pin_enrolled_with_a_stations_own_code_stays_local(
    pg: Engine, logins: dict[str, Engine], stations: Stations
) -> None:
    """A station that enrolled a supervisor on its own (``station enrol``, before it synced)
    keeps that PIN, but central takes only codes it issued: the PIN does not spread."""
    s1, s2 = stations.make(ST1), stations.make(ST2)
    assert sync_settled(s1, logins[ST1]).ok
    e1 = _engine(s1)
    with s1.transaction() as conn:
        code = enrolments.issue_local(conn, "S100", datetime.now(UTC) + timedelta(hours=1))
    assert _enrol(e1, "S100", code, "5678") == "login.pin_set"
    pushed = sync_settled(s1, logins[ST1])
    assert "sync.pin_refused" in pushed.alarms
    assert "central takes only its own codes" in _problems(s1)[0]
    assert sync_settled(s2, logins[ST2]).ok
    assert _scan(_engine(s2), "$USR-S100") == "login.needs_enrolment"
