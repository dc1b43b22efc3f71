"""Delivery of api.video's webhook events: to a real receiver on a loopback port, with api.video's
headers, retried on the mock's clock, recorded in the control API, never to other hosts."""

from __future__ import annotations

import hashlib
import hmac
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from itertools import pairwise

import pytest

from apivideo_world import API, DEV, World, live_stream
from conftest import make_app
from vidmock.apis.apivideo.webhooks import outbox, relay, sender
from vidmock.apis.apivideo.webhooks.tables import webhooks
from webhook_receiver import receiving

STREAM = "liRecorded00000000000000"
STARTED, ENDED = "live-stream.broadcast.started", "live-stream.broadcast.ended"
RECORDED, ENCODED = "video.source.recorded", "video.encoding.quality.completed"
DELIVERIES = "/__admin/apivideo/webhook-deliveries"


@pytest.fixture
def world(empty_app) -> World:
    built = World(empty_app)
    built.add(streams=[live_stream(STREAM, name="Friday keynote", record=True)])
    return built


def subscribe(client, url: str, *events: str) -> dict:
    answer = client.post(f"{API}/webhooks", json={"events": list(events), "url": url}, headers=DEV)
    assert answer.status_code == 201, answer.text
    return answer.json()


def flush(client) -> list[dict]:
    answer = client.post(f"{DELIVERIES}/flush")
    assert answer.status_code == 200, answer.text
    return answer.json()["deliveries"]


def records(client, query: str = "") -> list[dict]:
    return client.get(f"{DELIVERIES}{query}").json()["deliveries"]


def advance(app, seconds: float) -> None:
    app.world.clock.advance(timedelta(seconds=seconds))


def test_a_broadcast_reaches_the_receiver_with_exact_payloads_and_signed(world, empty_app, empty_client):
    with receiving() as receiver:
        hook = subscribe(empty_client, receiver.url, STARTED, ENDED, RECORDED)
        assert empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast").status_code == 200
        advance(empty_app, 90)
        stopped = empty_client.delete(f"/__admin/apivideo/live-streams/{STREAM}/broadcast").json()
        video_id = stopped["recordedVideoId"]
        flushed = flush(empty_client)

    # Sent side by side: the receiver may see them in any order.
    assert sorted(receiver.payloads(), key=lambda p: p["type"]) == [
        {"type": ENDED, "emittedAt": "2026-11-24T12:01:30.000Z", "liveStreamId": STREAM},
        {"type": STARTED, "emittedAt": "2026-11-24T12:00:00.000Z", "liveStreamId": STREAM},
        {
            "type": RECORDED,
            "emittedAt": "2026-11-24T12:01:30.000Z",
            "liveStreamId": STREAM,
            "videoId": video_id,
        },
    ]
    secret = flushed[0]["signatureSecret"]
    for request in receiver.received:
        assert request.path == "/hooks"
        assert request.headers["Content-Type"] == "application/json"
        assert request.headers["X-Api-Video-WebhookID"] == hook["webhookId"]
        expected = hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
        assert request.headers["X-Api-Video-Signature"] == expected
    assert [(r["event"], r["delivered"], r["attempts"]) for r in records(empty_client)] == [
        (STARTED, True, [{"at": "2026-11-24T12:01:30.000+00:00", "status": 200}]),
        (ENDED, True, [{"at": "2026-11-24T12:01:30.000+00:00", "status": 200}]),
        (RECORDED, True, [{"at": "2026-11-24T12:01:30.000+00:00", "status": 200}]),
    ]


def test_a_failing_receiver_is_retried_every_3_s_on_the_mock_clock(world, empty_app, empty_client):
    with receiving(500, 500, 200) as receiver:
        subscribe(empty_client, receiver.url, STARTED)
        empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        flush(empty_client)
        assert flush(empty_client) == []  # the retry waits for the clock
        advance(empty_app, 3)
        flush(empty_client)
        advance(empty_app, 3)
        flush(empty_client)
        advance(empty_app, 30)
        assert flush(empty_client) == []
    assert len(receiver.received) == 3
    [delivery] = records(empty_client)
    assert delivery["attempts"] == [
        {"at": "2026-11-24T12:00:00.000+00:00", "status": 500},
        {"at": "2026-11-24T12:00:03.000+00:00", "status": 500},
        {"at": "2026-11-24T12:00:06.000+00:00", "status": 200},
    ]
    assert delivery["delivered"] is True and delivery["nextAttemptAt"] is None and delivery["reason"] is None


