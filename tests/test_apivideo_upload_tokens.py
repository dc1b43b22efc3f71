"""Upload tokens and `POST /upload?token=...`: the token is the only credential, it expires on
the mock's clock, and a refused upload creates nothing."""

from __future__ import annotations

import pytest

from apivideo_uploads import API, DEV, SAMPLE, advance, assert_error, in_chunks, mock, source_of, store

__all__ = ["mock"]


def new_token(client, ttl=None) -> dict:
    response = client.post(f"{API}/upload-tokens", headers=DEV, json={} if ttl is None else {"ttl": ttl})
    assert response.status_code == 200, response.text
    return response.json()


def upload(client, token, data, content_range=None, **form):
    headers = {"Content-Range": content_range} if content_range else {}
    files = {"file": ("holiday.mp4", data, "video/mp4")}
    return client.post(f"{API}/upload", params={"token": token}, headers=headers, files=files, data=form)


def test_a_token_lives_ttl_seconds_on_the_mock_clock(mock):
    token = new_token(mock, ttl=3600)
    assert token["token"].startswith("to") and len(token["token"]) == 24
    assert token == {
        "token": token["token"],
        "ttl": 3600,
        "createdAt": "2026-11-24T12:00:00+00:00",
        "expiresAt": "2026-11-24T13:00:00+00:00",
    }
    assert mock.get(f"{API}/upload-tokens/{token['token']}", headers=DEV).json() == token
    advance(mock, "1h")
    assert_error(mock.get(f"{API}/upload-tokens/{token['token']}", headers=DEV), 404, "uploadToken")
    assert mock.get(f"{API}/upload-tokens", headers=DEV).json()["data"] == []


def test_a_token_without_ttl_never_expires(mock):
    token = new_token(mock)
    no_body = mock.post(f"{API}/upload-tokens", headers=DEV).json()
    assert (token["ttl"], token["expiresAt"]) == (no_body["ttl"], no_body["expiresAt"]) == (0, None)
    advance(mock, "3650d")
    for kept in (token, no_body):
        assert mock.get(f"{API}/upload-tokens/{kept['token']}", headers=DEV).status_code == 200


def test_list_sorts_and_paginates(mock):
    short = new_token(mock, ttl=60)
    advance(mock, "1s")
    forever = new_token(mock)
    advance(mock, "1s")
    long = new_token(mock, ttl=7200)
    listed = mock.get(f"{API}/upload-tokens", headers=DEV).json()
    assert [t["token"] for t in listed["data"]] == [short["token"], forever["token"], long["token"]]
    by_ttl = mock.get(
        f"{API}/upload-tokens", headers=DEV, params={"sortBy": "ttl", "sortOrder": "desc"}
    ).json()
    assert [t["ttl"] for t in by_ttl["data"]] == [7200, 60, 0]
    page = mock.get(f"{API}/upload-tokens", headers=DEV, params={"pageSize": 2, "currentPage": 2}).json()
    assert [t["token"] for t in page["data"]] == [long["token"]]
    assert page["pagination"]["itemsTotal"] == 3 and page["pagination"]["pagesTotal"] == 2


def test_bad_token_bodies_and_parameters_are_400s(mock):
    before = store(mock)
    assert_error(mock.post(f"{API}/upload-tokens", headers=DEV, json={"ttl": -1}), 400, "ttl")
    assert_error(mock.post(f"{API}/upload-tokens", headers=DEV, json={"ttl": "1h"}), 400, "ttl")
    assert_error(mock.get(f"{API}/upload-tokens", headers=DEV, params={"sortBy": "name"}), 400, "sortBy")
    assert store(mock) == before


def test_upload_with_a_token_and_no_api_key(mock):
    token = new_token(mock)["token"]
    response = upload(mock, token, SAMPLE)
    assert response.status_code == 201
    video = response.json()
    assert video["title"] == "holiday.mp4"
    status = mock.get(f"{API}/videos/{video['videoId']}/status", headers=DEV).json()
    assert status["ingest"]["status"] == "uploaded" and status["ingest"]["filesize"] == len(SAMPLE)


def upload_as(client, token: str, disposition: bytes, data: bytes = SAMPLE):
    """An upload whose file part says `Content-Disposition: form-data; name="file"; <disposition>`
    byte for byte, as a client other than the test client writes it."""
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; ' + disposition + b"\r\n"
        b"Content-Type: video/mp4\r\n\r\n" + data + b"\r\n--b--\r\n"
    )
    headers = {"Content-Type": "multipart/form-data; boundary=b"}
    return client.post(f"{API}/upload", params={"token": token}, headers=headers, content=body)


NET_NAME = b'filename="=?utf-8?B?0JLQuNC00LXQvi5tcDQ=?="'  # how .NET writes "Видео.mp4"


