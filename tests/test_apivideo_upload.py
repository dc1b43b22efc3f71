"""`POST /videos/{videoId}/source`: a whole file, or chunks numbered by bytes or by parts; every
refusal names the header or field at fault and leaves the store exactly as it was."""

from __future__ import annotations

import struct

import pytest

from apivideo_uploads import (
    API,
    DEV,
    SAMPLE,
    assert_error,
    in_chunks,
    mock,
    new_video,
    send,
    source_of,
    store,
)
from media_clips import clip

__all__ = ["mock"]


def status_of(client, video_id):
    return client.get(f"{API}/videos/{video_id}/status", headers=DEV).json()


def test_a_whole_file_in_one_request(mock):
    video_id = new_video(mock)
    response = send(mock, video_id, SAMPLE)
    assert response.status_code == 201
    video = response.json()
    assert video["videoId"] == video_id
    assert video["assets"]["mp4"].endswith(f"/apivideo/vod/{video_id}/mp4/source.mp4")
    ingest = status_of(mock, video_id)["ingest"]
    size = len(SAMPLE)
    assert ingest == {
        "status": "uploaded",
        "filesize": size,
        "receivedBytes": [{"from": 0, "to": size - 1, "total": size}],
    }
    assert source_of(mock, video_id) == SAMPLE


def test_chunks_by_bytes_are_reassembled_in_order(mock):
    video_id = new_video(mock)
    total = len(SAMPLE)
    chunks = in_chunks(SAMPLE, 10_000)  # 25084 bytes: 10000 + 10000 + 5084
    assert len(chunks) == 3
    for start, chunk in chunks[:-1]:
        response = send(mock, video_id, chunk, f"bytes {start}-{start + len(chunk) - 1}/{total}")
        assert response.status_code == 201
        ingest = status_of(mock, video_id)["ingest"]
        assert ingest["status"] == "uploading" and ingest["filesize"] == total
    start, chunk = chunks[-1]
    assert send(mock, video_id, chunk, f"bytes {start}-{total - 1}/{total}").status_code == 201
    assert status_of(mock, video_id)["ingest"] == {
        "status": "uploaded",
        "filesize": total,
        "receivedBytes": [
            {"from": 0, "to": 9_999, "total": total},
            {"from": 10_000, "to": 19_999, "total": total},
            {"from": 20_000, "to": total - 1, "total": total},
        ],
    }
    assert source_of(mock, video_id) == SAMPLE
    # The chunks are gone once reassembled: one blob is left, the source.
    blobs = [b["blob_id"] for b in store(mock)["tables"]["blobs"] if video_id in b["blob_id"]]
    assert blobs == [f"apivideo/{video_id}/source"]


@pytest.mark.parametrize("last", ["part 3/3", "part 3/*-then-3/3"])
def test_chunks_by_parts_numbered_or_progressive(mock, last):
    video_id = new_video(mock)
    chunks = in_chunks(SAMPLE, 10_000)
    progressive = last != "part 3/3"
    for number, (_start, chunk) in enumerate(chunks[:-1], start=1):
        header = f"part {number}/*" if progressive else f"part {number}/3"
        assert send(mock, video_id, chunk, header).status_code == 201
        assert status_of(mock, video_id)["ingest"]["status"] == "uploading"
    assert send(mock, video_id, chunks[-1][1], "part 3/3").status_code == 201
    assert status_of(mock, video_id)["ingest"]["status"] == "uploaded"
    assert source_of(mock, video_id) == SAMPLE


def started(mock, form: str) -> str:
    """A video with the first 10 000 bytes of SAMPLE received as `form` ('bytes' or 'part')."""
    video_id = new_video(mock)
    header = f"bytes 0-9999/{len(SAMPLE)}" if form == "bytes" else "part 1/3"
    assert send(mock, video_id, SAMPLE[:10_000], header).status_code == 201
    return video_id


TOTAL = len(SAMPLE)


