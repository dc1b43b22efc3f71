"""An api.video upload takes exactly one file part, whatever its field name: the official Node.js
client names the part after the file (`name="clip.mp4"; filename="clip.mp4"`). Two file parts,
or none, are a 400 naming `file` that changes nothing. Every operation that takes a file follows
the rule, marked `x-vidmock-one-file-part` in the spec."""

from __future__ import annotations

import pytest

from apivideo_tracks import HELLO_VTT
from apivideo_uploads import API, DEV, SAMPLE, assert_error, mock, new_video, source_of, store
from vidmock.apis.apivideo.images import placeholder_jpeg
from vidmock.http.file_parts import file_field
from vidmock.specs import documents

__all__ = ["mock"]

JPEG = placeholder_jpeg(160, 90, "poster")
TWO_FILES = "2 file parts were sent ('a.mp4', 'b.mp4'); the upload takes exactly one file"
NOT_A_FILE = "The field 'file' must be a file part (with a filename)"


def post_source(client, video_id: str, files) -> object:
    return client.post(f"{API}/videos/{video_id}/source", headers=DEV, files=files)


def detail(response) -> str:
    return response.json()["detail"]


def test_one_file_part_named_after_the_file_is_the_source(mock):
    video_id = new_video(mock)
    response = post_source(mock, video_id, {"clip.mp4": ("clip.mp4", SAMPLE, "video/mp4")})
    assert response.status_code == 201
    assert response.json()["videoId"] == video_id
    assert source_of(mock, video_id) == SAMPLE


def test_two_file_parts_are_a_400_naming_file(mock):
    video_id = new_video(mock)
    before = store(mock)
    files = [("a.mp4", ("a.mp4", SAMPLE, "video/mp4")), ("b.mp4", ("b.mp4", SAMPLE, "video/mp4"))]
    response = post_source(mock, video_id, files)
    assert_error(response, 400, "file")
    assert detail(response) == TWO_FILES
    # One of them under `file` is no less ambiguous.
    files = [("file", ("a.mp4", SAMPLE, "video/mp4")), ("other", ("b.mp4", SAMPLE, "video/mp4"))]
    response = post_source(mock, video_id, files)
    assert_error(response, 400, "file")
    assert detail(response) == "2 file parts were sent ('file', 'other'); the upload takes exactly one file"
    assert store(mock) == before


def test_no_file_part_is_a_400_naming_file(mock):
    video_id = new_video(mock)
    before = store(mock)
    no_part = post_source(mock, video_id, {"title": (None, "clip.mp4")})
    assert_error(no_part, 400, "file")
    assert detail(no_part) == "'file' is a required property"
    plain = post_source(mock, video_id, {"file": (None, "clip.mp4")})
    assert_error(plain, 400, "file")
    assert detail(plain) == NOT_A_FILE
    assert store(mock) == before


def test_a_file_part_beside_a_plain_file_field_is_a_400_naming_file(mock):
    video_id = new_video(mock)
    before = store(mock)
    files = [("file", (None, "clip.mp4")), ("clip.mp4", ("clip.mp4", SAMPLE, "video/mp4"))]
    response = post_source(mock, video_id, files)
    assert_error(response, 400, "file")
    assert detail(response) == (
        "A file part 'clip.mp4' and a plain field 'file' were sent; the upload takes one file"
    )
    assert store(mock) == before


def test_a_token_upload_in_chunks_reads_the_file_part_and_the_video_id_beside_it(mock):
    token = mock.post(f"{API}/upload-tokens", headers=DEV, json={}).json()["token"]
    half = len(SAMPLE) // 2
    first = mock.post(
        f"{API}/upload",
        params={"token": token},
        headers={"Content-Range": "part 1/*"},
        files={"clip.mp4": ("clip.mp4", SAMPLE[:half], "video/mp4")},
    )
    assert first.status_code == 201 and first.json()["title"] == "clip.mp4"
    video_id = first.json()["videoId"]
    last = mock.post(
        f"{API}/upload",
        params={"token": token},
        headers={"Content-Range": "part 2/2"},
        files=[("clip.mp4", ("clip.mp4", SAMPLE[half:], "video/mp4")), ("videoId", (None, video_id))],
    )
    assert last.status_code == 201 and last.json()["videoId"] == video_id
    assert source_of(mock, video_id) == SAMPLE


