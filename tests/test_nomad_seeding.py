"""The seeded Nomad world: deterministic, and enough for a continue-watching row at once."""

from __future__ import annotations

from conftest import make_app

DEV = {"Authorization": "Bearer dev-token"}


def snapshot(app) -> dict:
    client = app.test_client()
    state = client.get("/__admin/state", params={"api": "nomad", "limit": 1000}).json()
    return {"state": state, "mine": client.get("/nomad/api/media/my-content", headers=DEV).json()}


def test_same_seed_same_world_and_another_seed_another():
    first = snapshot(make_app(seed=42))
    assert first == snapshot(make_app(seed=42))
    assert first != snapshot(make_app(seed=43))


def test_the_development_user_has_something_to_continue():
    mine = snapshot(make_app(seed=1))["mine"]
    assert len(mine["watching"]) + len(mine["watchlist"]) >= 1
    for item in mine["watching"]:
        assert item["properties"]["lastBeaconDate"] is not None
