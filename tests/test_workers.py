"""`vidmock serve --workers 2` over one SQLite file, and over one PostgreSQL database, as a real
subprocess: writes sent to both
workers at once lose nothing, and the clock, fault rules, journal and seed mean the same
whichever worker answers."""

from __future__ import annotations

import sqlite3
import time
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner

from multi_worker import (
    BACKENDS,
    BEARER,
    all_at_once,
    in_batches,
    served_workers,
    two_workers_over,
    until_every_worker_answers,
)
from vidmock.cli.main import main
from vidmock.journal.redaction import fingerprint
from webhook_receiver import receiving

SUB = "workers@example.org"
JTV = "/jtv/metax/2.1/activity"
NOMAD = "/nomad/api/asset/tracking"
# Nomad's asset ids are UUIDs; these share a prefix no seeded one has.
BEACON_ASSETS = "00000000-0000-4000-8000-"
ONE_ASSET = BEACON_ASSETS + "999999999999"


def asset_id(i: int) -> str:
    return f"{BEACON_ASSETS}{i:012d}"


@pytest.fixture(scope="module", params=BACKENDS)
def mock(request, tmp_path_factory):
    yield from two_workers_over(request, tmp_path_factory.mktemp("workers"))


def workers_of(url: str, client, **filters) -> set[int]:
    entries = client.get(url + "/__admin/requests", params=filters).json()["requests"]
    return {entry["worker"] for entry in entries}


def rows(url: str, client, api: str, collection: str, search: str) -> list[dict]:
    params = {"api": api, "collection": collection, "search": search, "limit": 1000}
    return client.get(url + "/__admin/state", params=params).json()[api][collection]["items"]


