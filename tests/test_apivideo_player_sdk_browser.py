"""api.video's player SDK, `@api.video/player-sdk` 1.2.33 from npm, run unchanged in a headless
Chromium on a page of another origin, drives the mock's player page (`assets.player`, over
HTTPS) by postMessage: it gets `ready` and `play`, each command it sends takes effect, and each
getter answers the value the video has. The video is a seeded one playing the mock's 4 s sample."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

from apivideo_player_browser import (
    api,
    browser,
    call,
    mock,
    sdk_page,
    seeded_video,
    seen,
    start_player,
    tls,
    wait_for,
)
from headless_chromium import wait

__all__ = ["api", "browser", "mock", "sdk_page", "tls"]


def test_the_sdk_loads_the_page_by_its_own_url_and_gets_ready_then_play(browser, sdk_page, api):
    video = seeded_video(api)
    start_player(
        browser, sdk_page, {"id": video["videoId"], "iframeUrl": video["assets"]["player"], "muted": True}
    )

    src = browser.execute_script("return document.querySelector('#target iframe').src;")
    url = urlsplit(src)
    assert f"{url.scheme}://{url.netloc}{url.path}" == video["assets"]["player"]
    query = parse_qs(url.query)
    assert (query["id"], query["iframeUrl"], query["muted"]) == (
        [video["videoId"]],
        [video["assets"]["player"]],
        ["true"],
    )
    origin = base64.b64encode(sdk_page.rstrip("/").encode()).decode()
    assert url.fragment == f"api;sdkOrigin:{origin};sdkPlayerId:1"

    call(browser, "player.play()")
    assert wait_for(browser, "play") == [{}]
    assert seen(browser, "firstplay") == [{}]
    moving = wait(browser, lambda d: [t for t in seen(d, "timeupdate") if t["currentTime"] > 0.5])
    assert set(moving[0]) == {"currentTime"}
    assert call(browser, "player.getPlaying()") is True
    assert call(browser, "player.getPaused()") is False


def test_each_command_takes_effect_and_each_getter_answers_it(browser, sdk_page, api):
    video = seeded_video(api)
    start_player(
        browser, sdk_page, {"id": video["videoId"], "iframeUrl": video["assets"]["player"], "muted": True}
    )

    duration = call(browser, "player.getDuration()")
    assert round(duration, 1) == 4.0  # the sample's 4 s, give or take the audio's priming
    assert call(browser, "player.getPaused()") is True
    call(browser, "player.play()")
    wait_for(browser, "play")
    call(browser, "player.pause()")
    wait_for(browser, "pause")
    assert call(browser, "player.getPaused()") is True
    assert call(browser, "player.getPlaying()") is False

    seeks = len(seen(browser, "seeking"))
    call(browser, "player.setCurrentTime(2.5)")
    assert call(browser, "player.getCurrentTime()") == 2.5
    call(browser, "player.seek(-1)")
    assert call(browser, "player.getCurrentTime()") == 1.5
    call(browser, "player.seek(10)")  # past the end: the end
    assert call(browser, "player.getCurrentTime()") == duration
    wait_for(browser, "seeking", seeks + 3)  # one event per seek (hls.js may have nudged over a gap before)

    assert call(browser, "player.getMuted()") is True  # muted: true in the options
    call(browser, "player.unmute()")
    assert call(browser, "player.getMuted()") is False
    call(browser, "player.mute()")
    assert call(browser, "player.getMuted()") is True

    call(browser, "player.setVolume(0.25)")
    assert call(browser, "player.getVolume()") == 0.25
    assert {"volume": 0.25} in wait_for(browser, "volumechange")

    assert call(browser, "player.getLoop()") is False
    call(browser, "player.setLoop(true)")
    assert call(browser, "player.getLoop()") is True
    call(browser, "player.setLoop(false)")
    assert call(browser, "player.getLoop()") is False

    call(browser, "player.hideControls()")
    assert wait_for(browser, "controlsdisabled") == [{}]
    call(browser, "player.showControls()")
    assert wait_for(browser, "controlsenabled") == [{}]


def test_played_to_the_end_the_page_says_ended(browser, sdk_page, api):
    video = seeded_video(api)
    start_player(
        browser, sdk_page, {"id": video["videoId"], "iframeUrl": video["assets"]["player"], "muted": True}
    )
    call(browser, "player.setCurrentTime(3)")
    call(browser, "player.play()")
    assert wait_for(browser, "ended") == [{}]
    assert call(browser, "player.getCurrentTime()") == call(browser, "player.getDuration()")
    assert call(browser, "player.getPlaying()") is False
