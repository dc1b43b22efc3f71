"""A read never waits for a writer. Under `--workers` over a SQLite file another process may hold
the store's write lock for as long as its transaction lasts; a GET answers from what is
committed (vidmock.storage.store `read()`) rather than queueing behind it."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import DEV, IBM, make_app
from vidmock.storage import store as store_module

BEARER = {"Authorization": "Bearer dev-token"}
WEEK = {"date_time_from": "2026-11-10T00:00:00Z", "date_time_to": "2026-11-17T00:00:00Z"}
# (path below the mock's root, with {name}s from `first`; headers)
READS = [
    ("/apivideo/videos/{video}", BEARER),
    ("/apivideo/videos/{video}/captions", BEARER),
    ("/apivideo/videos/{video}/captions/{caption}", BEARER),
    ("/apivideo/players", BEARER),
    ("/apivideo/players/{player}", BEARER),
    ("/apivideo/account", BEARER),
    ("/apivideo/webhooks", BEARER),
    ("/apivideo/upload-tokens", BEARER),
    ("/apivideo/upload-tokens/{token}", BEARER),
    ("/apivideo/live-streams/{stream}", BEARER),
    ("/apivideo/analytics/sessions/{session}/events", BEARER),
    ("/jtv/metax/2.1/activity/fav/{subscriber}", BEARER),
    ("/jtv/metax/2.1/activity/watch/{subscriber}", BEARER),
    ("/jtv/metax/2.1/activity/pausetime/{subscriber}/{asset}", BEARER),
    ("/nomad/api/media/my-content", BEARER),
    ("/syngrafii/api/v1/packages/{package}/videos", BEARER),
    (IBM + "/total-views/summary", DEV),
    ("/__admin/health", {}),
    ("/__admin/requests", {}),
]


def first(client, api: str, collection: str) -> dict:
    """The first row of `collection` in the control API's state."""
    state = client.get("/__admin/state", params={"api": api, "collection": collection, "limit": 1}).json()
    return state[api][collection]["items"][0]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("locked") / "vidmock.db"
    client = make_app(db_url=f"sqlite:///{path}").test_client()
    caption = first(client, "apivideo", "captions")
    viewing = first(client, "jtv", "activity")
    names = {
        "video": caption["video_id"],
        "caption": caption["language"],
        "player": first(client, "apivideo", "players")["player_id"],
        "token": first(client, "apivideo", "upload_tokens")["token"],
        "stream": first(client, "apivideo", "live_streams")["live_stream_id"],
        "session": first(client, "apivideo", "sessions")["session_id"],
        "subscriber": viewing["subscriber_id"],
        "asset": viewing["asset_id"],
        "package": first(client, "syngrafii", "videos")["package_id"],
    }
    return client, path, names


@pytest.fixture
def write_locked(served, monkeypatch):
    """The store's write lock held by another connection, as another worker's transaction
    holds it; a read that took the lock would give up after 0.2 s (a 500) rather than 30."""
    client, path, names = served
    monkeypatch.setattr(store_module, "SQLITE_LOCK_WAIT_S", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield client, names
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.parametrize(("path", "headers"), READS, ids=[path for path, _ in READS])
def test_a_read_answers_while_another_process_holds_the_write_lock(write_locked, path, headers):
    client, names = write_locked
    answer = client.get(path.format(**names), params=WEEK if path.startswith(IBM) else None, headers=headers)
    assert answer.status_code == 200, answer.text


def test_the_lock_the_reads_ran_beside_is_held(write_locked, served):
    # What makes the test above mean anything: a writer of its own cannot begin meanwhile.
    other = sqlite3.connect(served[1], timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.close()