# The other operations that take a file: (path under the created resources, the file, other fields).
OTHER_UPLOADS = {
    "video thumbnail": ("/videos/{video}/thumbnail", ("poster.jpg", JPEG, "image/jpeg"), {}),
    "caption": ("/videos/{video}/captions/en", ("hello.vtt", HELLO_VTT, "text/vtt"), {}),
    "chapters": ("/videos/{video}/chapters/en", ("hello.vtt", HELLO_VTT, "text/vtt"), {}),
    "player logo": (
        "/players/{player}/logo",
        ("logo.jpg", JPEG, "image/jpeg"),
        {"link": "https://a.example"},
    ),
    "live-stream thumbnail": ("/live-streams/{stream}/thumbnail", ("poster.jpg", JPEG, "image/jpeg"), {}),
}


def other_upload(client, which: str) -> tuple[str, tuple, dict[str, str]]:
    """The URL of upload `which` on freshly created resources, its file and its other fields."""
    path, file, fields = OTHER_UPLOADS[which]
    created = {
        "video": new_video(client),
        "player": client.post(f"{API}/players", headers=DEV, json={}).json()["playerId"],
        "stream": client.post(f"{API}/live-streams", headers=DEV, json={"name": "Lobby"}).json()[
            "liveStreamId"
        ],
    }
    return API + path.format(**created), file, fields


@pytest.mark.parametrize("which", list(OTHER_UPLOADS))
def test_every_upload_takes_its_one_file_part_under_any_name(mock, which):
    url, file, fields = other_upload(mock, which)
    named_after_the_file = [(file[0], file), *((name, (None, value)) for name, value in fields.items())]
    response = mock.post(url, headers=DEV, files=named_after_the_file)
    assert response.status_code in (200, 201), response.json()


@pytest.mark.parametrize("which", list(OTHER_UPLOADS))
def test_every_upload_refuses_two_file_parts_or_none_naming_file(mock, which):
    url, file, fields = other_upload(mock, which)
    plain = [(name, (None, value)) for name, value in fields.items()]
    before = store(mock)
    two = mock.post(
        url, headers=DEV, files=[("a.mp4", ("a.mp4", *file[1:])), ("b.mp4", ("b.mp4", *file[1:])), *plain]
    )
    assert_error(two, 400, "file")
    assert detail(two) == TWO_FILES
    # A plain field `file` was a 500 on logos, captions and chapters.
    none = mock.post(url, headers=DEV, files=[("file", (None, "x")), *plain])
    assert_error(none, 400, "file")
    assert detail(none) == NOT_A_FILE
    assert store(mock) == before


def test_every_multipart_body_the_mock_serves_is_marked_with_file_as_its_file():
    """Of the specs Connexion serves, only api.video's take files; each of its uploads is marked."""
    marked = {}
    for name in sorted(p.name for p in documents.spec_dir().glob("*.yaml")):
        if name == "dashboard.yaml":  # the dashboard's own form, served by Flask
            continue
        spec = documents.load(name)
        schemas = spec.get("components", {}).get("schemas", {})
        for path, item in spec["paths"].items():
            for method, operation in item.items():
                content = (
                    operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
                )
                if "multipart/form-data" in content:
                    ref = content["multipart/form-data"]["schema"]["$ref"]
                    marked[f"{method.upper()} {path}"] = (name, file_field(schemas[ref.rsplit("/", 1)[-1]]))
    assert marked == {
        "POST /videos/{videoId}/source": ("apivideo.yaml", "file"),
        "POST /videos/{videoId}/thumbnail": ("apivideo.yaml", "file"),
        "POST /upload": ("apivideo.yaml", "file"),
        "POST /videos/{videoId}/captions/{language}": ("apivideo.yaml", "file"),
        "POST /videos/{videoId}/chapters/{language}": ("apivideo.yaml", "file"),
        "POST /players/{playerId}/logo": ("apivideo.yaml", "file"),
        "POST /live-streams/{liveStreamId}/thumbnail": ("apivideo.yaml", "file"),
    }
