"""`vidmock contract` catches drift: deliberately wrong servers (a vidmock app with one answer
tampered with, a handler or a security function swapped out) each fail the run with a message
naming the operation and the problem; the same command against the real mock passes."""

from __future__ import annotations

import json
import re
import tempfile
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import NOW
from live import served_apart
from vidmock.apis import find_api
from vidmock.apis.base_urls import base_url as api_base_url
from vidmock.app import create_app
from vidmock.cli.main import main
from vidmock.config import Config

LIST = "GET /packages/{packageId}/videos"
LIST_PATH = re.compile(r"^/syngrafii/api/v1/packages/[^/]+/videos$")


def mock(**overrides: Any):
    # Responses validated as in every test app: the drift is added outside the app (Tamper) or
    # by a swapped handler whose answers still fit the spec.
    return create_app(Config(now=NOW, size="small", validate_responses=True, **overrides))


class Tamper:
    """ASGI wrapper: answers of `method path` pass through `change(status, body, path)`."""

    def __init__(self, app, method: str, path: re.Pattern[str], change: Callable[..., tuple[int, Any]]):
        self.app, self.method, self.path, self.change = app, method, path, change

    async def __call__(self, scope, receive, send):
        # A contract run sends its requests to a tenant of its own: `/t/NAME` before the path.
        path = re.sub(r"^/t/[^/]+", "", scope["path"]) if scope["type"] == "http" else ""
        if scope["type"] != "http" or scope["method"] != self.method or not self.path.match(path):
            return await self.app(scope, receive, send)
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def hold(message):
            if message["type"] == "http.response.start":
                started.update(message)
            else:
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    await self._send_changed(send, started, b"".join(chunks), path)

        await self.app(scope, receive, hold)

    async def _send_changed(self, send, started, raw: bytes, path: str) -> None:
        body = json.loads(raw) if raw else None
        status, body = self.change(started["status"], body, path)
        data = json.dumps(body).encode()
        headers = [(k, v) for k, v in started.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(data)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})


def contract(base_url: str, api: str = "syngrafii", *extra: str) -> tuple[int, str]:
    """Exit code, and the console output followed by the Markdown report (one line per operation).
    `base_url` is the served mock's root; the command gets the API's base URL."""
    report = Path(tempfile.mkdtemp()) / "report.md"
    args = [
        "contract",
        api,
        "--base-url",
        api_base_url(find_api(api), base_url),
        "--max-examples",
        "10",
        "--seed",
        "7",
        *extra,
    ]
    args += ["--report", "markdown", str(report)]
    if api in ("syngrafii", "apivideo") and "--api-key" not in extra:
        args += ["--api-key", "dev-key"]
    outcome = CliRunner().invoke(main, args)
    return outcome.exit_code, outcome.output + (report.read_text() if report.exists() else "")


def run_against(build: Callable[[], Any], api: str = "syngrafii", *extra: str) -> tuple[int, str]:
    with served_apart(build) as base_url:
        return contract(base_url, api, *extra)


def failed_row(output: str, label: str) -> str:
    """The report's row of one operation, which must say it failed."""
    rows = [line for line in output.splitlines() if f"| `{label}` | FAILED |" in line]
    assert rows, f"{label} is not reported failed:\n{output[-4000:]}"
    return rows[0]


def on_200(change: Callable[[dict], Any]) -> Callable[..., tuple[int, Any]]:
    def tampered(status: int, body: Any, _path: str) -> tuple[int, Any]:
        return (status, change(body)) if status == 200 else (status, body)

    return tampered


def test_a_field_of_the_wrong_type_fails_the_run():
    code, output = run_against(
        lambda: Tamper(mock(), "GET", LIST_PATH, on_200(lambda body: {**body, "packageId": 12345}))
    )
    assert code == 1
    assert "Response violates schema" in failed_row(output, LIST)