@pytest.mark.parametrize(
    ("form", "header", "data"),
    [
        # out of order: a gap after byte 9999
        ("bytes", f"bytes 20000-29999/{TOTAL}", SAMPLE[20_000:] + b"x" * (30_000 - TOTAL)),
        # overlapping what was received
        ("bytes", f"bytes 5000-14999/{TOTAL}", SAMPLE[5_000:15_000]),
        # past the total
        ("bytes", f"bytes 10000-{TOTAL}/{TOTAL}", SAMPLE[10_000:] + b"x"),
        # the total changes
        ("bytes", f"bytes 10000-19999/{TOTAL + 1}", SAMPLE[10_000:20_000]),
        # the header says 10 000 bytes, the file has 9 999
        ("bytes", f"bytes 10000-19999/{TOTAL}", SAMPLE[10_000:19_999]),
        # first byte after the last
        ("bytes", f"bytes 19999-10000/{TOTAL}", SAMPLE[10_000:20_000]),
        # the other numbering
        ("bytes", "part 2/3", SAMPLE[10_000:20_000]),
        # no header while chunks are under way
        ("bytes", None, SAMPLE[10_000:]),
        # parts: skipped, repeated, a changed count, past the count
        ("part", "part 3/3", SAMPLE[20_000:]),
        ("part", "part 1/3", SAMPLE[:10_000]),
        ("part", "part 2/4", SAMPLE[10_000:20_000]),
        ("part", "part 2/*", SAMPLE[10_000:20_000]),
        ("part", "part 4/3", SAMPLE[10_000:20_000]),
        ("part", f"bytes 10000-19999/{TOTAL}", SAMPLE[10_000:20_000]),
    ],
)
def test_a_chunk_that_does_not_fit_is_a_400_naming_content_range_and_changes_nothing(
    mock, form, header, data
):
    video_id = started(mock, form)
    before = store(mock)
    assert_error(send(mock, video_id, data, header), 400, "Content-Range")
    assert store(mock) == before


@pytest.mark.parametrize("header", ["bytes 0-9/", "bytes=0-9/10", "part x/3", "parts 1/3", "bytes 0-9/10\n"])
def test_a_malformed_content_range_is_a_400_naming_it(mock, header):
    video_id = new_video(mock)
    before = store(mock)
    assert_error(send(mock, video_id, SAMPLE, header), 400, "Content-Range")
    assert store(mock) == before


# 2^53 - 1: the largest number a Content-Range may carry (what every JSON client reads exactly).
LARGEST = 9_007_199_254_740_991


@pytest.mark.parametrize(
    "header",
    [
        "bytes 0-4/9223372036854775808",  # 2^63: past what the store holds
        "part 1/9223372036854775808",
        f"bytes 0-4/{LARGEST + 1}",
        f"part 1/{LARGEST + 1}",
        f"part {LARGEST + 1}/*",
        "bytes 0-4/" + "9" * 5000,  # more digits than Python reads
    ],
)
def test_a_content_range_number_too_large_to_keep_is_a_400_naming_it(mock, header):
    video_id = new_video(mock)
    before = store(mock)
    body = assert_error(send(mock, video_id, SAMPLE[:5], header), 400, "Content-Range")
    # The spec's pattern states the bound, so the refusal says what the header takes.
    assert body["detail"].endswith(f"(parts from 1, each number at most {LARGEST})")
    assert len(body["detail"]) < 300  # a numeral of thousands of digits is not echoed whole
    assert store(mock) == before


@pytest.mark.parametrize("header", ["part 0/3", "part 00/*", "part 1/0"])
def test_a_part_numbered_below_1_is_refused_by_the_spec_s_pattern(mock, header):
    video_id = new_video(mock)
    before = store(mock)
    body = assert_error(send(mock, video_id, SAMPLE[:5], header), 400, "Content-Range")
    assert body["detail"] == (
        f"Invalid header parameter 'Content-Range': '{header}' is not bytes START-END/TOTAL, part N/TOTAL "
        f"or part N/* (parts from 1, each number at most {LARGEST})"
    )
    assert store(mock) == before


@pytest.mark.parametrize(
    ("header", "total"), [(f"bytes 0-4/{LARGEST}", LARGEST), (f"part 1/{LARGEST}", None)]
)
def test_the_largest_content_range_numbers_are_taken(mock, header, total):
    video_id = new_video(mock)
    assert send(mock, video_id, SAMPLE[:5], header).status_code == 201
    ingest = status_of(mock, video_id)["ingest"]
    assert (ingest["status"], ingest["filesize"]) == ("uploading", total)


def claiming_length(duration_ms: float) -> bytes:
    """A 1 s Matroska clip whose Segment Info says it lasts `duration_ms` (its Duration element,
    an 8-byte float of milliseconds at the default timecode scale): FFmpeg takes the claim as
    the file's length, where an MP4's headers are checked against its sample tables."""
    data = clip(1, 160, 120, 12, container="matroska")
    at = data.index(b"\x44\x89\x88") + 3  # Duration's id, then its size: 8 bytes
    return data[:at] + struct.pack(">d", duration_ms) + data[at + 8 :]


