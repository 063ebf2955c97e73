# SPDX-License-Identifier: Apache-2.0
"""The admin's Alerts page: central's alerts, raised through a station's own login by the
functions central uses, shown as sentences in English and Chinese; refused to an owner and a
manager, and by the database itself to the web role without an admin; HTML escaped; CSV."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from starlette.testclient import TestClient

from central_web.alerts import describe, when
from sync.heal import ACTION, raise_central_alert
from tests.sync.sync_fixtures import station_login
from tests.web.test_web_security import client, log_in
from tests.web.web_fixtures import EVIL, NOW, Site

pytestmark = pytest.mark.postgres


@pytest.fixture
def alerted(site: Site, pg_admin: Engine, tmp_path: Path) -> Iterator[str]:
    """Two alerts raised through a station's least-privilege login: a store copied back (its
    detail naming an item called with HTML) and a PIN central refused; returns the station."""
    station = "AL" + uuid.uuid4().hex[:8].upper()
    login = station_login(site.admin, station, tmp_path)
    role = str(login.url.username)
    try:
        with login.begin() as central:
            detail = {"station": station, "sent_again": 3, "items": [EVIL], "action": ACTION}
            raise_central_alert(
                central, station, "store.copied_back", "old-inc", detail, NOW.isoformat()
            )
            problem = central.execute(
                text("SELECT central_set_pin('NOBODY', 'x', 'chosen', NULL, NULL, :at)"),
                {"at": NOW.isoformat()},
            ).scalar()
            assert problem == "central knows no badge NOBODY"
        yield station
    finally:
        login.dispose()
        with site.admin.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
        with pg_admin.connect() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


def test_an_admin_reads_central_alerts_as_sentences(site: Site, alerted: str) -> None:
    c = client(site)
    log_in(c, "root")
    assert 'href="/admin/alerts"' in c.get("/tasks").text
    page = c.get("/admin/alerts")
    assert page.status_code == 200
    html = page.text
    assert alerted in html
    assert "copied back over a newer copy; 3 events were sent again" in html
    assert "Compare the stock of these items" in html
    assert "refused the PIN set at the station for badge NOBODY: central knows no badge" in html
    assert "store.copied_back" not in html and "user.pin_refused" not in html
    # the detail's HTML is text, never markup
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Helmet" in html
    c.get("/lang/zh")
    zh = c.get("/admin/alerts").text
    assert "数据库被旧副本覆盖；已以新身份重新发送 3 条事件" in zh
    assert "中心拒绝了站点为工牌 NOBODY 设置的 PIN" in zh


def test_the_alerts_download_as_csv(site: Site, alerted: str) -> None:
    c = client(site)
    log_in(c, "root")
    answer = c.get("/admin/alerts.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["When (UTC)", "Station", "What happened", "What to do"]
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {alerted}
    assert any(EVIL in r[3] for r in rows[1:])  # plain text in a CSV, as the detail said


def test_owners_and_managers_are_refused_and_so_is_the_database(site: Site, alerted: str) -> None:
    for login in ("zhang", "wang"):
        c: TestClient = client(site)
        log_in(c, login)
        assert 'href="/admin/alerts"' not in c.get("/tasks").text
        for path in ("/admin/alerts", "/admin/alerts.csv"):
            answer = c.get(path)
            assert answer.status_code == 403 and "Only an admin" in answer.text
            assert alerted not in answer.text
    anonymous = client(site).get("/admin/alerts", follow_redirects=False)
    assert anonymous.headers["location"] == "/login"
    # straight at the database as the web role: the table itself is closed, and the function
    # shows rows to an admin only
    with site.web.begin() as conn:
        with pytest.raises(DBAPIError, match="permission denied"):
            with conn.begin_nested():
                conn.execute(text("SELECT count(*) FROM central_alerts"))
        shown = "SELECT count(*) FROM central_web_alerts(100)"
        assert conn.execute(text(shown)).scalar() == 0  # no user
        for who, expected in (("zhang", 0), ("wang", 0), ("root", 2)):
            conn.execute(
                text("SELECT set_config('app.user_id', :u, true)"), {"u": str(site.users[who])}
            )
            assert conn.execute(text(shown)).scalar() == expected, who


def test_the_migration_grants_the_function_to_web_roles_granted_before_it(site: Site) -> None:
    """A web role granted before c009 holds the log-in function only; c009 grants it this one
    (no web-grant run again needed)."""
    from sync.central_migrations.versions.c009_web_alerts import GRANT_EXISTING

    may = "SELECT has_function_privilege(:r, 'central_web_alerts(integer)', 'EXECUTE')"
    with site.admin.begin() as conn:
        conn.execute(
            text(f'REVOKE EXECUTE ON FUNCTION central_web_alerts(integer) FROM "{site.role}"')
        )
        assert conn.execute(text(may), {"r": site.role}).scalar() is False
        conn.execute(text(GRANT_EXISTING))
        assert conn.execute(text(may), {"r": site.role}).scalar() is True


def test_an_alert_the_page_cannot_word_is_shown_with_its_detail() -> None:
    station, what, todo = describe("en", "x.new:S9:k", "x.new", '{"station": "S9", "n": 1}')
    assert station == "S9" and '"n": 1' in what and "x.new" not in what
    # a known kind whose detail lacks a field it names falls back the same way
    _, what, _ = describe("zh", "sync.refused:S9:u", "sync.refused", '{"station": "S9"}')
    assert what.startswith("中心发出了一条本页面无法描述的警报")
    # a station not named in the detail of a bad event is the one that reported it
    assert describe("en", "sync.bad_event:N1:u", "sync.bad_event", "{}")[0] == "N1"
    assert when("2026-12-02 13:55:00.1+08") == "2026-12-02 05:55:00"
