"""The dashboard in a real headless Chromium (Debian's `chromium` and `chromium-driver`, which
`make test` installs), against a live mock: every page loads without a console error, its forms
change what the vendor APIs answer, the Requests page follows new requests, and the IBM chart
draws the API's numbers. A screenshot of each page is kept in test-artifacts/dashboard/
(git-ignored) at a wide and a narrow window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from headless_chromium import chromium, wait
from vidmock.app import create_app
from vidmock.config import Config
from vidmock.testing import serving

SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "dashboard"
PAGES = {
    "overview": "/",
    "state": "/state?api=apivideo&collection=videos",
    "requests": "/requests",
    "scenarios": "/scenarios",
    "clock": "/clock",
    "faults": "/faults",
    "ibm-charts": "/ibm",
}
BEARER = {"Authorization": "Bearer dev-token"}


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serving(create_app(Config(seed=1, size="small"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with chromium(window="1280,1000", console_log=True) as driver:
        yield driver


def console_errors(driver: WebDriver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_loads_without_a_console_error(browser, base, name):
    console_errors(browser)  # drop what earlier pages logged
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.get(f"{base}/__admin/ui{PAGES[name]}")
    wait(browser, lambda d: d.find_elements(By.TAG_NAME, "h1"))
    assert browser.find_element(By.CSS_SELECTOR, "nav a[aria-current=page]")
    browser.save_screenshot(str(SHOTS / f"{name}.png"))
    browser.set_window_size(420, 900)
    try:
        browser.save_screenshot(str(SHOTS / f"{name}-narrow.png"))
        # Narrow, nothing runs off the side: the page needs no horizontal scrolling.
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
    finally:
        browser.set_window_size(1280, 1000)
    assert console_errors(browser) == []


def test_the_ibm_chart_draws_the_api_s_numbers(browser, base):
    browser.get(f"{base}/__admin/ui/ibm?content_type=recorded")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#views-day rect"))
    content_id = browser.find_element(By.ID, "c-id").get_attribute("value")
    period = {
        "date_time_from": browser.find_element(By.ID, "c-from").get_attribute("value"),
        "date_time_to": browser.find_element(By.ID, "c-to").get_attribute("value"),
        "content_id": content_id,
        "_limit": 1000,
    }
    drawn = browser.execute_script(
        "return Array.from(document.querySelectorAll('#views-day rect'),"
        " r => [r.dataset.point, Number(r.dataset.value)])"
    )
    api = httpx.get(f"{base}/ibm-analytics/v1/total-views/recorded/day", params=period, headers=BEARER).json()
    assert drawn == [[a["attributes"]["point"], a["attributes"]["value"]] for a in api["data"]]
    assert sum(value for _point, value in drawn) > 0


def test_a_request_made_after_the_page_opened_appears_on_it(browser, base):
    browser.get(f"{base}/__admin/ui/requests")
    wait(browser, lambda d: d.find_elements(By.ID, "rows"))
    httpx.get(f"{base}/apivideo/videos/viSEENBYTHEDASHBOARD", headers=BEARER)
    wait(browser, lambda d: "/apivideo/videos/viSEENBYTHEDASHBOARD" in d.find_element(By.ID, "rows").text)
    browser.find_element(By.PARTIAL_LINK_TEXT, "viSEENBYTHEDASHBOARD").click()
    wait(browser, lambda d: d.find_elements(By.ID, "curl"))
    assert browser.find_element(By.ID, "curl").text.startswith(
        f"curl -X GET {base}/apivideo/videos/viSEENBYTHEDASHBOARD"
    )
    assert browser.find_element(By.ID, "copy-curl").is_displayed()
    assert console_errors(browser) == []


def test_advancing_the_clock_from_the_page_expires_an_issued_token(browser, base):
    tokens = httpx.post(f"{base}/apivideo/auth/api-key", json={"apiKey": "dev-key"}).json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert httpx.get(f"{base}/apivideo/videos", headers=bearer).status_code == 200
    browser.get(f"{base}/__admin/ui/clock")
    field = browser.find_element(By.ID, "advance")
    field.clear()
    field.send_keys("3601s")
    browser.find_element(By.CSS_SELECTOR, "button[value=advance]").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".message.done"))
    assert httpx.get(f"{base}/apivideo/videos", headers=bearer).status_code == 401


def test_loading_a_scenario_from_the_page_changes_what_the_api_returns(browser, base):
    assert httpx.get(f"{base}/apivideo/videos", headers=BEARER).json()["data"]
    browser.get(f"{base}/__admin/ui/scenarios")
    try:
        browser.find_element(By.CSS_SELECTOR, "button[aria-label='Load apivideo-empty-account']").click()
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".message.done"))
        assert "apivideo-empty-account" in browser.find_element(By.CSS_SELECTOR, ".message.done").text
        assert httpx.get(f"{base}/apivideo/videos", headers=BEARER).json()["data"] == []
    finally:
        httpx.post(f"{base}/__admin/seed", json={"seed": 1, "size": "small"})


# The words of up to 12 letters in table cells drawn on more than one line: a word is broken when
# its letters do not all sit on one line box (Range.getClientRects gives one rect a line). Long ids
# (in `.id`, vidmock.dashboard.common.breakable) are no words.
BROKEN_WORDS = """
const broken = [];
for (const cell of document.querySelectorAll('table th, table td')) {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('.id')) continue;  // an id, not words: it may break anywhere
    for (const match of node.data.matchAll(/[A-Za-z]{2,12}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const tops = new Set(rects.map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
}
return broken;
"""


@pytest.mark.parametrize("width", [1400, 420])
@pytest.mark.parametrize("name", ["requests", "scenarios", "overview"])
def test_tables_wrap_between_words_never_inside_a_short_one(browser, base, name, width):
    for path in ("/apivideo/videos", "/jtv/metax/2.1/activity/fav/user@example.org"):
        httpx.get(base + path, headers=BEARER)
    browser.set_window_size(width, 900)
    try:
        browser.get(f"{base}/__admin/ui{PAGES[name]}")
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table td"))
        assert browser.execute_script(BROKEN_WORDS) == []
    finally:
        browser.set_window_size(1280, 1000)
