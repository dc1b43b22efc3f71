"""Request bodies past the limit are a 413 in the vendor's shape and change nothing; the admin
import has its own, larger limit; streamed bodies are counted as they arrive."""

from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner

from body_writes import IBM_TOKEN_FORM, make_client, named_place, send, store, writes
from vidmock.cli import serve as cli_serve
from vidmock.cli.main import main
from vidmock.config import Config
from vidmock.testing import serving

LIMIT = 1024
VENDORS = ["apivideo", "jtv", "nomad", "syngrafii", "admin"]
TOO_LARGE = f"this operation accepts at most {LIMIT} bytes"


@pytest.fixture(scope="module")
def seeded():
    return store(make_client())


@pytest.fixture
def client():
    return make_client(max_body_bytes=LIMIT)


def padded(body: dict, size: int) -> str:
    """`body` with its first field's value replaced by a string, the whole `size` bytes long."""
    key = next(iter(body))
    empty = json.dumps({**body, key: ""})
    return json.dumps({**body, key: "x" * (size - len(empty))})


def test_the_defaults_are_a_mebibyte_and_a_gibibyte():
    assert (Config().max_body_bytes, Config().max_upload_bytes) == (1024 * 1024, 1024 * 1024 * 1024)


@pytest.mark.parametrize(
    ("vendor", "named"),
    [
        ("apivideo", ""),
        ("jtv", None),
        ("nomad", None),
        ("syngrafii", "request_invalid_size"),
        ("admin", None),
    ],
)
def test_a_body_over_the_limit_is_a_413_in_the_vendors_shape_and_writes_nothing(
    seeded, client, vendor, named
):
    write = writes(seeded)[vendor]
    body = padded(write.body, LIMIT + 1)
    assert len(body) == LIMIT + 1
    before = store(client)
    response = send(client, write, body)
    assert response.status_code == 413
    assert named_place(vendor, response) == named
    assert f"Content-Length says {LIMIT + 1} bytes; {TOO_LARGE}" in response.text
    assert store(client) == before


@pytest.mark.parametrize(
    ("vendor", "named"),
    [
        ("apivideo", "title"),
        ("jtv", "view_data"),
        ("nomad", "userId"),
        ("syngrafii", "package_invalid_id"),
        ("admin", "/seed"),
    ],
)
def test_a_body_of_exactly_the_limit_is_read_and_validated(seeded, client, vendor, named):
    # The padding makes the first field a long string: each schema refuses it there, which
    # shows the whole body was read and judged on its content, not on its size.
    write = writes(seeded)[vendor]
    response = send(client, write, padded(write.body, LIMIT))
    assert response.status_code == 400
    assert named_place(vendor, response) == named


def test_ibm_token_and_analytics_bodies_over_the_limit(client):
    form = IBM_TOKEN_FORM + "&padding=" + "x" * LIMIT
    token = client.post(
        "/ibm-analytics/oauth2/token",
        content=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert token.status_code == 413
    assert named_place("ibm-oauth", token) == "invalid_request"
    assert TOO_LARGE in token.json()["error_description"]
    views = client.request(
        "GET",
        "/ibm-analytics/v1/views?date_time_from=2026-11-01T00:00:00&date_time_to=2026-11-02T00:00:00",
        content=b"x" * (LIMIT + 1),
        headers={"Authorization": "dev-token"},
    )
    assert views.status_code == 413
    assert views.json()["errors"][0]["status"] == 413


def test_a_content_length_smaller_than_the_body_does_not_get_past_the_limit(seeded, client):
    write = writes(seeded)["apivideo"]
    before = store(client)
    response = client.request(
        write.method,
        write.path,
        content=padded(write.body, 4 * LIMIT),
        headers={**write.headers, "Content-Type": "application/json", "Content-Length": "20"},
    )
    assert response.status_code == 413
    assert f"more than {LIMIT} bytes arrived; {TOO_LARGE}" in response.json()["detail"]
    assert store(client) == before


# --- the admin import's own limit -------------------------------------------------------------


def test_the_admin_import_takes_snapshots_larger_than_the_body_limit(client):
    snapshot = store(client)
    body = json.dumps(snapshot)
    assert len(body) > 100 * LIMIT
    response = client.post("/__admin/import", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    assert store(client) == snapshot


def test_the_admin_import_has_a_limit_of_its_own():
    client = make_client(max_body_bytes=LIMIT, max_upload_bytes=10 * LIMIT)
    before = store(client)
    body = json.dumps(before)
    response = client.post("/__admin/import", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert f"this operation accepts at most {10 * LIMIT} bytes" in response.json()["detail"]
    assert store(client) == before


# --- streamed bodies against a real server ----------------------------------------------------


def chunks(count: int, size: int):
    for _ in range(count):
        yield b" " * size


def test_a_streamed_body_without_content_length_is_counted_as_it_arrives(seeded):
    app = make_client(max_body_bytes=LIMIT).app
    write = writes(seeded)["apivideo"]
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        request = http.build_request(
            write.method,
            write.path,
            content=chunks(8, 256),
            headers={**write.headers, "Content-Type": "application/json"},
        )
        assert "content-length" not in request.headers
        assert request.headers["transfer-encoding"] == "chunked"
        response = http.send(request)
        assert response.status_code == 413
        assert f"more than {LIMIT} bytes arrived; {TOO_LARGE}" in response.json()["detail"]
        assert named_place("apivideo", response) == ""
        title = http.get(write.path, headers=write.headers).json()["title"]
        assert (
            title
            == next(v for v in seeded["tables"]["apivideo_videos"] if v["video_id"] in write.path)["title"]
        )


def test_a_streamed_body_under_the_limit_is_served(seeded):
    app = make_client(max_body_bytes=LIMIT).app
    write = writes(seeded)["apivideo"]

    def body():
        yield b'{"title": '
        yield b'"Streamed"}'

    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        headers = {**write.headers, "Content-Type": "application/json"}
        response = http.request(write.method, write.path, content=body(), headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["title"] == "Streamed"


# --- configuration ----------------------------------------------------------------------------


def test_serve_takes_the_limits_from_options_and_environment(monkeypatch):
    built: list[Config] = []
    monkeypatch.setattr(cli_serve, "create_app", lambda config: built.append(config))
    monkeypatch.setattr(cli_serve.uvicorn, "run", lambda *args, **kwargs: None)
    runner = CliRunner()
    by_option = runner.invoke(main, ["serve", "--size", "small", "--max-body-size", "2048"])
    assert by_option.exit_code == 0, by_option.output
    by_env = runner.invoke(
        main,
        ["serve", "--size", "small"],
        env={"VIDMOCK_MAX_BODY_SIZE": "4096", "VIDMOCK_MAX_UPLOAD_SIZE": "8192"},
    )
    assert by_env.exit_code == 0, by_env.output
    assert [(c.max_body_bytes, c.max_upload_bytes) for c in built] == [
        (2048, 1024 * 1024 * 1024),
        (4096, 8192),
    ]
    refused = runner.invoke(main, ["serve", "--max-body-size", "0"])
    assert refused.exit_code == 2
