"""A play on the mock's player page, driven by api.video's player SDK in a headless Chromium,
is listed in the video's analytics with its events, as api.video's own player reports to its
collector: the session of that page (its referrer the SDK's page, device, OS and client from
Chromium's User-Agent) and `ready`, `play`, `pause`, `seek.backward`, `resume`, `end`."""

from __future__ import annotations

from apivideo_player_browser import (
    api,
    browser,
    call,
    mock,
    sdk_page,
    seeded_video,
    start_player,
    tls,
    wait_for,
)
from conftest import NOW
from headless_chromium import wait

__all__ = ["api", "browser", "mock", "sdk_page", "tls"]
DAY = NOW.date().isoformat()  # the mock's clock stands still: every time recorded is of this day


def recorded(api, video_id: str) -> list[dict]:
    return api.get(f"/analytics/videos/{video_id}", params={"period": DAY}).json()["data"]


def test_a_play_is_listed_in_the_video_s_analytics_with_its_events(browser, sdk_page, api):
    video = seeded_video(api)
    video_id = video["videoId"]
    before = {s["session"]["sessionId"] for s in recorded(api, video_id)}
    start_player(browser, sdk_page, {"id": video_id, "iframeUrl": video["assets"]["player"], "muted": True})

    call(browser, "player.play()")
    wait(browser, lambda d: call(d, "player.getCurrentTime()") >= 1.2)
    call(browser, "player.pause()")
    wait_for(browser, "pause")
    paused_at = round(call(browser, "player.getCurrentTime()"))
    call(browser, "player.setCurrentTime(0.2)")
    call(browser, "player.play()")
    wait_for(browser, "ended")

    def finished(_driver):
        new = [s for s in recorded(api, video_id) if s["session"]["sessionId"] not in before]
        if not new:
            return None
        events = api.get(f"/analytics/sessions/{new[0]['session']['sessionId']}/events").json()["data"]
        return (new, events) if events and events[-1]["type"] == "end" else None

    [session], events = wait(browser, finished)
    assert [{k: v for k, v in e.items() if k != "emittedAt"} for e in events] == [
        {"type": "ready", "at": 0},
        {"type": "play", "at": 0},
        {"type": "pause", "at": paused_at},
        {"type": "seek.backward", "from": paused_at, "to": 0},
        {"type": "resume", "at": 0},
        {"type": "end", "at": 4},
    ]
    times = [session["session"]["loadedAt"], *(e["emittedAt"] for e in events), session["session"]["endedAt"]]
    assert times == sorted(times) and all(t.startswith(DAY) for t in times)
    assert session["referrer"] == {
        "url": sdk_page,  # the SDK's page, as the browser tells a page of another origin
        "medium": "referral",
        "source": sdk_page.rstrip("/"),
        "searchTerm": "unknown",
    }
    assert session["client"] == {
        "name": "Headless Chrome",
        "version": session["client"]["version"],
        "type": "browser",
    }
    assert session["os"]["name"] == "GNU/Linux"
