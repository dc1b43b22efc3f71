"""`vidmock serve` as a user runs it: a real process on a loopback port."""

from __future__ import annotations

import asyncio
import gc
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from rich.console import Console

from vidmock.cli import discovery, script
from vidmock.cli import serve as serve_module
from vidmock.cli.main import main
from vidmock.cli.serve import print_banner
from vidmock.config import Config
from vidmock.contract import runner
from vidmock.contract.credentials import Auth
from vidmock.contract.profiles import Profile, profile, profiles
from vidmock.contract.runner import SpecRun
from vidmock.storage.heap import FrozenOnceStarted, freeze_startup_heap
from vidmock.testing import Mock

FREEZE = gc.freeze

# The console script `pip install` made, as a user runs it.
VIDMOCK = str(Path(sys.executable).parent / "vidmock")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"vidmock serve exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def test_serve_answers_with_seeded_data_and_prints_the_base_urls():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "vidmock.cli.main",
        "serve",
        "--port",
        str(port),
        "--size",
        "small",
        "--now",
        "2026-11-24T12:00:00Z",
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        wait_for(f"{base}/__admin/health", process)
        response = httpx.get(
            f"{base}/ibm-analytics/v1/views",
            headers={"Authorization": "dev-token"},
            params={
                "date_time_from": "2026-08-01T00:00:00Z",
                "date_time_to": "2026-11-24T12:00:00Z",
                "_limit": 3,
            },
        )
        assert response.status_code == 200
        body = response.json()
        assert len(body["data"]) == 3 and body["pagination"]["count"] > 3
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert f"{base}/ibm-analytics/v1" in output
    assert "dev-token" in output


def test_serve_rejects_an_unknown_api_and_a_naive_now():
    runner = CliRunner()
    unknown = runner.invoke(main, ["serve", "--api", "youtube"])
    assert unknown.exit_code == 2 and "unknown API 'youtube'" in unknown.output
    naive = runner.invoke(main, ["serve", "--now", "2026-11-24T12:00:00"])
    assert naive.exit_code == 2 and "needs an offset" in naive.output


def test_serve_takes_the_encoding_step(monkeypatch):
    built = []

    def capture(config):
        built.append(config)
        raise ValueError("stop here")  # reported as a usage error: nothing is served

    monkeypatch.setattr("vidmock.cli.serve.create_app", capture)
    CliRunner().invoke(main, ["serve", "--encoding-step", "2.5"])
    assert built[0].encoding_step == 2.5
    negative = CliRunner().invoke(main, ["serve", "--encoding-step", "-1"])
    assert negative.exit_code == 2 and "--encoding-step" in negative.output


ROOT = "http://127.0.0.1:8000"


def banner_urls(config: Config, mock_url: str = ROOT) -> dict[str, list[str]]:
    """Per API title, the URLs of its `base URL:` line, then of its other mounts' lines."""
    console = Console(record=True, width=80, file=io.StringIO())
    print_banner(console, config, mock_url)
    found: dict[str, list[str]] = {}
    title = None
    for line in console.export_text().splitlines():
        if line and not line.startswith(" "):
            title = line
        elif title and (match := re.match(r"  (base URL|OAuth server):\s+(\S+)\s", line)):
            found.setdefault(title, []).append(match[2])
    return found


def urls_the_runner_uses(monkeypatch, chosen, base_url: str, every: bool) -> dict[str, list[str]]:
    """Per API title, where `vidmock contract` sends each spec (Schemathesis itself not run)."""
    used: dict[str, list[str]] = {}
    monkeypatch.setattr(Profile, "authenticate", lambda self, creds, base: Auth())

    def record(prof, spec, url, *_args, **_kwargs):
        used.setdefault(prof.api.title, []).append(url)
        return SpecRun(prof.key, spec, url, 0, "", [], None)

    monkeypatch.setattr(runner, "run_spec", record)
    runner.run_contract(chosen, base_url, None, runner.Options(), every=every)
    return used