def test_a_missing_required_field_fails_the_run():
    drop_videos = on_200(lambda body: {k: v for k, v in body.items() if k != "videos"})
    code, output = run_against(lambda: Tamper(mock(), "GET", LIST_PATH, drop_videos))
    assert code == 1
    row = failed_row(output, LIST)
    assert "Response violates schema" in row
    assert re.search(r"""["']videos["'] is a required property""", output)


def test_an_undocumented_status_code_fails_the_run():
    code, output = run_against(
        lambda: Tamper(
            mock(), "GET", LIST_PATH, lambda status, body, _p: (409 if status == 404 else status, body)
        )
    )
    assert code == 1
    assert "Undocumented status code: Received: 409" in failed_row(output, LIST)


def test_a_server_error_on_an_edge_case_fails_the_run():
    # A package id with a character other than a letter, digit or dash: a crash, not a 404.
    def crash_on_odd_ids(status: int, body: Any, path: str) -> tuple[int, Any]:
        package = path.split("/")[-2]
        return (500, {"error": "boom"}) if re.search(r"[^A-Za-z0-9-]", package) else (status, body)

    code, output = run_against(lambda: Tamper(mock(), "GET", LIST_PATH, crash_on_odd_ids))
    assert code == 1
    assert "Server error" in failed_row(output, LIST)


def test_an_endpoint_that_ignores_auth_fails_the_run(monkeypatch):
    from vidmock.apis.syngrafii import security

    monkeypatch.setattr(security, "api_key_info", lambda apikey, required_scopes=None: {"sub": "anyone"})
    monkeypatch.setattr(security, "bearer_info", lambda token: {"sub": "anyone"})
    code, output = run_against(mock)
    assert code == 1
    assert "authentication" in failed_row(output, LIST).lower()


@pytest.fixture
def no_local_constants(monkeypatch):
    """Hypothesis mixes constants from every module of this checkout loaded in the process into
    what it generates, so a seeded stateful search would change with the tests an xdist worker
    ran before this one; without them the seed alone decides."""
    from hypothesis.internal.conjecture import providers
    from hypothesis.internal.constants_ast import Constants
    from hypothesis.internal.floats import float_to_int
    from sortedcontainers import SortedSet

    empty = Constants(
        integers=SortedSet(), floats=SortedSet(key=float_to_int), bytes=SortedSet(), strings=SortedSet()
    )
    monkeypatch.setattr(providers, "_get_local_constants", lambda: empty)
    providers.CONSTANTS_CACHE.cache.clear()
    yield
    providers.CONSTANTS_CACHE.cache.clear()


@pytest.fixture
def videos_only(monkeypatch, tmp_path):
    """The contract run reads api.video's spec with its video operations only (the served mock
    keeps them all): the stateful walk's create -> delete -> read is then one seeded search among
    few links, not among the links of 55 operations, which any new operation would reshuffle."""
    from vidmock.contract import runner
    from vidmock.specs.documents import load

    spec = load("apivideo.yaml")
    spec["paths"] = {
        path: item for path, item in spec["paths"].items() if path in ("/videos", "/videos/{videoId}")
    }
    kept = {
        op["operationId"] for item in spec["paths"].values() for op in item.values() if "operationId" in op
    }

    def drop_links_to_others(node: Any) -> None:
        if isinstance(node, dict):
            links = node.get("links")
            if isinstance(links, dict) and all(
                isinstance(link, dict) and "operationId" in link for link in links.values()
            ):
                node["links"] = {name: link for name, link in links.items() if link["operationId"] in kept}
            for value in node.values():
                drop_links_to_others(value)
        elif isinstance(node, list):
            for value in node:
                drop_links_to_others(value)

    drop_links_to_others(spec)
    (tmp_path / "apivideo.yaml").write_text(json.dumps(spec))
    monkeypatch.setattr(runner, "spec_dir", lambda: tmp_path)


