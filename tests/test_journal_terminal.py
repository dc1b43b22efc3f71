"""The line `vidmock serve` prints per request, and the fault rule a journal entry names."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from connexion.middleware import MiddlewarePosition
from rich.console import Console
from starlette.testclient import TestClient

from conftest import make_app
from vidmock.cli import serve as cli_serve
from vidmock.cli.main import main
from vidmock.journal.terminal import request_line

ENTRY = {
    "at": "2026-11-24T12:00:00.250000+00:00",
    "method": "POST",
    "path": "/apivideo/videos",
    "query": "draft=1",
    "status": 201,
    "duration_ms": 3.249,
    "fault": None,
}


def test_a_line_gives_the_mock_time_method_path_query_status_and_duration():
    assert request_line(ENTRY).plain == "2026-11-24 12:00:00 POST    /apivideo/videos?draft=1 201 3.2 ms"


def test_a_line_names_the_fault_that_fired_and_an_answer_never_sent():
    dropped = {**ENTRY, "query": "", "status": None, "fault": "drop-uploads"}
    assert (
        request_line(dropped).plain
        == "2026-11-24 12:00:00 POST    /apivideo/videos --- 3.2 ms  fault drop-uploads"
    )


def render(entry, terminal: bool) -> str:
    console = Console(force_terminal=terminal, color_system="standard" if terminal else None, width=200)
    with console.capture() as captured:
        console.print(request_line(entry))
    return captured.get()


@pytest.mark.parametrize(
    ("status", "colour"), [(201, "\x1b[32m"), (302, "\x1b[36m"), (404, "\x1b[33m"), (503, "\x1b[1;31m")]
)
def test_on_a_terminal_the_status_is_coloured_by_class(status, colour):
    assert f"{colour}{status}\x1b[0m" in render({**ENTRY, "status": status}, terminal=True)


def test_off_a_terminal_the_line_is_plain():
    assert render(ENTRY, terminal=False) == request_line(ENTRY).plain + "\n"


def serve_output(monkeypatch, *options: str) -> list[str]:
    """`vidmock serve` with its server replaced by three requests through the app it built."""

    def three_requests(app, **_server):
        client = TestClient(app)  # the app as uvicorn is handed it
        client.get("/apivideo/videos", params={"title": "x"}, headers={"Authorization": "Bearer dev-token"})
        client.post("/apivideo/videos", json={}, headers={"Authorization": "Bearer dev-token"})
        client.get("/nowhere")

    monkeypatch.setattr(cli_serve.uvicorn, "run", three_requests)
    result = CliRunner().invoke(main, ["serve", "--size", "small", "--now", "2026-11-24T12:00:00Z", *options])
    assert result.exit_code == 0, result.output
    return [line for line in result.output.splitlines() if line.startswith("2026-11-24 ")]


def test_serve_prints_a_line_per_request(monkeypatch):
    lines = serve_output(monkeypatch)
    assert [line.rsplit(" ", 2)[0] for line in lines] == [
        "2026-11-24 12:00:00 GET     /apivideo/videos?title=x 200",
        "2026-11-24 12:00:00 POST    /apivideo/videos 400",
        "2026-11-24 12:00:00 GET     /nowhere 404",
    ]
    assert all(line.endswith(" ms") for line in lines)


def test_serve_quiet_prints_no_request_line(monkeypatch):
    assert serve_output(monkeypatch, "--quiet") == []


class NamesAFault:
    """Stands in for the fault middleware: notes a rule in the scope's state, as agreed, and
    answers 503 itself without reading the request body."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/apivideo"):
            await self.app(scope, receive, send)
            return
        scope = dict(scope)  # inner layers work on copies: the state dict is what is shared
        scope.setdefault("state", {})["vidmock.fault"] = "rule-7"
        await send(
            {"type": "http.response.start", "status": 503, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": b"unavailable"})


def test_the_journal_names_the_fault_that_fired_and_keeps_the_unread_body():
    app = make_app()
    app.add_middleware(NamesAFault, position=MiddlewarePosition.BEFORE_EXCEPTION)
    client = app.test_client()
    assert client.post("/apivideo/videos", json={"title": "lost"}).status_code == 503
    [entry] = app.world.journal.entries(api="apivideo")
    assert entry["fault"] == "rule-7" and entry["status"] == 503
    assert entry["request"]["body"]["json"] == {"title": "lost"}
    assert entry["response"]["body"]["text"] == "unavailable"
    assert request_line(entry).plain.endswith("  fault rule-7")