def test_after_4_failed_attempts_the_delivery_is_given_up(world, empty_app, empty_client):
    with receiving(503) as receiver:
        subscribe(empty_client, receiver.url, STARTED)
        empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        flush(empty_client)
        [pending] = records(empty_client)
        assert pending["nextAttemptAt"] == "2026-11-24T12:00:03.000+00:00"
        for _ in range(5):
            advance(empty_app, 3)
            flush(empty_client)
    assert len(receiver.received) == 4
    [delivery] = records(empty_client, "?delivered=false")
    assert [a["at"][11:19] for a in delivery["attempts"]] == ["12:00:00", "12:00:03", "12:00:06", "12:00:09"]
    assert delivery["reason"] == "no 1xx or 2xx answer in 4 attempts" and delivery["nextAttemptAt"] is None


def test_a_redirect_counts_as_a_failure(world, empty_app, empty_client):
    with receiving(302, 200) as receiver:
        subscribe(empty_client, receiver.url, STARTED)
        empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        flush(empty_client)
        advance(empty_app, 3)
        flush(empty_client)
    assert [a["status"] for a in records(empty_client)[0]["attempts"]] == [302, 200]


def test_a_closed_port_is_an_error_attempt_retried_later(world, empty_client):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subscribe(empty_client, f"http://127.0.0.1:{port}/hooks", STARTED)
    empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
    [delivery] = flush(empty_client)
    [attempt] = delivery["attempts"]
    assert set(attempt) == {"at", "error"} and attempt["error"]
    assert delivery["delivered"] is False and delivery["nextAttemptAt"] == "2026-11-24T12:00:03.000+00:00"


def test_other_hosts_are_recorded_undelivered_and_never_contacted(world, empty_client, monkeypatch):
    called = []

    async def no_call(*args, **kwargs):
        called.append(args)
        return 200, None

    monkeypatch.setattr(sender, "send", no_call)
    subscribe(empty_client, "http://192.0.2.10:8080/hooks", STARTED)
    empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
    [delivery] = flush(empty_client)
    assert called == []
    assert delivery["attempts"] == [] and delivery["delivered"] is False and delivery["nextAttemptAt"] is None
    assert delivery["reason"] == "host '192.0.2.10' is not loopback and not allowed (--webhook-allow-host)"


@pytest.mark.parametrize(
    ("url", "allowed", "refused"),
    [
        ("http://127.0.0.1:9000/h", (), False),
        ("http://127.8.9.10/h", (), False),
        ("http://[::1]:9000/h", (), False),
        ("http://LocalHost:9000/h", (), False),
        ("http://hooks.localhost/h", (), False),
        ("https://hooks.example.com/h", (), True),
        ("https://hooks.example.com/h", ("Hooks.Example.com",), False),
        ("https://other.example.com/h", ("hooks.example.com",), True),
        ("https://other.example.com/h", ("*",), False),
        ("http://10.0.0.1/h", (), True),
    ],
)
def test_which_hosts_may_be_called(url, allowed, refused):
    assert (sender.refusal(url, allowed) is not None) is refused


def test_an_event_is_not_delivered_before_its_due_time(world, empty_app, empty_client):
    payload = {"type": ENCODED, "emittedAt": "2026-11-24T12:01:00.000Z", "videoId": "viX", "quality": "240p"}
    with receiving() as receiver:
        subscribe(empty_client, receiver.url, ENCODED)
        with empty_app.world.store.begin() as conn:
            # Due a minute after the frozen clock's 12:00:00.
            outbox.publish(conn, ENCODED, payload, 1_795_521_660_000, "viX")
        assert flush(empty_client) == []
        advance(empty_app, 59.999)
        assert flush(empty_client) == [] and receiver.received == []
        advance(empty_app, 0.001)
        [delivery] = flush(empty_client)
    assert receiver.payloads() == [payload]
    assert delivery["dueAt"] == "2026-11-24T12:01:00.000+00:00" and delivery["delivered"] is True


def test_a_webhook_created_after_an_event_fell_due_does_not_get_it(world, empty_app, empty_client):
    with receiving() as receiver:
        early = subscribe(empty_client, receiver.url, STARTED)
        empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        advance(empty_app, 1)
        late = subscribe(empty_client, receiver.url, STARTED)
        flush(empty_client)
    assert [r["webhookId"] for r in records(empty_client)] == [early["webhookId"]]
    assert records(empty_client, f"?webhookId={late['webhookId']}") == []
    assert len(receiver.received) == 1


