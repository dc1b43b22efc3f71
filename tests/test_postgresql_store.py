"""What must not depend on the store's backend (each test runs on SQLite and on PostgreSQL):
text order, case-insensitive search, ids handed out after an import, booleans in the state
search; and N `vidmock serve` replicas sharing one PostgreSQL database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import select

from apivideo_world import API, DEV, World, live_stream
from conftest import DEV as IBM_DEV
from conftest import IBM, segment, sid
from nomad_fixtures import asset as nomad_asset
from test_cli import free_port, wait_for
from vidmock.apis.apivideo.webhooks.outbox import outbox
from vidmock.apis.nomad.tables import assets as nomad_assets

pytestmark = pytest.mark.also_on_postgresql

SEPTEMBER = {"date_time_from": "2026-09-01T00:00:00Z", "date_time_to": "2026-09-30T00:00:00Z"}
STREAM = "liPlain00000000000000000"
BROADCAST = f"/__admin/apivideo/live-streams/{STREAM}/broadcast"
SERVE = [
    sys.executable,
    "-m",
    "vidmock.cli.main",
    "serve",
    "--size",
    "small",
    "--now",
    "2026-11-24T12:00:00Z",
    "--quiet",
]


def viewers(client, **params) -> list[str]:
    response = client.get(f"{IBM}/viewers", params={**SEPTEMBER, **params}, headers=IBM_DEV)
    assert response.status_code == 200, response.text
    return [item["attributes"]["viewer_identifier"] for item in response.json()["data"]]


def test_viewers_are_listed_in_the_byte_order_of_their_identifiers(empty_client, add_segments):
    names = ["ann@x.org", "Bob@x.org", "_cy@x.org", "Zed@x.org", "éva@x.org"]
    add_segments(*(segment(name, 1_790_000_000, 1_790_000_060, viewer_identifier=name) for name in names))
    # Upper case, then `_`, then lower case, then anything past ASCII: UTF-8 byte order, which
    # a locale-aware collation (a B c Z é, or _ first) would not give.
    assert viewers(empty_client) == ["Bob@x.org", "Zed@x.org", "_cy@x.org", "ann@x.org", "éva@x.org"]


def test_the_viewer_search_ignores_ascii_case_only(empty_client, add_segments):
    names = ["Bob@x.org", "ÉVA@x.org", "éva@x.org"]
    add_segments(*(segment(name, 1_790_000_000, 1_790_000_060, viewer_identifier=name) for name in names))
    assert viewers(empty_client, viewer_identifier="BOB") == ["Bob@x.org"]
    # Only ASCII letters are folded (as SQLite's lower() does): `É` matches `é` nowhere.
    assert viewers(empty_client, viewer_identifier="ÉVA") == ["éva@x.org"]


def test_integers_hold_64_bits_in_rows_and_in_filters(empty_client, add_segments):
    largest = 2**53 - 1  # the largest content id the spec lets a client send exactly
    add_segments(segment("far", 1_790_000_000, 1_790_000_060, content_id=largest))
    for content_id, expected in ((largest, ["far"]), (largest - 1, [])):
        response = empty_client.get(
            f"{IBM}/views/recorded", params={**SEPTEMBER, "content_id": content_id}, headers=IBM_DEV
        )
        assert response.status_code == 200, response.text
        found = [item["attributes"]["view_id"] for item in response.json()["data"]]
        assert found == [sid(name) for name in expected]


def test_ids_handed_out_after_an_import_follow_the_largest_imported(empty_app, empty_client):
    World(empty_app).add(streams=[live_stream(STREAM)])
    assert empty_client.post(BROADCAST).status_code == 200  # announces event 1
    snapshot = empty_client.get("/__admin/export").json()
    (event,) = snapshot["tables"]["apivideo_outbox"]
    event["event_id"] = 41
    assert empty_client.post("/__admin/import", json=snapshot).status_code == 200
    assert empty_client.delete(BROADCAST).status_code == 200  # announces the next event
    with empty_app.world.store.begin() as conn:
        announced = conn.execute(select(outbox.c.event_id, outbox.c.type).order_by(outbox.c.event_id)).all()
    assert announced == [(41, "live-stream.broadcast.started"), (42, "live-stream.broadcast.ended")]


def search(client, collection: str, text: str) -> int:
    found = client.get("/__admin/state", params={"collection": collection, "search": text}).json()
    return sum(part[collection]["total"] for part in found.values())


def test_the_state_search_reads_booleans_as_1_and_0_and_whole_floats_with_a_decimal(empty_app, empty_client):
    World(empty_app).add(streams=[live_stream(STREAM, name="Lobby", record=True)])
    assert (search(empty_client, "live_streams", "1"), search(empty_client, "live_streams", "true")) == (1, 0)
    with empty_app.world.store.begin() as conn:
        conn.execute(
            nomad_assets.insert(), [nomad_asset("film", seconds=1320.0), nomad_asset("clip", seconds=7.5)]
        )
    assert [search(empty_client, "assets", text) for text in ("1320.0", "7.5", "1320.5")] == [1, 1, 0]


@pytest.mark.postgresql
def test_replicas_over_one_database_seed_it_once_and_share_every_write(postgres_server):
    url = postgres_server.database()  # empty: the replicas race to create and seed it
    ports = [free_port(), free_port()]
    replicas = [
        subprocess.Popen(
            [*SERVE, "--db", url, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "COLUMNS": "200"},
        )
        for port in ports
    ]
    first, second = (f"http://127.0.0.1:{port}" for port in ports)
    try:
        for root, replica in zip((first, second), replicas, strict=True):
            wait_for(f"{root}/__admin/health", replica)
        contents = [
            httpx.get(f"{root}/__admin/state", params={"collection": "contents", "limit": 0}).json()
            for root in (first, second)
        ]
        assert contents[0] == contents[1] == {"ibm-analytics": {"contents": {"total": 9, "items": []}}}

        created = httpx.post(f"{first}{API}/videos", json={"title": "Shared"}, headers=DEV)
        assert created.status_code == 201, created.text
        video = f"{API}/videos/{created.json()['videoId']}"
        assert httpx.get(f"{second}{video}", headers=DEV).json()["title"] == "Shared"
        assert httpx.delete(f"{second}{video}", headers=DEV).status_code == 204
        assert httpx.get(f"{first}{video}", headers=DEV).status_code == 404
    finally:
        for replica in replicas:
            replica.send_signal(signal.SIGINT)
        for replica in replicas:
            replica.communicate(timeout=30)
        postgres_server.drop(url)