def test_more_workers_than_one_need_a_store_they_can_share():
    result = CliRunner().invoke(main, ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "cannot share an in-memory store: pass --db" in result.output


def test_200_plays_of_one_asset_sent_to_both_workers_count_200(mock):
    asset = "PLAYS1"
    answers = in_batches(200, 20, lambda i, c: c.put(f"{mock}{JTV}/watch/{quote(SUB)}/{asset}"))
    assert [a.status_code for a in answers] == [200] * 200
    with httpx.Client() as client:
        (row,) = [r for r in rows(mock, client, "jtv", "activity", asset) if r["subscriber_id"] == SUB]
        assert row["play_count"] == 200  # each play reads the count and writes it plus one
        assert len(workers_of(mock, client, path=f"/{asset}", limit=200)) == 2


def test_delta_ingests_for_100_assets_all_land(mock):
    subscriber = "delta@example.org"
    answers = in_batches(
        100,
        20,
        lambda i, c: c.put(
            f"{mock}/jtv/metax/3.0/ui/user/stat/{quote(subscriber)}",
            params={"isDelta": "true"},
            json={"view_data": [{"asset_id": f"D{i}", "play_count": i + 1}]},
        ),
    )
    assert {a.status_code for a in answers} == {200}
    with httpx.Client() as client:
        stored = {r["asset_id"]: r["play_count"] for r in rows(mock, client, "jtv", "activity", subscriber)}
    assert stored == {f"D{i}": i + 1 for i in range(100)}


def test_beacons_sent_to_both_workers_are_all_counted(mock):
    # 60 beacons for 60 assets: 60 records. 40 beacons for one asset, seconds 1..40 and the four
    # quartile events among them: its maxSecond is 40 and every flag latched.
    many = in_batches(60, 20, lambda i, c: c.get(mock + NOMAD, params={"assetId": asset_id(i)}))
    events = {10: "FirstQuartile", 20: "Midpoint", 30: "ThirdQuartile", 40: "Complete"}

    def one_asset(i: int, client):
        params = {"assetId": ONE_ASSET, "second": i + 1}
        if i + 1 in events:
            params["trackingEvent"] = events[i + 1]
        return client.get(mock + NOMAD, params=params)

    same = all_at_once(40, one_asset)
    assert {a.status_code for a in many + same} == {200}
    with httpx.Client() as client:
        records = rows(mock, client, "nomad", "tracking", BEACON_ASSETS)
    by_asset = {r["asset_id"]: r for r in records}
    assert sorted(by_asset) == sorted([asset_id(i) for i in range(60)] + [ONE_ASSET])
    one = by_asset[ONE_ASSET]
    assert one["max_second"] == 40.0
    assert [one[f] for f in ("is_first_quartile", "is_mid_point", "is_third_quartile", "is_complete")] == [
        True
    ] * 4


def test_deleting_one_package_from_both_workers_deletes_each_video_once(mock):
    with httpx.Client(headers={"api_key": "dev-key"}) as client:
        client.put(mock + "/__admin/clock", json={"frozen": False})
        videos = rows(mock, client, "syngrafii", "videos", "")
        counts: dict[str, int] = {}
        for video in videos:
            if video["state"] != "deleted":
                counts[video["package_id"]] = counts.get(video["package_id"], 0) + 1
        package = max(counts, key=counts.get)
    assert counts[package] >= 2
    answers = all_at_once(
        24,
        lambda i, c: c.post(
            f"{mock}/syngrafii/api/v1/packages/{package}/videos/delete",
            json={"packageId": package},
            headers={"api_key": "dev-key"},
        ),
    )
    assert {a.status_code for a in answers} == {200}
    # Idempotent: the first deletion sets timeDeleted, every later one answers it unchanged; a
    # lost update would show two times for one video.
    times = {(v["meetingVideoId"], v["timeDeleted"]) for a in answers for v in a.json()["videos"]}
    assert len(times) == len({video_id for video_id, _ in times}) >= counts[package]
    assert {v["state"] for a in answers for v in a.json()["videos"]} == {"deleted"}


def test_a_clock_set_through_one_request_is_every_workers_clock(mock):
    with httpx.Client() as client:
        client.put(mock + "/__admin/clock", json={"now": "2030-05-06T07:08:09Z"})
    answers, workers = until_every_worker_answers(
        mock, 2, 16, lambda i, c: c.get(mock + "/__admin/clock"), path="/__admin/clock", method="GET"
    )
    assert len(workers) == 2
    assert {a.json()["now"] for a in answers} == {"2030-05-06T07:08:09+00:00"}


def test_a_fault_rule_added_through_one_worker_fires_on_both_and_counts_its_times_once(mock):
    with httpx.Client() as client:
        rule = {"match": {"api": "jtv", "method": "GET"}, "status": 503, "times": 6}
        assert client.post(mock + "/__admin/faults", json=rule).status_code == 201
    answers = all_at_once(24, lambda i, c: c.get(f"{mock}{JTV}/fav/{quote(SUB)}"))
    assert sorted(a.status_code for a in answers) == [200] * 18 + [503] * 6
    with httpx.Client() as client:
        assert client.get(mock + "/__admin/faults").json()["faults"] == []  # retired after 6
        rule = {"match": {"api": "jtv", "method": "GET"}, "status": 503}
        client.post(mock + "/__admin/faults", json=rule)
    answers, workers = until_every_worker_answers(
        mock, 2, 16, lambda i, c: c.get(f"{mock}{JTV}/fav/{quote(SUB)}"), api="jtv"
    )
    with httpx.Client() as client:
        client.delete(mock + "/__admin/faults")
    assert len(workers) == 2
    assert {a.status_code for a in answers} == {503}


def test_the_journal_numbers_both_workers_entries_in_one_sequence(mock):
    with httpx.Client() as client:
        since = client.get(mock + "/__admin/requests", params={"limit": 1}).json()["requests"][0]["id"]
    answers, workers = until_every_worker_answers(
        mock, 2, 20, lambda i, c: c.get(f"{mock}/__admin/health"), path="/health"
    )
    with httpx.Client() as client:
        params = {"since": since, "path": "/health", "limit": 1000}
        entries = client.get(mock + "/__admin/requests", params=params).json()
    ids = [e["id"] for e in entries["requests"]]
    assert len(workers) == 2
    assert len(ids) == len(answers) and len(set(ids)) == len(answers)


def test_the_shared_journal_keeps_an_answers_body_with_its_secrets_fingerprinted(mock):
    credentials = {"userName": "dev@nomad.example", "password": "dev-password"}
    with httpx.Client() as client:
        login = client.post(mock + "/nomad/api/account/login", json=credentials)
        params = {"path": "/account/login", "limit": 1}
        [entry] = client.get(mock + "/__admin/requests", params=params).json()["requests"]
    answered = login.json()
    assert login.status_code == 200 and not answered["token"].startswith("sha256:")
    body = entry["response"]["body"]
    assert body["size"] == len(login.content) and body["truncated"] is False
    secrets = {name: fingerprint(answered[name]) for name in ("token", "refreshToken")}
    assert body["json"] == {**answered, **secrets}


def test_a_store_file_whose_journal_table_an_earlier_version_made_serves_and_journals(tmp_path):
    # The journal table as vidmock made it before answers were kept apart from their entries.
    database = tmp_path / "earlier.db"
    with sqlite3.connect(database) as conn:
        conn.execute(
            "CREATE TABLE vidmock_journal (id INTEGER PRIMARY KEY AUTOINCREMENT, entry JSON NOT NULL,"
            " raw_text TEXT, raw_bytes BLOB, cost INTEGER NOT NULL)"
        )
        conn.execute("INSERT INTO vidmock_journal (entry, cost) VALUES ('{}', 512)")
    served = served_workers(f"sqlite:///{database}", tmp_path / "serve.log", 2)
    with served as (url, _process), httpx.Client() as client:
        health = client.get(url + "/__admin/health")
        entries = client.get(url + "/__admin/requests").json()["requests"]
    # Only the health checks (the start-up probe's and this one), under ids from 1 again.
    assert [e["path"] for e in entries] == ["/__admin/health"] * len(entries)
    assert [e["id"] for e in entries] == list(range(len(entries), 0, -1))
    assert entries[0]["response"]["body"]["json"] == health.json()


def test_a_reseed_through_one_worker_is_what_every_worker_reports(mock):
    with httpx.Client() as client:
        assert client.post(mock + "/__admin/seed", json={"seed": 7}).status_code == 200
    answers = all_at_once(16, lambda i, c: c.get(mock + "/__admin/health"))
    assert {(a.json()["seed"], a.json()["size"]) for a in answers} == {(7, "small")}


def test_a_webhook_event_is_delivered_once_though_both_workers_deliver(mock):
    # Both workers run delivery rounds in the background; 16 flushes sent at once add rounds
    # racing each other. The event must still reach the receiver exactly once.
    apivideo = mock + "/apivideo"
    with receiving() as receiver, httpx.Client(headers=BEARER) as client:
        client.put(mock + "/__admin/clock", json={"frozen": False})
        hook = client.post(
            apivideo + "/webhooks", json={"events": ["live-stream.broadcast.started"], "url": receiver.url}
        )
        assert hook.status_code == 201, hook.text
        stream = client.post(apivideo + "/live-streams", json={"name": "workers"}).json()["liveStreamId"]
        started = client.post(f"{mock}/__admin/apivideo/live-streams/{stream}/broadcast")
        assert started.status_code == 200, started.text
        flushes = all_at_once(16, lambda i, c: c.post(mock + "/__admin/apivideo/webhook-deliveries/flush"))
        assert {f.status_code for f in flushes} == {200}
        deadline = time.monotonic() + 5
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.5)  # three background rounds of each worker: time enough for a duplicate
        records = client.get(mock + "/__admin/apivideo/webhook-deliveries").json()["deliveries"]
    ours = [r for r in records if r["webhookId"] == hook.json()["webhookId"]]
    assert [len(r["attempts"]) for r in ours] == [1]
    assert ours[0]["delivered"] is True
    assert [p["liveStreamId"] for p in receiver.payloads()] == [stream]
