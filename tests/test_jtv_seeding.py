"""The seeded JTV world: a catalogue with the vendor's id styles that the reads can show, the
example subscriber of JTV's docs, and the same bytes for the same seed."""

from __future__ import annotations

import re

from conftest import make_app
from jtv_helpers import BEARER

ACT = "/jtv/metax/2.1/activity"
EXAMPLE = "user@example.org"


def reads(app) -> list[bytes]:
    client = app.test_client()
    return [
        client.get(f"{ACT}/fav/{EXAMPLE}", params={"size": "max"}, headers=BEARER).content,
        client.get(f"{ACT}/watch/{EXAMPLE}", headers=BEARER).content,
    ]


def test_the_example_subscriber_has_catalogue_favorites_and_history():
    client = make_app().test_client()
    favorites = client.get(f"{ACT}/fav/{EXAMPLE}", headers=BEARER).json()["favorites"]
    assert len(favorites) >= 2
    for item in favorites:
        assert re.fullmatch(r"NNVG\d{8}|\d{4,5}", item["id"])
        assert item["title"] and item["thumbnail"].endswith(f"/{item['id']}/thumbnail.jpg")
    history = client.get(f"{ACT}/watch/{EXAMPLE}", headers=BEARER).json()["history"]
    assert len(history) >= 2 and all(item["type"] in ("vod", "episode") for item in history)
    played = [item["lastPlayedOn"] for item in history]
    assert played == sorted(played, reverse=True)
    # Seeded positions are whole seconds, as the ingest reports them.
    assert all(item["pauseTime"] % 1000 == 0 for item in history)


def test_the_catalogue_holds_films_series_and_episodes():
    counts = make_app().test_client().get("/__admin/state", params={"api": "jtv", "limit": 0}).json()["jtv"]
    assert counts["assets"]["total"] == 12 + 3 * (1 + 4)  # small: films, series, their episodes
    assert counts["favorites"]["total"] > 0 and counts["activity"]["total"] > 0


def test_same_seed_same_bytes_other_seed_other_world():
    first, second = reads(make_app(seed=5)), reads(make_app(seed=5))
    assert first == second and b'"title": "' in first[0]
    assert reads(make_app(seed=6)) != first
