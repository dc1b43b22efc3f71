"""Syngrafii through the HTTP API: listing a package's videos, deleting all or one of them,
idempotence, bad input, auth, and that a failed request changes nothing."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from syngrafii_fixtures import BASE, KEY, add_world, gid, ms, stored_videos, video

pytestmark = pytest.mark.also_on_postgresql

NOW_MS = ms("2026-11-24T12:00:00+00:00")
NOW_TEXT = "2026-11-24T12:00:00.000Z"


@pytest.fixture
def build(empty_app):
    return lambda package_names, *video_rows: add_world(empty_app, package_names, *video_rows)


@pytest.fixture
def stored(empty_app):
    return lambda: stored_videos(empty_app)


def videos_url(package: str) -> str:
    return f"{BASE}/packages/{package}/videos"


def list_videos(client, package: str, headers=KEY):
    return client.get(videos_url(package), headers=headers)


def delete(client, package: str, headers=KEY, **body):
    return client.post(videos_url(package) + "/delete", json=body, headers=headers)


def states(response) -> dict[str, str]:
    return {item["meetingVideoId"]: item["state"] for item in response.json()["videos"]}


# --- listing -------------------------------------------------------------------------------


def test_a_package_lists_its_videos_in_the_vendor_format(empty_client, build):
    build(
        ["p"],
        video(
            "recording",
            "p",
            "started",
            time_created=ms("2026-11-24T11:50:00+00:00"),
            duration_seconds=None,
            size=None,
            meeting_video_shared_id=None,
        ),
        video(
            "done",
            "p",
            "archived",
            time_retention=ms("2027-02-18T10:00:00.250+00:00"),
            external_video_id="ext-1",
            external_storage_id="store-1",
        ),
    )
    response = list_videos(empty_client, gid("p"))
    assert response.status_code == 200
    access = hashlib.sha256(f"{gid('done')}|2026-11-25T12:00:00.000Z".encode()).hexdigest()[:32]
    assert response.json() == {
        "packageId": gid("p"),
        "videos": [
            {
                "meetingVideoId": gid("done"),
                "meetingVideoSharedId": gid("done/shared"),
                "meetingId": gid("p/meeting"),
                "meetingSessionId": gid("p/session"),
                "externalVideoId": "ext-1",
                "externalStorageId": "store-1",
                "timeCreated": "2026-11-20T10:00:00.250Z",
                "timeRetention": "2027-02-18T10:00:00.250Z",
                "timeDeleted": None,
                "duration": "PT5M12S",
                "size": 4_402_007,
                "source": "meeting",
                "type": "video",
                "state": "archived",
                "url": f"https://syngrafii.com/video/{gid('done')}?access={access}",
                "timeUrlExpires": "2026-11-25T12:00:00.000Z",
            },
            {
                "meetingVideoId": gid("recording"),
                "meetingVideoSharedId": None,
                "meetingId": gid("p/meeting"),
                "meetingSessionId": gid("p/session"),
                "externalVideoId": None,
                "externalStorageId": None,
                "timeCreated": "2026-11-24T11:50:00.000Z",
                "timeRetention": None,
                "timeDeleted": None,
                "duration": None,
                "size": None,
                "source": "meeting",
                "type": "video",
                "state": "started",
                "url": None,
                "timeUrlExpires": None,
            },
        ],
    }


@pytest.mark.parametrize("state", ["started", "stopped", "queued", "failed", "deleted"])
def test_only_an_archived_video_has_a_link(empty_client, build, state):
    build(["p"], video("v", "p", state))
    item = list_videos(empty_client, gid("p")).json()["videos"][0]
    assert (item["state"], item["url"], item["timeUrlExpires"]) == (state, None, None)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "PT0S"), (6, "PT6S"), (60, "PT1M"), (312, "PT5M12S"), (3600, "PT1H"), (3725, "PT1H2M5S")],
)
def test_durations_are_iso_8601(empty_client, build, seconds, text):
    build(["p"], video("v", "p", duration_seconds=seconds))
    assert list_videos(empty_client, gid("p")).json()["videos"][0]["duration"] == text


def test_the_link_expires_24_hours_after_the_clock_now(empty_app, empty_client, build):
    build(["p"], video("v", "p"))
    first = list_videos(empty_client, gid("p")).json()["videos"][0]
    empty_app.world.clock.advance(timedelta(hours=3))
    later = list_videos(empty_client, gid("p")).json()["videos"][0]
    assert first["timeUrlExpires"] == "2026-11-25T12:00:00.000Z"
    assert later["timeUrlExpires"] == "2026-11-25T15:00:00.000Z"
    assert later["url"] != first["url"]


def test_a_package_without_videos_lists_none(empty_client, build):
    build(["p"])
    assert list_videos(empty_client, gid("p")).json() == {"packageId": gid("p"), "videos": []}


def test_ids_compare_without_regard_to_case(empty_client, build):
    build(["p"], video("v", "p"))
    response = list_videos(empty_client, gid("p").upper())
    assert response.status_code == 200
    assert response.json()["packageId"] == gid("p")


def test_an_unknown_package_is_404_package_not_found(empty_client, build):
    build(["p"])
    response = list_videos(empty_client, "no-such-package")
    assert response.status_code == 404
    assert response.json()["error"] == "package_not_found"
    assert "no-such-package" in response.json()["message"]
    assert list(response.json()) == ["error", "message"]


# --- deleting ------------------------------------------------------------------------------


@pytest.fixture
def two_packages(build):
    build(
        ["p", "other"],
        video("a", "p", "archived"),
        video("b", "p", "queued", time_created=ms("2026-11-21T10:00:00+00:00")),
        video(
            "c",
            "p",
            "started",
            time_created=ms("2026-11-24T11:00:00+00:00"),
            duration_seconds=None,
            size=None,
        ),
        video("x", "other", "archived"),
    )


def test_without_meeting_video_id_every_video_of_the_package_is_deleted(empty_client, two_packages, stored):
    response = delete(empty_client, gid("p"), packageId=gid("p"))
    assert response.status_code == 200
    body = response.json()
    assert body["packageId"] == gid("p")
    assert [item["meetingVideoId"] for item in body["videos"]] == [gid("a"), gid("b"), gid("c")]
    for item in body["videos"]:
        assert (item["state"], item["timeDeleted"], item["url"], item["timeUrlExpires"]) == (
            "deleted",
            NOW_TEXT,
            None,
            None,
        )
    # The records stay, in state deleted; the other package is untouched.
    assert stored() == {
        gid("a"): ("deleted", NOW_MS),
        gid("b"): ("deleted", NOW_MS),
        gid("c"): ("deleted", NOW_MS),
        gid("x"): ("archived", None),
    }
    assert list_videos(empty_client, gid("p")).json() == body


def test_with_meeting_video_id_only_that_video_is_deleted(empty_client, two_packages, stored):
    response = delete(empty_client, gid("p"), packageId=gid("p"), meetingVideoId=gid("b"))
    assert response.status_code == 200
    [item] = response.json()["videos"]
    assert item["meetingVideoId"] == gid("b")
    assert (item["state"], item["timeDeleted"], item["duration"], item["size"]) == (
        "deleted",
        NOW_TEXT,
        "PT5M12S",
        4_402_007,
    )
    assert stored() == {
        gid("a"): ("archived", None),
        gid("b"): ("deleted", NOW_MS),
        gid("c"): ("started", None),
        gid("x"): ("archived", None),
    }
    assert states(list_videos(empty_client, gid("p"))) == {
        gid("a"): "archived",
        gid("b"): "deleted",
        gid("c"): "started",
    }


def test_a_null_meeting_video_id_counts_as_not_given(empty_client, two_packages, stored):
    assert delete(empty_client, gid("p"), packageId=gid("p"), meetingVideoId=None).status_code == 200
    states = {video_id: state for video_id, (state, _) in stored().items()}
    assert states == {gid("a"): "deleted", gid("b"): "deleted", gid("c"): "deleted", gid("x"): "archived"}


def test_deleting_a_deleted_video_again_answers_the_same_and_keeps_the_first_time(
    empty_app, empty_client, two_packages, stored
):
    first = delete(empty_client, gid("p"), packageId=gid("p"), meetingVideoId=gid("a"))
    empty_app.world.clock.advance(timedelta(minutes=5))
    again = delete(empty_client, gid("p"), packageId=gid("p"), meetingVideoId=gid("a"))
    assert again.status_code == 200
    assert again.json() == first.json()
    assert stored()[gid("a")] == ("deleted", NOW_MS)


def test_deleting_all_after_one_keeps_the_earlier_deletion_time(empty_app, empty_client, two_packages):
    delete(empty_client, gid("p"), packageId=gid("p"), meetingVideoId=gid("a"))
    empty_app.world.clock.advance(timedelta(minutes=5))
    body = delete(empty_client, gid("p"), packageId=gid("p")).json()
    assert {item["meetingVideoId"]: item["timeDeleted"] for item in body["videos"]} == {
        gid("a"): NOW_TEXT,
        gid("b"): "2026-11-24T12:05:00.000Z",
        gid("c"): "2026-11-24T12:05:00.000Z",
    }


def test_deleting_the_videos_of_a_package_without_any_lists_none(empty_client, build):
    build(["p"])
    assert delete(empty_client, gid("p"), packageId=gid("p")).json() == {"packageId": gid("p"), "videos": []}


def test_the_path_without_package_id_deletes_the_same_way(empty_client, two_packages, stored):
    response = empty_client.post(
        f"{BASE}/packages/videos/delete",
        json={"packageId": gid("p"), "meetingVideoId": gid("a")},
        headers=KEY,
    )
    assert response.status_code == 200
    assert [item["meetingVideoId"] for item in response.json()["videos"]] == [gid("a")]
    assert stored()[gid("a")] == ("deleted", NOW_MS)
    unknown = empty_client.post(f"{BASE}/packages/videos/delete", json={"packageId": "nope"}, headers=KEY)
    assert (unknown.status_code, unknown.json()["error"]) == (404, "package_not_found")


def test_ids_in_the_body_compare_without_regard_to_case(empty_client, two_packages, stored):
    response = delete(empty_client, gid("p"), packageId=gid("p").upper(), meetingVideoId=gid("b").upper())
    assert response.status_code == 200
    assert stored()[gid("b")] == ("deleted", NOW_MS)


# --- errors change nothing -----------------------------------------------------------------


def test_an_unknown_package_is_404_and_nothing_is_deleted(empty_client, two_packages, stored):
    before = stored()
    response = delete(empty_client, "no-such-package", packageId="no-such-package")
    assert response.status_code == 404
    assert response.json()["error"] == "package_not_found"
    assert stored() == before


@pytest.mark.parametrize("wanted", ["no-such-video", "x"], ids=["unknown", "of-another-package"])
def test_a_video_not_in_the_package_is_404_video_not_found(empty_client, two_packages, stored, wanted):
    before = stored()
    target = gid(wanted) if wanted == "x" else wanted
    response = delete(empty_client, gid("p"), packageId=gid("p"), meetingVideoId=target)
    assert response.status_code == 404
    assert response.json()["error"] == "video_not_found"
    assert target in response.json()["message"]
    assert stored() == before


def test_a_body_naming_another_package_is_404_and_deletes_nothing(empty_client, two_packages, stored):
    before = stored()
    response = delete(empty_client, gid("p"), packageId=gid("other"))
    assert response.status_code == 404
    assert response.json()["error"] == "package_not_found"
    assert gid("other") in response.json()["message"]
    assert stored() == before


BAD_BODIES = [
    pytest.param(b"{not json", "request_invalid_body", "Malformed JSON", id="malformed-json"),
    pytest.param(b"\xff\xfe", "request_invalid_body", "Malformed JSON", id="not-utf8"),
    pytest.param(b"", "request_invalid_body", "RequestBody", id="empty"),
    pytest.param(b"[]", "request_invalid_body", "not of type 'object'", id="array"),
    pytest.param(b"{}", "package_invalid_id", "'packageId' is a required property", id="no-package-id"),
    pytest.param(b'{"packageId": 7}', "package_invalid_id", "packageId", id="package-id-number"),
    pytest.param(b'{"packageId": ""}', "package_invalid_id", "packageId", id="package-id-empty"),
    pytest.param(
        b'{"packageId": "P", "meetingVideoId": 3}', "video_invalid_id", "meetingVideoId", id="video-id-number"
    ),
    pytest.param(
        b'{"packageId": "P", "meetingVideoId": ""}', "video_invalid_id", "meetingVideoId", id="video-id-empty"
    ),
    pytest.param(
        b'{"packageId": "P", "meetingVideoID": "x"}',
        "request_invalid_property",
        "meetingVideoID",
        id="misspelt",
    ),
]


@pytest.mark.parametrize(("raw", "code", "names"), BAD_BODIES)
def test_bad_bodies_are_400_naming_the_field_and_change_nothing(
    empty_client, two_packages, stored, raw, code, names
):
    before = stored()
    raw = raw.replace(b'"P"', f'"{gid("p")}"'.encode())
    response = empty_client.post(
        videos_url(gid("p")) + "/delete", content=raw, headers={**KEY, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == code
    assert names in response.json()["message"]
    assert stored() == before


def test_an_unknown_query_parameter_is_400_naming_it(empty_client, two_packages):
    response = empty_client.get(videos_url(gid("p")), params={"limit": 5}, headers=KEY)
    assert response.status_code == 400
    assert response.json() == {
        "error": "request_invalid_parameter",
        "message": "Unknown query parameter 'limit'",
    }


def test_a_body_that_is_not_json_is_415(empty_client, two_packages, stored):
    before = stored()
    response = empty_client.post(
        videos_url(gid("p")) + "/delete",
        content=b"packageId=x",
        headers={**KEY, "Content-Type": "text/plain"},
    )
    assert (response.status_code, response.json()["error"]) == (415, "request_invalid_content_type")
    assert stored() == before


def test_a_failure_after_the_write_rolls_the_whole_deletion_back(
    empty_client, two_packages, stored, monkeypatch
):
    from vidmock.apis.syngrafii import videos as domain

    before = stored()
    reads = []

    def read_then_fail(conn, package_id):
        reads.append(package_id)
        if len(reads) == 2:  # the read-back after the update
            raise RuntimeError("the store went away")
        return original(conn, package_id)

    original = domain.videos_of
    monkeypatch.setattr(domain, "videos_of", read_then_fail)
    response = delete(empty_client, gid("p"), packageId=gid("p"))
    assert response.status_code == 500
    assert response.json()["error"] == "server_exception_error"
    assert stored() == before


def test_an_unsupported_method_is_405_with_allow(empty_client, two_packages):
    response = empty_client.delete(videos_url(gid("p")), headers=KEY)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    assert response.json()["error"] == "request_invalid_method"


# --- authentication ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"api_key": "wrong"},
        {"api_key": ""},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic ZGV2LWtleTo="},
        {"Authorization": "dev-key"},
        {"api-key": "dev-key"},
    ],
    ids=[
        "none",
        "wrong-key",
        "empty-key",
        "wrong-bearer",
        "bearer-no-token",
        "basic",
        "raw-key",
        "dashed-name",
    ],
)
def test_missing_or_wrong_credentials_are_403_and_delete_nothing(empty_client, two_packages, stored, headers):
    before = stored()
    for response in (
        list_videos(empty_client, gid("p"), headers=headers),
        delete(empty_client, gid("p"), headers=headers, packageId=gid("p")),
    ):
        assert response.status_code == 403
        assert response.json()["error"] == "user_not_authorized"
        assert "api_key" in response.json()["message"] or "Authorization" in response.json()["message"]
    assert stored() == before


def test_credentials_are_checked_before_the_body(empty_client, two_packages):
    response = empty_client.post(
        videos_url(gid("p")) + "/delete", content=b"{bad", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {"api_key": "dev-key"},
        {"Authorization": "Bearer dev-token"},
        {"api_key": "dev-key", "Authorization": "Bearer wrong"},
        {"api_key": "wrong", "Authorization": "Bearer dev-token"},
    ],
    ids=["key", "bearer", "good-key-bad-bearer", "bad-key-good-bearer"],
)
def test_either_credential_is_enough(empty_client, two_packages, headers):
    assert list_videos(empty_client, gid("p"), headers=headers).status_code == 200


def test_tokens_are_accepted_for_syngrafii_only_and_until_they_expire(empty_app, empty_client, two_packages):
    tokens = empty_app.world.tokens
    mine = tokens.issue("syngrafii", "someone", 60).value
    theirs = tokens.issue("ibm-analytics", "someone", 60).value
    assert list_videos(empty_client, gid("p"), {"Authorization": f"Bearer {mine}"}).status_code == 200
    assert list_videos(empty_client, gid("p"), {"Authorization": f"Bearer {theirs}"}).status_code == 403
    empty_app.world.clock.advance(timedelta(seconds=61))
    assert list_videos(empty_client, gid("p"), {"Authorization": f"Bearer {mine}"}).status_code == 403
