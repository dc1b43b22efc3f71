"""api.video's deprecated `GET /account`: the video quota from the store, the term around the clock."""

from __future__ import annotations

from apivideo_world import API, DEV
from test_apivideo_api import assert_error
from vidmock.specs.documents import spec_dir


def test_the_quota_counts_videos_against_a_thousand(empty_client):
    def quota():
        return empty_client.get(f"{API}/account", headers=DEV).json()["quota"]

    assert quota() == {"quotaUsed": 0, "quotaRemaining": 1000, "quotaTotal": 1000}
    for title in ("one", "two", "three"):
        empty_client.post(f"{API}/videos", headers=DEV, json={"title": title})
    assert quota() == {"quotaUsed": 3, "quotaRemaining": 997, "quotaTotal": 1000}


def test_the_term_is_the_calendar_month_of_the_clock(empty_client):
    body = empty_client.get(f"{API}/account", headers=DEV).json()
    # The test clock stands at 2026-11-24T12:00Z.
    assert body["term"] == {"startAt": "2026-11-01T00:00:00+00:00", "endAt": "2026-12-01T00:00:00+00:00"}
    assert body["environment"] == "production" and "player.white_label" in body["features"]
    empty_client.put("/__admin/clock", json={"advance": "876h"})  # 2026-12-31T00:00Z
    term = empty_client.get(f"{API}/account", headers=DEV).json()["term"]
    assert term == {"startAt": "2026-12-01T00:00:00+00:00", "endAt": "2027-01-01T00:00:00+00:00"}


def test_the_account_needs_a_token_and_is_marked_deprecated(empty_client):
    assert_error(empty_client.get(f"{API}/account"), 401, "Authorization")
    assert "deprecated: true" in (spec_dir() / "apivideo.yaml").read_text().split("  /account:")[1][:400]
