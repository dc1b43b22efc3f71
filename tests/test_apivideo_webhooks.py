"""api.video's webhooks through the HTTP API: create, list (paginated, filtered by event), read,
delete, and the refusals of bad input, which change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from apivideo_world import API, DEV
from vidmock.apis.apivideo.webhooks.tables import webhooks
from vidmock.storage.store import count_rows

ENCODED = "video.encoding.quality.completed"
STARTED = "live-stream.broadcast.started"


def create(client, events, url="http://127.0.0.1:9000/hooks"):
    return client.post(f"{API}/webhooks", json={"events": events, "url": url}, headers=DEV)


def stored(app) -> int:
    with app.world.store.begin() as conn:
        return count_rows(conn, webhooks)


def assert_error(response, status: int, name: str) -> None:
    body = response.json()
    assert response.status_code == status, body
    assert body["name"] == name and body["status"] == status
    if status == 400:
        assert body["problems"][0]["name"] == name


def test_a_created_webhook_reads_back_as_created(client):
    answer = create(client, [STARTED, ENCODED], "https://example.com/notif?myquery=query")
    assert answer.status_code == 201
    made = answer.json()
    assert made["webhookId"].startswith("webhook_") and len(made["webhookId"]) == 8 + 22
    # The frozen test clock, in the millisecond form of api.video's example.
    assert made == {
        "webhookId": made["webhookId"],
        "createdAt": "2026-11-24T12:00:00.000+00:00",
        "events": [STARTED, ENCODED],
        "url": "https://example.com/notif?myquery=query",
    }
    assert client.get(f"{API}/webhooks/{made['webhookId']}", headers=DEV).json() == made


def test_an_event_named_twice_is_kept_once(client):
    assert create(client, [STARTED, ENCODED, STARTED]).json()["events"] == [STARTED, ENCODED]


def test_the_list_pages_and_filters_by_event(app, client):
    first = create(client, [ENCODED]).json()["webhookId"]
    app.world.clock.advance(timedelta(seconds=1))
    second = create(client, [STARTED, ENCODED]).json()["webhookId"]
    app.world.clock.advance(timedelta(seconds=1))
    third = create(client, [STARTED]).json()["webhookId"]

    everything = client.get(f"{API}/webhooks", headers=DEV).json()
    assert [w["webhookId"] for w in everything["data"]] == [first, second, third]  # oldest first
    assert everything["pagination"]["itemsTotal"] == 3

    page2 = client.get(f"{API}/webhooks?pageSize=2&currentPage=2", headers=DEV).json()
    assert [w["webhookId"] for w in page2["data"]] == [third]
    assert page2["pagination"] | {"links": None} == {
        "currentPage": 2,
        "pageSize": 2,
        "pagesTotal": 2,
        "itemsTotal": 3,
        "currentPageItems": 1,
        "links": None,
    }

    started = client.get(f"{API}/webhooks?events={STARTED}", headers=DEV).json()
    assert [w["webhookId"] for w in started["data"]] == [second, third]
    none = client.get(f"{API}/webhooks?events=video.unknown", headers=DEV).json()
    assert none["data"] == [] and none["pagination"]["itemsTotal"] == 0


def test_a_deleted_webhook_is_gone(client):
    made = create(client, [ENCODED]).json()["webhookId"]
    assert client.delete(f"{API}/webhooks/{made}", headers=DEV).status_code == 204
    assert_error(client.get(f"{API}/webhooks/{made}", headers=DEV), 404, "webhookId")
    assert_error(client.delete(f"{API}/webhooks/{made}", headers=DEV), 404, "webhookId")
    assert client.get(f"{API}/webhooks", headers=DEV).json()["data"] == []


def test_an_unknown_webhook_is_a_404_naming_webhookid(client):
    assert_error(client.get(f"{API}/webhooks/webhook_nope", headers=DEV), 404, "webhookId")


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"events": ["video.deleted"], "url": "http://127.0.0.1/h"}, "events.0"),
        ({"events": [], "url": "http://127.0.0.1/h"}, "events"),
        ({"events": ENCODED, "url": "http://127.0.0.1/h"}, "events"),
        ({"url": "http://127.0.0.1/h"}, "events"),
        ({"events": [ENCODED], "url": "/hooks"}, "url"),
        ({"events": [ENCODED], "url": "ftp://example.com/hooks"}, "url"),
        ({"events": [ENCODED], "url": "http://exa mple.com/"}, "url"),
        ({"events": [ENCODED], "url": "http://"}, "url"),
        # A bracketed host must be an IPv6 address (RFC 3986 IP-literal).
        ({"events": [ENCODED], "url": "http://[eF7075deeb]/hooks"}, "url"),
        ({"events": [ENCODED], "url": "http://[1::2::3]:8080/hooks"}, "url"),
        ({"events": [ENCODED]}, "url"),
    ],
)
def test_bad_subscriptions_are_refused_naming_the_field_and_store_nothing(app, client, body, name):
    before = stored(app)
    assert_error(client.post(f"{API}/webhooks", json=body, headers=DEV), 400, name)
    assert stored(app) == before


@pytest.mark.parametrize(
    "url", ["http://[::1]:9000/hooks", "https://[2001:db8::7]/hooks", "http://[::ffff:127.0.0.1]/"]
)
def test_an_ipv6_host_is_taken(client, url):
    answer = client.post(f"{API}/webhooks", json={"events": [ENCODED], "url": url}, headers=DEV)
    assert answer.status_code == 201, answer.text
    assert answer.json()["url"] == url


def test_webhooks_need_a_token(client):
    answer = client.post(f"{API}/webhooks", json={"events": [ENCODED], "url": "http://127.0.0.1/h"})
    assert_error(answer, 401, "Authorization")
    assert_error(client.get(f"{API}/webhooks"), 401, "Authorization")