def test_the_banner_prints_each_api_s_own_base_url():
    assert banner_urls(Config(size="small")) == {
        "IBM Video Streaming Analytics": [f"{ROOT}/ibm-analytics/v1", f"{ROOT}/ibm-analytics/oauth2"],
        "api.video": [f"{ROOT}/apivideo"],
        "JunctionTV MetaX": [f"{ROOT}/jtv"],
        "Nomad Media": [f"{ROOT}/nomad/api"],
        "Syngrafii / iinked Sign": [f"{ROOT}/syngrafii/api/v1"],
        "control API": [f"{ROOT}/__admin"],
    }


def test_contract_and_the_fixture_take_the_base_url_the_banner_prints(monkeypatch):
    printed = banner_urls(Config(size="small"))
    mock = Mock(app=None, url=ROOT)
    for prof in profiles():
        base = printed[prof.api.title][0]
        assert urls_the_runner_uses(monkeypatch, [prof], base, every=False) == {
            prof.api.title: printed[prof.api.title]
        }
        assert mock.base_url(prof.key) == base
    everything = urls_the_runner_uses(monkeypatch, profiles(), ROOT, every=True)
    assert everything == {title: urls for title, urls in printed.items() if title != "control API"}


def test_an_api_served_alone_has_its_bare_base_url_everywhere(monkeypatch):
    printed = banner_urls(Config(size="small", api="ibm-analytics"))
    assert printed["IBM Video Streaming Analytics"] == [f"{ROOT}/v1", f"{ROOT}/oauth2"]
    used = urls_the_runner_uses(monkeypatch, [profile("ibm-analytics")], f"{ROOT}/v1", every=False)
    assert used == {"IBM Video Streaming Analytics": [f"{ROOT}/v1", f"{ROOT}/oauth2"]}


