# SPDX-License-Identifier: Apache-2.0
"""The web view's security, through its ASGI test client and straight at the database as the
web role: lockout, CSRF, another owner's task refused by row-level security, HTML escaped."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from starlette.testclient import TestClient

from central_web.app import create_app
from tests.web.web_fixtures import EVIL, PASSWORD, Site

pytestmark = pytest.mark.postgres


def client(site: Site) -> TestClient:
    return TestClient(create_app(site.web, "test-key"), base_url="https://testserver")


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def log_in(c: TestClient, login: str, password: str = PASSWORD) -> object:
    token = csrf_of(c.get("/login").text)
    return c.post("/login", data={"login": login, "password": password, "csrf": token})


def test_wrong_passwords_lock_the_login_out(site: Site) -> None:
    c = client(site)
    for _ in range(5):
        answer = log_in(c, "zhang", "not the password")
        assert answer.status_code == 401  # type: ignore[attr-defined]
        assert "wrong" in answer.text or "locked" in answer.text  # type: ignore[attr-defined]
    locked = log_in(c, "zhang")  # the right password, too late
    assert locked.status_code == 401  # type: ignore[attr-defined]
    assert "locked for 15 minutes" in locked.text  # type: ignore[attr-defined]
    assert c.get("/tasks", follow_redirects=False).headers["location"] == "/login"
    # another login is not affected
    assert log_in(c, "li").status_code == 200  # type: ignore[attr-defined]


def test_posts_without_the_csrf_token_are_refused(site: Site) -> None:
    c = client(site)
    c.get("/login")
    answer = c.post("/login", data={"login": "li", "password": PASSWORD})
    assert answer.status_code == 403
    assert "did not come from this site" in answer.text
    log_in(c, "li")
    task = site.task_id("GLV-01")
    forged = c.post(f"/tasks/{task}/outcome", data={"action": "keep", "reason": "forged"})
    assert forged.status_code == 403
    with site.admin.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM central_task_outcomes")).scalar() == 0


def test_the_session_cookie_is_secure_httponly_and_strict(site: Site) -> None:
    c = client(site)
    answer = c.get("/login")
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=strict" in cookie
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_another_owners_task_is_refused_by_the_database(site: Site) -> None:
    c = client(site)
    log_in(c, "li")
    theirs = site.task_id("HLM-01")  # Zhang Min's helmets
    assert c.get(f"/tasks/{theirs}").status_code == 404
    crafted = c.post(
        f"/tasks/{theirs}/outcome",
        data={"action": "keep", "reason": "mine now", "csrf": csrf_of(c.get("/tasks").text)},
    )
    assert crafted.status_code == 404 and "无权查看" in crafted.text
    assert "HLM-01" not in c.get("/tasks").text and "GLV-01" in c.get("/tasks").text
    # straight at the database as the web role, logged in as Li Wei: the task is not there,
    # and an outcome for it is refused by row-level security itself
    with site.web.begin() as conn:
        conn.execute(
            text("SELECT set_config('app.user_id', :u, true)"), {"u": str(site.users["li"])}
        )
        seen = conn.execute(text("SELECT sku FROM central_stale_tasks")).scalars().all()
        assert seen == ["GLV-01"]
        with pytest.raises(DBAPIError, match="row-level security"):
            with conn.begin_nested():
                conn.execute(
                    text(
                        "INSERT INTO central_task_outcomes (task_id, action, qty, reason, "
                        "recorded_by) VALUES (:t, 'keep', 0, 'mine now', :u)"
                    ),
                    {"t": theirs, "u": site.users["li"]},
                )
        with pytest.raises(DBAPIError, match="permission denied"):
            with conn.begin_nested():
                conn.execute(text("UPDATE central_stale_tasks SET owner = 'Li Wei'"))
        with pytest.raises(DBAPIError, match="permission denied"):
            with conn.begin_nested():
                conn.execute(text("SELECT password_hash FROM central_web_users"))
    with site.web.begin() as conn:  # no user set: nothing at all
        assert conn.execute(text("SELECT count(*) FROM central_stale_tasks")).scalar() == 0
    with site.admin.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM central_task_outcomes")).scalar() == 0


def test_html_in_item_names_is_escaped(site: Site) -> None:
    c = client(site)
    log_in(c, "zhang")
    page = c.get("/tasks").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Helmet" in page
    assert EVIL not in c.get(f"/tasks/{site.task_id('HLM-01')}").text


def test_keep_needs_a_reason_and_shows_as_recorded(site: Site) -> None:
    c = client(site)
    log_in(c, "li")
    task = site.task_id("GLV-01")
    token = csrf_of(c.get(f"/tasks/{task}").text)
    refused = c.post(f"/tasks/{task}/outcome", data={"action": "keep", "csrf": token})
    assert refused.status_code == 400 and "needs a reason" in refused.text
    done = c.post(
        f"/tasks/{task}/outcome",
        data={"action": "keep", "reason": "sales promised it for March", "csrf": token},
    )
    assert "保留" in done.text and "sales promised it for March" in done.text
    with site.admin.connect() as conn:
        released = conn.execute(text("SELECT released FROM central_task_outcomes")).scalar()
        status = conn.execute(
            text("SELECT status FROM central_stale_tasks WHERE id = :t"), {"t": task}
        ).scalar()
    assert released == Decimal(0) and status == "done"


def test_each_figure_downloads_as_csv(site: Site) -> None:
    c = client(site)
    log_in(c, "root")
    answer = c.get("/figures/by_owner.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Owner,Tasks,Value"
    assert lines[1:] == ["Chen Jie,1,120", "Li Wei,1,100", "Zhang Min,1,60"]
    assert c.get("/figures/nothing.csv").status_code == 404
