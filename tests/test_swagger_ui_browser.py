"""Swagger UI's "Try it out", in a real headless Chromium (Debian's `chromium` and `chromium-driver`,
which `make test` installs): the mock's own API pages send what they show and get data back.

Swagger UI checks every parameter against its `pattern` with JavaScript's `RegExp` before it sends
anything, and fills parameters it has no example for with placeholders (`additionalProp1`,
`string`); both once kept these operations from working.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from headless_chromium import chromium, wait
from vidmock.app import create_app
from vidmock.config import Config
from vidmock.testing import serving


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serving(create_app(Config(seed=1, size="small"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with chromium(window="1400,2000") as driver:
        yield driver


def open_ui(driver: WebDriver, url: str, scheme: str, secret: str) -> None:
    """Load a Swagger UI page and authorize `scheme` through its Authorize dialog."""
    driver.get(url)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock"))
    driver.find_element(By.CSS_SELECTOR, ".auth-wrapper button.authorize").click()
    box = f"//div[contains(@class,'auth-container')][.//h4[starts-with(normalize-space(.), '{scheme}')]]"
    wait(driver, lambda d: d.find_elements(By.XPATH, box))
    driver.find_element(By.XPATH, f"{box}//input").send_keys(secret)
    driver.find_element(By.XPATH, f"{box}//button[contains(@class,'authorize')]").click()
    wait(driver, lambda d: "Authorized" in d.find_element(By.XPATH, box).text)
    driver.find_element(By.CSS_SELECTOR, ".dialog-ux button.btn-done").click()


def try_it_out(driver: WebDriver, method: str, path: str, fill: dict[str, str] | None = None) -> WebElement:
    """Expand an operation, press "Try it out", fill the given parameters, press Execute; the
    operation's block once its live response is shown."""
    block = driver.find_element(
        By.XPATH, f"//div[contains(@class,'opblock-{method}')][.//*[@data-path='{path}']]"
    )
    driver.execute_script("arguments[0].scrollIntoView()", block)
    block.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    wait(driver, lambda d: block.find_elements(By.CSS_SELECTOR, ".try-out__btn"))[0].click()
    for name, value in (fill or {}).items():
        field = block.find_element(By.CSS_SELECTOR, f"tr[data-param-name='{name}'] input")
        field.clear()
        field.send_keys(value)
    wait(driver, lambda d: block.find_elements(By.CSS_SELECTOR, "button.execute"))[0].click()
    wait(
        driver,
        lambda d: (
            block.find_elements(By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_status")
            or block.find_elements(By.CSS_SELECTOR, ".validation-errors")
        ),
    )
    refused = block.find_elements(By.CSS_SELECTOR, ".validation-errors")
    assert not refused, f"Swagger UI refused to send {method.upper()} {path}: {refused[0].text}"
    return block


def shown(block: WebElement) -> tuple[str, str, str]:
    """The request URL, the status and the body of the response Swagger UI shows."""
    url = block.find_element(By.CSS_SELECTOR, ".request-url pre").text
    status = block.find_element(
        By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_status"
    ).text
    body = block.find_element(
        By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_description pre"
    ).text
    return url, status, body


def test_jtv_favorites_of_the_example_subscriber(browser, base):
    expected = httpx.get(
        f"{base}/jtv/metax/2.1/activity/fav/user@example.org",
        headers={"Authorization": "Bearer dev-token"},
    ).json()["favorites"]
    assert expected  # the seeded world gives the spec's example subscriber favorites
    open_ui(browser, f"{base}/jtv/ui/", "bearerAuth", "dev-token")
    url, status, body = shown(try_it_out(browser, "get", "/metax/2.1/activity/fav/{SUBSCRIBER_ID}"))
    assert url == f"{base}/jtv/metax/2.1/activity/fav/user%40example.org?size=min"
    assert status == "200"
    assert all(f'"id": "{favorite["id"]}"' in body for favorite in expected)


def test_apivideo_videos_list_the_seeded_videos(browser, base):
    videos = httpx.get(f"{base}/apivideo/videos", headers={"Authorization": "Bearer dev-token"}).json()
    assert videos["data"]
    open_ui(browser, f"{base}/apivideo/ui/", "bearerAuth", "dev-token")
    url, status, body = shown(try_it_out(browser, "get", "/videos"))
    assert "metadata" not in url
    assert status == "200"
    assert f'"videoId": "{videos["data"][0]["videoId"]}"' in body
    assert f'"itemsTotal": {videos["pagination"]["itemsTotal"]}' in body


def test_apivideo_analytics_sends_the_example_period(browser, base):
    video = httpx.get(f"{base}/apivideo/videos", headers={"Authorization": "Bearer dev-token"}).json()
    video_id = video["data"][0]["videoId"]
    open_ui(browser, f"{base}/apivideo/ui/", "bearerAuth", "dev-token")
    block = try_it_out(browser, "get", "/analytics/videos/{videoId}", {"videoId": video_id})
    url, status, body = shown(block)
    month = httpx.get(f"{base}/__admin/clock").json()["now"][:7]  # the example follows the clock
    assert url.startswith(f"{base}/apivideo/analytics/videos/{video_id}?period={month}&")
    assert "metadata" not in url
    assert status == "200"
    assert '"pagination"' in body


def test_nomad_profile_content_sends_a_uuid(browser, base):
    profile = "0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4"
    open_ui(browser, f"{base}/nomad/api/ui/", "Bearer", "dev-token")
    block = try_it_out(browser, "get", "/media/my-content/{profileId}", {"profileId": profile})
    url, status, body = shown(block)
    assert url == f"{base}/nomad/api/media/my-content/{profile}"
    assert status == "200"
    assert '"watching"' in body