def test_a_delete_that_does_not_delete_fails_the_run(monkeypatch, no_local_constants, videos_only):
    from vidmock.apis.apivideo.videos import operations as handlers

    async def pretend_to_delete(videoId: str) -> tuple[None, int]:
        return None, 204

    monkeypatch.setattr(handlers, "delete_video", pretend_to_delete)
    code, output = run_against(mock, "apivideo", "--phases", "stateful", "--max-examples", "50")
    assert code == 1
    row = failed_row(output, "Stateful tests")
    assert "Deleted resource still available" in row
    assert "deleted with `DELETE /videos/" in row


def test_rejected_credentials_fail_loudly():
    code, output = run_against(mock, "syngrafii", "--api-key", "not-the-key")
    assert code == 1
    assert "CREDENTIALS REJECTED" in output
    assert "Credentials rejected" in failed_row(output, LIST)


def test_a_refused_token_flow_is_a_failure_naming_the_flow():
    code, output = run_against(mock, "ibm-analytics", "--client-id", "nobody", "--client-secret", "x")
    assert code == 1
    assert "token flow" in output and "invalid_client" in output


@pytest.mark.parametrize(
    "args",
    [
        ["contract", "--base-url", "http://127.0.0.1:9"],  # neither an API nor --all
        ["contract", "nope", "--base-url", "http://127.0.0.1:9"],
        ["contract", "--all", "--base-url", "http://127.0.0.1:9", "--token", "t"],
        ["contract", "jtv", "--base-url", "http://127.0.0.1:9", "--phases", "warp"],
        ["contract", "jtv", "--base-url", "http://127.0.0.1:9", "--report", "pdf", "x.pdf"],
    ],
)
def test_usage_errors_exit_2(args):
    assert CliRunner().invoke(main, args).exit_code == 2


def export(root: str) -> bytes:
    with urllib.request.urlopen(f"{root}/__admin/export") as answer:
        return answer.read()


def test_every_vendor_passes_against_the_mock_and_leaves_it_as_it_was(tmp_path):
    """The whole command over a served mock: --base-url is its root, a progress line per vendor,
    spec and phase, in a tenant of its own: the seeded world (demo packages, favorites, videos)
    is left as it was."""
    report = tmp_path / "contract.md"
    with served_apart(mock) as base_url:
        before = export(base_url)
        # The coverage phase is left to the in-process contract tests of each vendor, which run it
        # on every operation; here the point is the command end to end over every vendor.
        args = [
            "contract",
            "--all",
            "--base-url",
            base_url,
            "--max-examples",
            "5",
            "--seed",
            "1",
            "--phases",
            "examples,fuzzing,stateful",
        ]
        outcome = CliRunner().invoke(main, [*args, "--report", "markdown", str(report)])
        after = export(base_url)
    assert outcome.exit_code == 0, outcome.output[-6000:]
    assert "0 failed, 0 errored" in outcome.output
    assert after == before
    flat = " ".join(outcome.output.split())
    assert re.search(rf"Ran in tenant contract-\w+ of the mock at {re.escape(base_url)}, dropped after", flat)
    specs = [
        ("ibm-analytics", "ibm-analytics.yaml"),
        ("ibm-analytics", "ibm-oauth.yaml"),
        ("apivideo", "apivideo.yaml"),
        ("jtv", "jtv-metax.yaml"),
        ("nomad", "nomad-media.yaml"),
        ("syngrafii", "syngrafii.yaml"),
    ]
    lines = outcome.output.splitlines()
    fuzzed = [
        next(i for i, line in enumerate(lines) if line.startswith(f"{k} {s} fuzzing: ")) for k, s in specs
    ]
    assert fuzzed == sorted(fuzzed)  # one vendor and spec after the other, as they ran
    done = re.compile(r"\S+ \S+ fuzzing: \d+ passed(, \d+ skipped)? \(in [\d.]+s\)")
    assert all(done.fullmatch(lines[i]) for i in fuzzed)
    assert next(i for i, line in enumerate(lines) if "Contract summary" in line) > fuzzed[-1]
    written = report.read_text()
    for label in (
        LIST,
        "DELETE /videos/{videoId}",
        "POST /token",
        "POST /ums/2.0/oauth/",
        "GET /media/my-content",
    ):
        assert f"`{label}` | ok" in written