@pytest.mark.parametrize(
    ("disposition", "title"),
    [
        # RFC 6266 §4.3: filename* wins, in either order
        (b"filename=\"plain.mp4\"; filename*=UTF-8''na%C3%AFve%20clip.mp4", "naïve clip.mp4"),
        (b"filename*=UTF-8''na%C3%AFve%20clip.mp4; filename=\"plain.mp4\"", "naïve clip.mp4"),
        (b"filename=\"ete.mp4\"; filename*=iso-8859-1'fr'%E9t%E9.mp4", "été.mp4"),
        (b"filename=\"x.mp4\"; filename*0*=UTF-8''na%C3%AF; filename*1=ve.mp4", "naïve.mp4"),
        # RFC 2047 encoded words, alone or beside filename* as .NET sends them
        (NET_NAME, "Видео.mp4"),
        (NET_NAME + b"; filename*=utf-8''%D0%92%D0%B8%D0%B4%D0%B5%D0%BE.mp4", "Видео.mp4"),
        (b'filename="=?utf-8?Q?caf=C3=A9?= clip.mp4"', "café clip.mp4"),
        # a browser's raw UTF-8
        ('filename="café.mp4"'.encode(), "café.mp4"),
        # paths are dropped, Windows' and POSIX' alike
        (b'filename="C:\\Users\\me\\holiday.mp4"', "holiday.mp4"),
        (b'filename="/home/me/holiday.mp4"', "holiday.mp4"),
        (b'filename="me\\holiday.mp4"', "holiday.mp4"),
        (b"filename=\"x.mp4\"; filename*=UTF-8''..%2F..%2Fholiday.mp4", "holiday.mp4"),
        (b'filename="=?utf-8?B?QzpcVXNlcnNcbWVcaG9saWRheS5tcDQ=?="', "holiday.mp4"),
        # nothing left, or words that do not decode
        (b'filename="/home/me/"', "Untitled"),
        (b'filename="=?x-unknown?B?YWJj?=.mp4"', "=?x-unknown?B?YWJj?=.mp4"),
    ],
)
def test_the_video_is_titled_after_the_file_name_the_sender_meant(mock, disposition, title):
    response = upload_as(mock, new_token(mock)["token"], disposition)
    assert response.status_code == 201, response.text
    assert response.json()["title"] == title


def test_a_part_with_filename_star_alone_is_no_file_part(mock):
    # RFC 7578 §4.2: in form data a file part says `filename`; `filename*` only refines it.
    token = new_token(mock)["token"]
    before = store(mock)
    assert_error(upload_as(mock, token, b"filename*=UTF-8''na%C3%AFve.mp4"), 400, "file")
    assert store(mock) == before


def test_chunks_with_a_token_continue_the_same_video_with_or_without_video_id(mock):
    token = new_token(mock)["token"]
    total = len(SAMPLE)
    (_, first), (b, second), (c, third) = in_chunks(SAMPLE, 10_000)
    started = upload(mock, token, first, f"bytes 0-9999/{total}").json()
    # The official Python client sends no videoId; a browser uploader names it.
    assert upload(mock, token, second, f"bytes {b}-19999/{total}").json()["videoId"] == started["videoId"]
    done = upload(mock, token, third, f"bytes {c}-{total - 1}/{total}", videoId=started["videoId"])
    assert done.status_code == 201 and done.json()["videoId"] == started["videoId"]
    listed = mock.get(f"{API}/videos", headers=DEV).json()["data"]
    assert [v["videoId"] for v in listed] == [started["videoId"]]
    assert source_of(mock, started["videoId"]) == SAMPLE


def test_an_expired_deleted_or_unknown_token_is_refused_naming_token_and_creates_nothing(mock):
    expiring = new_token(mock, ttl=60)["token"]
    deleted = new_token(mock)["token"]
    assert mock.delete(f"{API}/upload-tokens/{deleted}", headers=DEV).status_code == 204
    advance(mock, "61s")
    before = store(mock)
    for token in (expiring, deleted, "to0000000000000000000000"):
        assert_error(upload(mock, token, SAMPLE), 404, "token")
    assert store(mock) == before


def test_token_upload_refusals_change_nothing(mock):
    token = new_token(mock)["token"]
    other = new_token(mock)["token"]
    started = upload(mock, token, SAMPLE[:10_000], f"bytes 0-9999/{len(SAMPLE)}").json()["videoId"]
    before = store(mock)
    assert_error(upload(mock, token, b""), 400, "file")
    # a next chunk with no upload under way for that token
    assert_error(
        upload(mock, other, SAMPLE[10_000:20_000], f"bytes 10000-19999/{len(SAMPLE)}"), 400, "Content-Range"
    )
    # a video this token did not start
    assert_error(upload(mock, other, SAMPLE[10_000:20_000], "part 2/3", videoId=started), 400, "videoId")
    # out of order
    assert_error(
        upload(mock, token, SAMPLE[20_000:], f"bytes 20000-28149/{len(SAMPLE)}"), 400, "Content-Range"
    )
    assert store(mock) == before


@pytest.mark.parametrize("header", ["bytes 0-4/9223372036854775808", "part 1/9223372036854775808"])
def test_a_content_range_number_too_large_to_keep_is_a_400_naming_it_and_creates_nothing(mock, header):
    token = new_token(mock)["token"]
    before = store(mock)
    body = assert_error(upload(mock, token, SAMPLE[:5], header), 400, "Content-Range")
    assert body["detail"] == (
        f"Invalid header parameter 'Content-Range': '{header}' is not bytes START-END/TOTAL, part N/TOTAL "
        "or part N/* (parts from 1, each number at most 9007199254740991)"
    )
    assert store(mock) == before


def test_deleting_an_unknown_token_is_a_404(mock):
    assert_error(
        mock.delete(f"{API}/upload-tokens/to0000000000000000000000", headers=DEV), 404, "uploadToken"
    )


def test_a_scenario_declares_upload_tokens_counted_from_their_creation():
    from starlette.testclient import TestClient

    from conftest import make_app

    client = TestClient(make_app(scenario="apivideo-captions-and-players"))
    listed = client.get(f"{API}/upload-tokens", headers=DEV).json()["data"]
    # The clock stands at 2026-11-24T12:00Z: the open token was made a day before it; the other,
    # an hour's token made two hours before it, has expired and is not listed.
    assert listed == [
        {
            "token": "toCAPTIONSUPLOADS0000001",
            "ttl": 0,
            "createdAt": "2026-11-23T12:00:00+00:00",
            "expiresAt": None,
        }
    ]
    assert upload(client, "toCAPTIONSUPLOADS0000001", SAMPLE).status_code == 201
    assert_error(upload(client, "toEXPIREDUPLOADS00000000", SAMPLE), 404, "token")
