# SPDX-License-Identifier: Apache-2.0
"""The web view in headless Chromium (Debian's chromium and chromedriver, through Selenium)
against a real central filled by two stations' syncs: an owner on a phone-sized window sees
only their tasks and records an outcome, the outcome reaches the station by pull, a manager's
dashboard shows the money released, and another owner can neither see nor change the task.
Saves the screenshots of docs/screenshots/."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import text

from central_web.app import create_app
from central_web.tasks import derive_web
from tests.sync.sync_fixtures import settle, sync_settled
from tests.web.web_fixtures import NOW, PASSWORD, Site, move

pytestmark = pytest.mark.postgres
SHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
PHONE = (390, 844)
DESKTOP = (1280, 1500)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(site: Site) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(site.web, "browser-test-key"), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the web view did not start"
        time.sleep(0.05)
    yield f"http://localhost:{port}"
    server.should_exit = True
    thread.join(10)


def _browser(size: tuple[int, int]) -> webdriver.Chrome:
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        pytest.fail(
            "the browser tests need Debian's chromium and chromium-driver: "
            "apt-get install chromium chromium-driver (bootstrap.sh test does)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.add_argument(f"--window-size={size[0]},{size[1]}")
    return webdriver.Chrome(service=Service(driver_path), options=options)


def _phone(driver: webdriver.Chrome) -> None:
    """A phone's viewport (headless Chromium's windows are at least 500 px wide)."""
    width, height = PHONE
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
    )


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    driver = _browser(DESKTOP)
    _phone(driver)
    yield driver
    driver.quit()


def _log_in(driver: webdriver.Chrome, base: str, login: str) -> None:
    driver.get(base + "/login")
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form.card button").click()
    WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith("/tasks"))


def _log_out(driver: webdriver.Chrome) -> None:
    driver.find_element(By.CSS_SELECTOR, "header form button").click()
    WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith("/login"))


def test_owner_on_a_phone_records_an_outcome_that_reaches_the_station(
    site: Site, served: str, browser: webdriver.Chrome
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    # the north station issues 15 of the stale gloves' lot and syncs: a real movement out
    move(site.north, "GLV-01", "A-01", "-15", "L-GLV-1", NOW + timedelta(hours=1))
    # and a count found 2 rolls of tape fewer than the books (a count correction)
    move(site.north, "TAP-01", "A-01", "-2", "L-TAP-9", NOW, reason="count_correction")
    sync_settled(site.north, site.admin)
    settle(site.admin)
    assert derive_web(site.admin, NOW) == []  # the nightly derive: the ledger summed

    # Li Wei, on a phone, in Chinese: only the gloves, never Zhang Min's helmets
    _log_in(browser, served, "li")
    assert browser.execute_script("return window.innerWidth") <= PHONE[0]
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.task")
    assert (
        len(rows) == 1 and "Nitrile gloves" in rows[0].text and "Helmet" not in browser.page_source
    )
    assert "呆滞" in rows[0].text  # stale, in Chinese
    browser.save_screenshot(str(SHOTS / "web-phone-tasks.png"))

    rows[0].find_element(By.TAG_NAME, "a").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.NAME, "action"))
    Select(browser.find_element(By.NAME, "action")).select_by_value("used")
    movement = Select(browser.find_element(By.NAME, "movement"))
    assert (
        "15" in movement.first_selected_option.text and "N1" in movement.first_selected_option.text
    )
    qty = browser.find_element(By.NAME, "qty")
    assert qty.get_attribute("value") == "15"
    browser.save_screenshot(str(SHOTS / "web-phone-outcome-form.png"))
    browser.find_element(By.CSS_SELECTOR, "form.card button").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.outcome"))
    shown = browser.find_element(By.CSS_SELECTOR, "p.outcome").text
    assert "已领用" in shown and "37.50" in shown  # used; 15 at 2.50 released
    browser.save_screenshot(str(SHOTS / "web-phone-outcome.png"))
    task_url = browser.current_url
    _log_out(browser)

    # the outcome reaches the station by pull and shows on its task
    sync_settled(site.north, site.admin)
    with site.north.reading() as conn:
        closed = conn.execute(
            text("SELECT outcome, status, detail FROM stale_tasks WHERE outcome IS NOT NULL")
        ).all()
    assert [(r[0], r[1]) for r in closed] == [("used", "done")]
    assert "Li Wei" in closed[0][2] and "37.5" in closed[0][2]

    # Zhang Min can neither see it in the list nor open it by its address
    _log_in(browser, served, "zhang")
    assert "Nitrile gloves" not in browser.page_source
    browser.get(task_url)
    assert "not yours to see" in browser.page_source
    _log_out(browser)

    # Wang Fang, North's manager, on a desktop: the dashboard shows the money released
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    _log_in(browser, served, "wang")
    browser.get(served + "/dashboard")
    released = browser.find_element(By.CSS_SELECTOR, "p.released").text
    assert "37.50" in released
    owner_row = browser.find_element(By.CSS_SELECTOR, "#released_owner tbody tr").text
    assert "Li Wei" in owner_row and "37.50" in owner_row
    assert "South" not in browser.find_element(By.ID, "by_warehouse").text
    accuracy = browser.find_element(By.CSS_SELECTOR, "#accuracy tbody tr").text
    assert accuracy.split() == ["North", "174.50", "1", "8.00", "95.4%"]
    browser.save_screenshot(str(SHOTS / "web-desktop-dashboard.png"))
    _phone(browser)  # the same dashboard on the manager's phone: one column
    browser.get(served + "/dashboard")
    browser.save_screenshot(str(SHOTS / "web-phone-dashboard.png"))
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.get(served + "/tasks?status=done")
    browser.save_screenshot(str(SHOTS / "web-desktop-done-tasks.png"))

    # and the database itself: as the web role, logged in as Zhang Min, nothing of it
    with site.web.begin() as conn:
        conn.execute(
            text("SELECT set_config('app.user_id', :u, true)"), {"u": str(site.users["zhang"])}
        )
        assert conn.execute(text("SELECT count(*) FROM central_task_outcomes")).scalar() == 0
        assert conn.execute(text("SELECT sku FROM central_stale_tasks")).scalars().all() == [
            "HLM-01"
        ]
