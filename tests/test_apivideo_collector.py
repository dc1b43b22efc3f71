"""The collector the mock's player page reports playback to (`POST /collector/vod`, the shape of
api.video's own collector): a first ping starts a session of the video, later ones add to it,
on the mock's clock; the session and its events are then listed by the raw-statistics
operations like seeded ones. The page's side of it, in a browser:
test_apivideo_player_analytics_browser.py."""

from __future__ import annotations

import subprocess
import sys

from apivideo_uploads import API, DEV, advance, assert_error, mock, new_video, store

__all__ = ["mock"]
SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Safari/605.1.15"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 14_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/14.0 Mobile/15E148 Safari/604.1"
)
# The browser's clock is years off the mock's (frozen at 2026-11-24T12:00:00Z): only the
# intervals it measures count.
FIRST = {
    "emitted_at": "2030-01-01T00:00:09.000Z",
    "session": {
        "loaded_at": "2030-01-01T00:00:00.000Z",
        "referrer": "https://app.example/watch?v=1",
        "metadata": [{"Author": "Ada"}, {"Format": "Demo"}],
    },
    "events": [
        {"type": "ready", "emitted_at": "2030-01-01T00:00:01.000Z", "at": 0},
        {"type": "play", "emitted_at": "2030-01-01T00:00:02.000Z", "at": 0},
        {"type": "seek.forward", "emitted_at": "2030-01-01T00:00:04.250Z", "from": 1.6, "to": 30.4},
        {"type": "pause", "emitted_at": "2030-01-01T00:00:08.000Z", "at": 34.5},
    ],
}


def ping(mock, video_id: str, body: dict, user_agent: str = SAFARI, session_id: str | None = None):
    session = {**body["session"], "video_id": video_id}
    if session_id is not None:
        session["session_id"] = session_id
    return mock.post(
        f"{API}/collector/vod?t=1893456009000",
        json={**body, "session": session},
        headers={"User-Agent": user_agent},
    )


def sessions_of(mock, video_id: str) -> list[dict]:
    answer = mock.get(f"{API}/analytics/videos/{video_id}", params={"period": "2026-11-24"}, headers=DEV)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def events_of(mock, session_id: str) -> list[dict]:
    answer = mock.get(f"{API}/analytics/sessions/{session_id}/events", headers=DEV)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def test_a_first_ping_starts_a_session_listed_like_a_seeded_one(mock):
    video_id = new_video(
        mock, metadata=[{"key": "Author", "value": "Grace"}, {"key": "Series", "value": "S1"}]
    )

    answer = ping(mock, video_id, FIRST)

    assert answer.status_code == 200, answer.text
    session_id = answer.json()["session"]
    assert session_id.startswith("ps") and len(session_id) == 23
    assert sessions_of(mock, video_id) == [
        {
            "session": {
                "sessionId": session_id,
                "loadedAt": "2026-11-24T11:59:51.000+00:00",  # 9 s before the ping arrived
                "endedAt": "2026-11-24T12:00:00.000+00:00",  # the ping's arrival
                "metadata": [
                    {"key": "Author", "value": "Ada"},  # the player's value over the video's
                    {"key": "Series", "value": "S1"},
                    {"key": "Format", "value": "Demo"},
                ],
            },
            "location": {"country": "unknown", "city": "unknown"},
            "referrer": {
                "url": "https://app.example/watch?v=1",
                "medium": "referral",
                "source": "https://app.example",
                "searchTerm": "unknown",
            },
            "device": {"type": "desktop", "vendor": "Apple", "model": "unknown"},
            "os": {"name": "Mac", "shortname": "MAC", "version": "10.15.7"},
            "client": {"name": "Safari", "version": "17.0", "type": "browser"},
        }
    ]
    assert events_of(mock, session_id) == [
        {"type": "ready", "emittedAt": "2026-11-24T11:59:52.000+00:00", "at": 0},
        {"type": "play", "emittedAt": "2026-11-24T11:59:53.000+00:00", "at": 0},
        {"type": "seek.forward", "emittedAt": "2026-11-24T11:59:55.250+00:00", "from": 2, "to": 30},
        {"type": "pause", "emittedAt": "2026-11-24T11:59:59.000+00:00", "at": 35},
    ]


def test_later_pings_add_to_their_session_on_the_mock_s_clock(mock):
    video_id = new_video(mock)
    session_id = ping(mock, video_id, FIRST).json()["session"]
    advance(mock, "1m")
    later = {
        "emitted_at": "2030-01-01T00:00:30.000Z",  # the browser's clock moved 21 s, the mock's 60 s
        "session": FIRST["session"],
        "events": [
            {"type": "resume", "emitted_at": "2030-01-01T00:00:20.000Z", "at": 34.5},
            {"type": "seek.backward", "emitted_at": "2030-01-01T00:00:25.000Z", "from": 40, "to": 3},
            {"type": "end", "emitted_at": "2030-01-01T00:00:29.000Z", "at": 60},
        ],
    }

    answer = ping(mock, video_id, later, session_id=session_id)

    assert answer.json() == {"session": session_id}
    [listed] = sessions_of(mock, video_id)
    assert (listed["session"]["loadedAt"], listed["session"]["endedAt"]) == (
        "2026-11-24T11:59:51.000+00:00",
        "2026-11-24T12:01:00.000+00:00",
    )
    assert events_of(mock, session_id)[4:] == [
        {"type": "resume", "emittedAt": "2026-11-24T12:00:50.000+00:00", "at": 35},
        {"type": "seek.backward", "emittedAt": "2026-11-24T12:00:55.000+00:00", "from": 40, "to": 3},
        {"type": "end", "emittedAt": "2026-11-24T12:00:59.000+00:00", "at": 60},
    ]


