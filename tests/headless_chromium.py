"""Debian's chromium driven headless through chromium-driver, for the tests that need a real
browser (`make test` installs both when missing), and the mock served over HTTPS with a local CA
the browser trusts, as `vidmock serve --https-port` serves it."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import connexion
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from conftest import make_app
from vidmock.testing import serving
from vidmock.tls import certificates

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 30  # seconds, for any one step of a page
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium(
    window: str = "1280,1000", console_log: bool = False, flags: Sequence[str] = ()
) -> Iterator[WebDriver]:
    """A fresh headless browser with its own profile, `window` pixels wide and high, started with
    `flags` too; with `console_log`, the page's console is kept for `driver.get_log("browser")`."""
    with tempfile.TemporaryDirectory() as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in [*FLAGS, *flags, f"--window-size={window}", f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        if console_log:
            options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.set_page_load_timeout(WAIT)
        try:
            yield driver
        finally:
            driver.quit()


def wait(driver: WebDriver, condition):
    return WebDriverWait(driver, WAIT).until(condition)


def serve_pages(files: dict[str, tuple[bytes, str]]) -> tuple[ThreadingHTTPServer, str]:
    """Another origin for a test page: a loopback server on its own port answering a GET of each
    path of `files` with its bytes and media type (text, sent as UTF-8). Shut it down after."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path not in files:  # the browser's own asks (a favicon): nothing there
                self.send_error(404)
                return
            body, media_type = files[self.path]
            self.send_response(200)
            self.send_header("Content-Type", f"{media_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@contextmanager
def https_mock(
    tls_dir: Path, **config: object
) -> Iterator[tuple[connexion.AsyncApp, str, certificates.LocalTls]]:
    """The mock (`make_app(**config)`) over HTTPS only, with a certificate of a local CA made in
    `tls_dir`: its app, its base URL and the CA's files."""
    tls = certificates.ensure(certificates.needed_names("127.0.0.1"), tls_dir)
    app = make_app(tls_ca_file=str(tls.ca_file), **config)
    with serving(app, ssl_certfile=str(tls.cert_file), ssl_keyfile=str(tls.key_file)) as url:
        yield app, url, tls


def trusting(tls: certificates.LocalTls) -> list[str]:
    """Chromium's flags to trust the mock's certificate by its key, as the banner says."""
    return [f"--ignore-certificate-errors-spki-list={tls.spki_sha256}"]
