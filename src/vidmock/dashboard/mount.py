"""The dashboard's Flask (WSGI) app served under a path of the ASGI app.

Called inline on the event loop rather than in a thread pool (as a2wsgi or Starlette's
WSGIMiddleware would): the store may be one SQLite connection shared by every request
(StaticPool), and the vendor handlers use it from the loop; a page renders in milliseconds."""

from __future__ import annotations

import functools
import io
import sys
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from vidmock.http.body_limit import declared_length
from vidmock.world import current

# The dashboard's pages and forms as OpenAPI: every method it answers is declared there
# (`vidmock.specs.methods` refuses the rest), served at `<dashboard>/openapi.json`.
DASHBOARD_SPEC = "dashboard.yaml"


class DashboardMount:
    """Sends requests under `prefix` to the WSGI app `make_wsgi()` makes, everything else on to
    `app`. Placed inside the admin guard, so the dashboard answers whom the control API answers.
    The WSGI app is made on the first dashboard request: Flask and the pages' modules are a
    third of vidmock's import time, which a mock nobody opens the dashboard of never pays."""

    def __init__(self, app: ASGIApp, prefix: str, make_wsgi: Callable[[], Any], max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.prefix = prefix.rstrip("/")
        self._make_wsgi = make_wsgi

    @functools.cached_property
    def wsgi(self) -> Any:
        """The dashboard's WSGI (Flask) app, made on first use."""
        return self._make_wsgi()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == self.prefix or path.startswith(self.prefix + "/")):
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            # Before any read: a client that sent `Expect: 100-continue` gets the 413 in place
            # of `100 Continue` (RFC 9110 §10.1.1), and sends nothing more.
            await _too_large(send)
            return
        body = bytearray()
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > self.max_body_bytes:
                await _too_large(send)
                return
            if not message.get("more_body", False):
                break
        status, headers, content = self._call(scope, bytes(body))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def _call(self, scope: Scope, body: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        started: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            started["status"] = int(status.split(" ", 1)[0])
            started["headers"] = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
            return lambda data: None

        # A tenant's pages link below its `/t/NAME` prefix, so every link stays in the tenant.
        result = self.wsgi(_environ(scope, body, self.prefix, current().url_prefix), start_response)
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return started["status"], started["headers"], content


def _environ(scope: Scope, body: bytes, prefix: str, tenant_prefix: str = "") -> dict[str, Any]:
    """PEP 3333's environ for an ASGI HTTP scope, the mount point (below `tenant_prefix`) as
    SCRIPT_NAME."""
    server = scope.get("server") or ("127.0.0.1", 80)
    client = scope.get("client") or ("127.0.0.1", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        # PEP 3333 strings: the path's UTF-8 bytes each as one latin-1 character, as Werkzeug
        # reads them back (ASGI hands over the decoded path; `/static/%C4%80` was a 500).
        "SCRIPT_NAME": _wsgi_text(scope.get("root_path", "") + tenant_prefix + prefix),
        "PATH_INFO": _wsgi_text(scope["path"][len(prefix) :]),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
    }
    for raw_name, raw_value in scope.get("headers", ()):
        name, value = raw_name.decode("latin-1").upper().replace("-", "_"), raw_value.decode("latin-1")
        if name == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif name != "CONTENT_LENGTH":
            key = f"HTTP_{name}"
            environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


def _wsgi_text(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


async def _too_large(send: Send) -> None:
    text = b"Request body too large"
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(text)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": text})