def test_a_file_claiming_a_length_past_what_is_kept_is_a_400_naming_file(mock):
    video_id = new_video(mock)
    before = store(mock)
    body = assert_error(send(mock, video_id, claiming_length(9.2e15)), 400, "file")
    assert body["detail"] == (
        f"The file says it lasts 9200000000000000 ms: past {LARGEST}, the largest number kept"
    )
    assert store(mock) == before


def test_a_file_claiming_a_year_is_taken_at_its_word(mock):
    video_id = new_video(mock)
    year = 365 * 86_400
    assert send(mock, video_id, claiming_length(year * 1000.0)).status_code == 201
    assert status_of(mock, video_id)["encoding"]["metadata"]["duration"] == year


def test_an_mp4_is_as_long_as_its_samples_whatever_its_headers_say(mock):
    video_id = new_video(mock)
    assert send(mock, video_id, with_movie_length(SAMPLE, 86_400)).status_code == 201
    assert status_of(mock, video_id)["encoding"]["metadata"]["duration"] == 2


def with_movie_length(data: bytes, seconds: int) -> bytes:
    """The MP4 `data` with its movie header (`mvhd`, version 0) saying it lasts `seconds`."""
    at = data.index(b"mvhd") - 4
    scale = int.from_bytes(data[at + 20 : at + 24], "big")
    return data[: at + 24] + (seconds * scale).to_bytes(4, "big") + data[at + 28 :]


def test_a_second_upload_is_refused_naming_file(mock):
    video_id = new_video(mock)
    assert send(mock, video_id, SAMPLE).status_code == 201
    before = store(mock)
    body = assert_error(send(mock, video_id, SAMPLE), 400, "file")
    assert body["type"] == "https://docs.api.video/docs/filealreadyuploaded"
    assert body["title"] == "The source of the video is already uploaded."
    assert store(mock) == before


def test_a_video_from_a_source_url_takes_no_upload(mock):
    video_id = mock.post(f"{API}/videos", headers=DEV, json={"title": "t", "source": "https://x.test/a.mp4"})
    video_id = video_id.json()["videoId"]
    assert_error(send(mock, video_id, SAMPLE), 400, "file")


def test_an_empty_file_or_no_file_is_a_400_naming_file(mock):
    video_id = new_video(mock)
    before = store(mock)
    assert_error(send(mock, video_id, b""), 400, "file")
    no_file = mock.post(f"{API}/videos/{video_id}/source", headers=DEV, files={"title": (None, "a.mp4")})
    assert_error(no_file, 400, "file")
    as_text_field = mock.post(f"{API}/videos/{video_id}/source", headers=DEV, files={"file": (None, "text")})
    assert_error(as_text_field, 400, "file")
    assert store(mock) == before


def test_a_body_that_is_not_multipart_is_refused(mock):
    video_id = new_video(mock)
    before = store(mock)
    response = mock.post(
        f"{API}/videos/{video_id}/source", headers={**DEV, "Content-Type": "video/mp4"}, content=SAMPLE
    )
    assert response.status_code == 415
    assert response.json()["status"] == 415
    assert store(mock) == before


def test_an_unknown_video_is_a_404_naming_video_id(mock):
    assert_error(send(mock, "vi0000000000000000000000", SAMPLE), 404, "videoId")


def test_without_credentials_the_upload_is_a_401(mock):
    video_id = new_video(mock)
    files = {"file": ("clip.mp4", SAMPLE, "video/mp4")}
    assert_error(mock.post(f"{API}/videos/{video_id}/source", files=files), 401, "Authorization")


def test_deleting_a_video_removes_its_files_and_pending_events(mock):
    video_id = new_video(mock)
    assert send(mock, video_id, SAMPLE).status_code == 201
    tables = store(mock)["tables"]
    assert any(video_id in b["blob_id"] for b in tables["blobs"])
    assert any(row["subject_id"] == video_id for row in tables["apivideo_outbox"])
    assert mock.delete(f"{API}/videos/{video_id}", headers=DEV).status_code == 204
    tables = store(mock)["tables"]
    assert not any(video_id in b["blob_id"] for b in tables["blobs"])
    assert not any(row["subject_id"] == video_id for row in tables["apivideo_outbox"])
    assert not any(row["video_id"] == video_id for row in tables["apivideo_uploads"])
    assert not any(row["video_id"] == video_id for row in tables["apivideo_encodings"])