def test_only_the_subscribed_events_are_sent(world, empty_client):
    with receiving() as receiver:
        subscribe(empty_client, receiver.url, ENDED)
        empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        empty_client.delete(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        flush(empty_client)
    assert [p["type"] for p in receiver.payloads()] == [ENDED]
    assert [r["event"] for r in records(empty_client, f"?event={ENDED}")] == [ENDED]
    assert records(empty_client, f"?event={STARTED}") == []


def test_deleting_the_webhook_stops_its_retries(world, empty_app, empty_client):
    with receiving(500) as receiver:
        hook = subscribe(empty_client, receiver.url, STARTED)
        empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        flush(empty_client)
        empty_client.delete(f"{API}/webhooks/{hook['webhookId']}", headers=DEV)
        advance(empty_app, 3)
        assert flush(empty_client) == []
    [delivery] = records(empty_client)
    assert len(delivery["attempts"]) == 1 and len(receiver.received) == 1
    assert delivery["reason"] == "the webhook was deleted" and delivery["signatureSecret"] is None


def test_deliver_due_runs_a_round_from_test_code(world, empty_app, empty_client):
    with receiving() as receiver:
        subscribe(empty_client, receiver.url, STARTED)
        empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        assert len(relay.deliver_due_now(empty_app.world)) == 1
    assert [p["type"] for p in receiver.payloads()] == [STARTED]


def test_the_server_delivers_in_the_background_and_stops_with_it(world, empty_app):
    with receiving() as receiver:
        with empty_app.test_client() as running:  # the ASGI lifespan: start-up and shut-down
            subscribe(running, receiver.url, STARTED)
            running.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
            assert receiver.arrived.wait(10), "the background round never ran"
        assert [p["type"] for p in receiver.payloads()] == [STARTED]


def test_a_scenario_declares_webhooks_that_hear_its_broadcasts(empty_client):
    assert empty_client.post("/__admin/scenarios/apivideo-webhooks-on-localhost").status_code == 200
    [hook] = empty_client.get(f"{API}/webhooks", headers=DEV).json()["data"]
    assert hook["webhookId"] == "webhook_LOCAL00000000000000001"
    assert hook["events"] == [ENCODED, STARTED, ENDED, RECORDED]  # every event, by default
    assert hook["createdAt"] == "2026-11-23T12:00:00.000+00:00"  # a day before the clock
    stream = "liREHEARSAL0000000000001"
    empty_client.post(f"/__admin/apivideo/live-streams/{stream}/broadcast")
    empty_client.delete(f"/__admin/apivideo/live-streams/{stream}/broadcast")
    with receiving() as receiver:
        with empty_client.app.world.store.begin() as conn:  # point it at this test's receiver
            conn.execute(webhooks.update().values(url=receiver.url))
        flush(empty_client)
    assert sorted(p["type"] for p in receiver.payloads()) == [ENDED, STARTED, RECORDED]


def test_exports_carry_webhooks_and_delivery_records(world, empty_client):
    subscribe(empty_client, "http://192.0.2.10/hooks", STARTED)
    empty_client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
    flush(empty_client)
    snapshot = empty_client.get("/__admin/export").json()
    before = records(empty_client)
    empty_client.post("/__admin/seed", json={"seed": 2, "size": "small"})
    assert (
        records(empty_client) == [] and empty_client.get(f"{API}/webhooks", headers=DEV).json()["data"] == []
    )
    assert empty_client.post("/__admin/import", json=snapshot).status_code == 200
    assert records(empty_client) == before and len(before) == 1
    assert len(empty_client.get(f"{API}/webhooks", headers=DEV).json()["data"]) == 1
    assert flush(empty_client) == []  # the imported event was already handed out


def test_an_uploads_encoding_events_reach_the_receiver_as_each_quality_is_done(
    world, empty_app, empty_client
):
    from apivideo_uploads import SAMPLE, new_video, send

    with receiving() as receiver:
        subscribe(empty_client, receiver.url, ENCODED)
        video_id = new_video(empty_client, title="Holiday")
        assert send(empty_client, video_id, SAMPLE).status_code == 201
        assert flush(empty_client) == []  # nothing is encoded yet
        # A 240-line source: HLS 240p, then the MP4, one every 10 s (the default step).
        advance(empty_app, 10)
        flush(empty_client)
        assert [(p["encoding"], p["quality"]) for p in receiver.payloads()] == [("hls", "240p")]
        advance(empty_app, 10)
        flush(empty_client)
    assert receiver.payloads() == [
        {
            "type": ENCODED,
            "emittedAt": "2026-11-24T12:00:10.000Z",
            "videoId": video_id,
            "encoding": "hls",
            "quality": "240p",
        },
        {
            "type": ENCODED,
            "emittedAt": "2026-11-24T12:00:20.000Z",
            "videoId": video_id,
            "encoding": "mp4",
            "quality": "240p",
        },
    ]


# --- each subscription on its own: slow receivers hold up nobody else -------------------------


def emptied_app(**config):
    """A mock holding only the recording stream, built with `config` (make_app's defaults)."""
    app = make_app(**config)
    with app.world.store.begin() as conn:
        app.world.store.clear(conn)
    World(app).add(streams=[live_stream(STREAM, name="Friday keynote", record=True)])
    return app


def wait_for(check, seconds: float):
    """`check()`'s first truthy answer, asked every 20 ms; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.02)
    raise AssertionError(f"not within {seconds} s")


def attempts_of(client, hook: dict, count: int) -> list[dict] | None:
    """The attempts of the webhook's one delivery once there are `count` of them, else None."""
    found = records(client, f"?webhookId={hook['webhookId']}")
    return found[0]["attempts"] if found and len(found[0]["attempts"]) >= count else None


def test_a_slow_receiver_holds_up_no_other_subscriptions_event_nor_its_retries():
    # The slow receiver answers after 30 s and the attempt waits that long: it stays out
    # all through the test, which the fast receiver's delivery must not notice.
    app = emptied_app(webhook_timeout=30.0)
    with receiving(delay=30) as slow, receiving(500, 500, 200) as fast, app.test_client() as client:
        slow_hook = subscribe(client, slow.url, STARTED)
        fast_hook = subscribe(client, fast.url, STARTED)
        client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        assert wait_for(lambda: attempts_of(client, fast_hook, 1), 5)
        advance(app, 3)
        assert wait_for(lambda: attempts_of(client, fast_hook, 2), 5)
        advance(app, 3)
        fast_attempts = wait_for(lambda: attempts_of(client, fast_hook, 3), 5)
        slow_attempts = records(client, f"?webhookId={slow_hook['webhookId']}")[0]["attempts"]
    assert fast_attempts == [
        {"at": "2026-11-24T12:00:00.000+00:00", "status": 500},
        {"at": "2026-11-24T12:00:03.000+00:00", "status": 500},
        {"at": "2026-11-24T12:00:06.000+00:00", "status": 200},
    ]
    assert len(slow.received) == 1 and slow_attempts == []  # its first attempt still out


def test_an_attempt_without_an_answer_in_time_fails_and_is_retried_3_s_after_it_began():
    app = emptied_app(webhook_timeout=0.2)
    client = app.test_client()
    with receiving(delay=2) as slow:
        subscribe(client, slow.url, STARTED)
        client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        started = time.monotonic()
        [delivery] = flush(client)
        waited = time.monotonic() - started
    assert waited < 1.5
    assert delivery["attempts"] == [
        {"at": "2026-11-24T12:00:00.000+00:00", "error": "no answer within 0.2 s"}
    ]
    assert delivery["nextAttemptAt"] == "2026-11-24T12:00:03.000+00:00"


def test_on_a_running_clock_retries_go_out_3_s_apart_beside_a_slow_receiver():
    app = emptied_app(now=None, webhook_timeout=30.0)
    with receiving(delay=30) as slow, receiving(500, 500, 200) as fast, app.test_client() as client:
        subscribe(client, slow.url, STARTED)
        hook = subscribe(client, fast.url, STARTED)
        client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        wait_for(lambda: len(fast.received) == 3, 9)  # watched at the receiver: no load on the mock
        attempts = wait_for(lambda: attempts_of(client, hook, 3), 2)
    instants = [datetime.fromisoformat(a["at"]) for a in attempts]
    gaps = [(later - earlier).total_seconds() for earlier, later in pairwise(instants)]
    arrivals = [later.arrived_at - earlier.arrived_at for earlier, later in pairwise(fast.received)]
    assert [a["status"] for a in attempts] == [500, 500, 200]
    # Never early; late by no more than a busy machine's scheduling (the slow receiver takes 30 s).
    assert all(3.0 <= gap < 4.0 for gap in gaps), gaps
    assert all(2.9 <= gap < 4.0 for gap in arrivals), arrivals


def test_overlapping_rounds_send_a_notification_once():
    app = emptied_app()
    with receiving(delay=0.5) as receiver, app.test_client() as client:
        subscribe(client, receiver.url, STARTED)
        client.post(f"/__admin/apivideo/live-streams/{STREAM}/broadcast")
        # The background round sends it; rounds asked for meanwhile find it under way.
        assert receiver.arrived.wait(2)
        with ThreadPoolExecutor(4) as pool:
            flushed = list(pool.map(lambda _: flush(client), range(8)))
        [delivery] = wait_for(lambda: records(client, "?delivered=true"), 2)
    assert flushed == [[]] * 8
    assert len(receiver.received) == 1 and len(delivery["attempts"]) == 1