def test_the_control_commands_find_the_mock_serve_started_on_any_port(tmp_path):
    env = {**os.environ, "VIDMOCK_STATE_DIR": str(tmp_path), "COLUMNS": "200"}
    env.pop("VIDMOCK_URL", None)
    port = free_port()
    command = [VIDMOCK, "serve", "--port", str(port), "--size", "small"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        wait_for(f"http://127.0.0.1:{port}/__admin/health", process)
        exported = subprocess.run(
            [VIDMOCK, "export"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert exported.returncode == 0, exported.stderr
        assert json.loads(exported.stdout)["tables"]  # the world of the mock on `port`
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert not (tmp_path / "serving.json").exists()  # a stopped mock is nobody's default


def test_without_a_running_mock_the_commands_look_at_port_8000(tmp_path, monkeypatch):
    monkeypatch.setenv("VIDMOCK_STATE_DIR", str(tmp_path))
    assert discovery.default_url() == "http://127.0.0.1:8000"
    (tmp_path / "serving.json").write_text(json.dumps({"url": "http://127.0.0.1:9", "pid": 2**22 + 7}))
    assert discovery.default_url() == "http://127.0.0.1:8000"  # its process is gone


def test_a_command_other_than_serve_runs_with_the_garbage_collector_on(monkeypatch):
    # The console script pauses the collector for start-up; `scenarios` (like a contract run,
    # which makes garbage for minutes) must run with it on again.
    monkeypatch.setattr(sys, "argv", ["vidmock", "scenarios"])
    try:
        try:
            script.main()
        except SystemExit as exit:
            assert exit.code in (0, None)
        assert gc.isenabled()
    finally:
        gc.enable()


def test_serve_turns_the_garbage_collector_on_when_it_freezes_what_start_up_made():
    gc.disable()
    try:
        freeze_startup_heap()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.enable()


def test_the_fixture_builds_its_session_mock_with_the_collector_paused_and_leaves_it_on(monkeypatch):
    # As `serve` does: the build's passes would free nothing (0.33 s against 0.26 s, small world).
    from vidmock import testing

    seen = []
    build = testing.create_app
    monkeypatch.setattr(testing, "create_app", lambda config: seen.append(gc.isenabled()) or build(config))
    session = testing.Session()
    try:
        session._mock()
        assert seen == [False] and gc.isenabled()
    finally:
        session.close()
        gc.enable()


def test_a_session_mock_that_fails_to_build_leaves_the_collector_on(monkeypatch):
    from vidmock import testing

    def broken(config):
        raise RuntimeError("no world")

    monkeypatch.setattr(testing, "create_app", broken)
    try:
        with pytest.raises(RuntimeError):
            testing.Session()._mock()
        assert gc.isenabled()
    finally:
        gc.enable()


def _lifespan_and_request(app) -> tuple[list[str], bool]:
    """Run `app`'s lifespan startup, then one GET: the message types it sent back, and whether
    `built` was frozen when the GET began."""
    sent: list[str] = []

    async def send(message):
        sent.append(message["type"])

    async def run():
        lifespan = iter([{"type": "lifespan.startup"}])

        async def lifespan_receive():
            try:
                return next(lifespan)
            except StopIteration:
                await asyncio.sleep(3600)

        task = asyncio.ensure_future(app({"type": "lifespan"}, lifespan_receive, send))
        while "lifespan.startup.complete" not in sent:
            await asyncio.sleep(0)
        frozen = not _walked_by_the_collector(app.app.built[0])
        await app({"type": "http", "method": "GET", "path": "/"}, None, send)
        task.cancel()
        return frozen

    return sent, asyncio.run(run())


class _BuildsOnFirstCall:
    """An app that, like Connexion's, builds what it serves with on its first call."""

    def __init__(self):
        self.built = None

    async def __call__(self, scope, receive, send):
        if self.built is None:
            self.built = [{"route": n} for n in range(2000)]
        if scope["type"] == "lifespan":
            await receive()
            await send({"type": "lifespan.startup.complete"})
            await receive()
        else:
            await send({"type": "http.response.start", "status": 200})


def test_what_the_app_builds_on_its_first_call_is_frozen_once_it_has_started(monkeypatch):
    freezes = []
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(1) or FREEZE())
    gc.unfreeze()
    try:
        sent, frozen_at_startup = _lifespan_and_request(FrozenOnceStarted(_BuildsOnFirstCall()))
        assert sent == ["lifespan.startup.complete", "http.response.start"]
        assert frozen_at_startup and freezes == [1]  # at startup, not again for the request
    finally:
        gc.unfreeze()


def _walked_by_the_collector(thing) -> bool:
    return any(tracked is thing for tracked in gc.get_objects())  # the frozen are left out


def test_without_a_lifespan_the_first_answered_request_freezes_what_was_built(monkeypatch):
    freezes = []
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(1) or FREEZE())
    gc.unfreeze()
    app = _BuildsOnFirstCall()
    served = FrozenOnceStarted(app)

    async def send(message):
        pass

    try:
        asyncio.run(served({"type": "http", "method": "GET", "path": "/"}, None, send))
        assert freezes == [1] and not _walked_by_the_collector(app.built[0])
        asyncio.run(served({"type": "http", "method": "GET", "path": "/"}, None, send))
        assert freezes == [1]  # once only
    finally:
        gc.unfreeze()


def test_serve_hands_uvicorn_its_app_frozen_once_started(monkeypatch, tmp_path):
    served = []
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda app, **options: served.append(app))
    monkeypatch.setenv("VIDMOCK_STATE_DIR", str(tmp_path))
    try:
        result = CliRunner().invoke(main, ["serve", "--size", "small", "--quiet", "--api", "ibm-analytics"])
        assert result.exit_code == 0, result.output
        assert isinstance(served[0], FrozenOnceStarted) and hasattr(served[0].app, "world")
    finally:
        gc.unfreeze()
        gc.enable()