def test_times_are_never_out_of_order_nor_after_the_mock_s_now(mock):
    video_id = new_video(mock)
    skewed = {
        "emitted_at": "2030-01-01T00:00:05.000Z",
        "session": {"loaded_at": "2030-01-01T00:00:10.000Z", "referrer": ""},  # loaded "after" the ping
        "events": [
            {"type": "ready", "emitted_at": "2030-01-01T00:00:01.000Z", "at": 0},  # before the load
            {"type": "play", "emitted_at": "2030-01-01T00:00:09.000Z", "at": 0},  # after the ping
        ],
    }
    session_id = ping(mock, video_id, skewed, user_agent=IPHONE).json()["session"]
    [listed] = sessions_of(mock, video_id)
    assert listed["session"]["loadedAt"] == listed["session"]["endedAt"] == "2026-11-24T12:00:00.000+00:00"
    assert [e["emittedAt"] for e in events_of(mock, session_id)] == ["2026-11-24T12:00:00.000+00:00"] * 2
    assert listed["referrer"] == {
        "url": "unknown",
        "medium": "direct",
        "source": "unknown",
        "searchTerm": "unknown",
    }
    assert (listed["device"], listed["os"], listed["client"]) == (
        {"type": "smartphone", "vendor": "Apple", "model": "iPhone"},
        {"name": "iOS", "shortname": "IOS", "version": "14.4"},
        {"name": "Mobile Safari", "version": "14.0", "type": "browser"},
    )


def test_a_ping_the_rules_refuse_names_the_field_and_records_nothing(mock):
    video_id = new_video(mock)
    other = new_video(mock)
    session_id = ping(mock, other, FIRST).json()["session"]
    before = store(mock)["tables"]

    def with_events(*events):
        return {**FIRST, "events": list(events)}

    at = "2030-01-01T00:00:01.000Z"
    cases = [
        (ping(mock, video_id, with_events({"type": "play", "emitted_at": at})), 400, "events.0.at"),
        (
            ping(mock, video_id, with_events({"type": "seek.forward", "emitted_at": at, "from": 3})),
            400,
            "events.0.to",
        ),
        (
            ping(mock, video_id, with_events({"type": "seek.forward", "emitted_at": at, "to": 3})),
            400,
            "events.0.from",
        ),
        (
            ping(mock, video_id, with_events({"type": "seek.forward", "emitted_at": at, "from": 9, "to": 3})),
            400,
            "events.0.to",
        ),
        (
            ping(
                mock, video_id, with_events({"type": "seek.backward", "emitted_at": at, "from": 3, "to": 9})
            ),
            400,
            "events.0.to",
        ),
        (
            ping(mock, video_id, with_events({"type": "stall", "emitted_at": at, "at": 1})),
            400,
            "events.0.type",
        ),
        (ping(mock, video_id, with_events({"type": "play", "emitted_at": at, "at": -1})), 400, "events.0.at"),
        (
            ping(
                mock, video_id, with_events({"type": "play", "emitted_at": "2030-02-30T00:00:00Z", "at": 1})
            ),
            400,
            "events.0.emitted_at",
        ),
        (ping(mock, video_id, {**FIRST, "emitted_at": "yesterday"}), 400, "emitted_at"),
        (ping(mock, "vi0000000000000000000000", FIRST), 404, "session.video_id"),
        (ping(mock, video_id, FIRST, session_id=session_id), 404, "session.session_id"),
    ]
    for answer, status, name in cases:
        assert_error(answer, status, name)
    missing = mock.post(
        f"{API}/collector/vod", json={**FIRST, "session": {"loaded_at": FIRST["session"]["loaded_at"]}}
    )
    assert_error(missing, 400, "session.video_id")
    assert store(mock)["tables"] == before


def test_a_seek_within_a_second_is_kept_in_whole_seconds(mock):
    video_id = new_video(mock)
    nudge = {"type": "seek.forward", "emitted_at": "2030-01-01T00:00:03.000Z", "from": 1.2, "to": 1.4}
    session_id = ping(mock, video_id, {**FIRST, "events": [nudge]}).json()["session"]
    assert events_of(mock, session_id) == [
        {"type": "seek.forward", "emittedAt": "2026-11-24T11:59:54.000+00:00", "from": 1, "to": 1}
    ]


def test_pings_reported_together_from_many_threads_are_parsed_alike():
    # The detector loads its rules on first use; its own YAML reader (`yaml_rs`) crashed the
    # process in a worker thread, and must not be reached: a fresh process, eight threads
    # released together.
    script = f"""
import os, threading
import yaml_rs
yaml_rs.loads = lambda text: os._exit(3)
from vidmock.apis.apivideo.analytics.audience import platform
agents = [{SAFARI!r}, {IPHONE!r}] * 4
start, found = threading.Barrier(len(agents)), []
def parse(agent):
    start.wait()
    found.append((agent, platform.__wrapped__(agent)))
threads = [threading.Thread(target=parse, args=(agent,)) for agent in agents]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
assert len(found) == 8 and len({{repr(parsed) for agent, parsed in found if agent == {SAFARI!r}}}) == 1
print(sorted({{parsed["device_type"] for _agent, parsed in found}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stdout.strip()) == (0, "['desktop', 'smartphone']"), done.stderr[-2000:]
