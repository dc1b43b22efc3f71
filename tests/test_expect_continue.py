"""`Expect: 100-continue` against a real server (RFC 9110 §10.1.1): a request the mock refuses
from its head alone (credentials, an unknown resource of the path, a declared size over the
limit, a bad parameter) gets that answer in place of `100 Continue`, so the client never sends
its body; a request the mock takes gets `100 Continue`, then its answer."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from PIL import Image

from apivideo_uploads import SAMPLE
from conftest import make_app
from expect_continue import Exchange, multipart, send_expecting_continue
from vidmock.testing import serving

UPLOAD_LIMIT = 64 * 1024
BODY_LIMIT = 4 * 1024
DEV = {"Authorization": "Bearer dev-token"}
WRONG = {"Authorization": "Bearer not-a-token"}
VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello\n"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def root():
    with serving(make_app(max_upload_bytes=UPLOAD_LIMIT, max_body_bytes=BODY_LIMIT)) as url:
        yield url


@pytest.fixture(scope="module")
def http(root):
    with httpx.Client(base_url=root, timeout=30) as client:
        yield client


def created(http: httpx.Client, path: str, body: dict) -> str:
    response = http.post(f"/apivideo{path}", headers=DEV, json=body)
    assert response.status_code in (200, 201), response.text
    answer = response.json()
    return answer.get("videoId") or answer.get("playerId") or answer.get("liveStreamId") or answer["token"]


@dataclass(frozen=True)
class Upload:
    """An api.video upload: its path for a resource id, the file it sends (name, bytes, media
    type), its success status, how to make a resource it takes, and what a 404 names."""

    path: str
    file: tuple[str, bytes, str]
    ok: int
    make: Callable[[httpx.Client], str]
    named: str
    fields: tuple[tuple[str, str], ...] = ()
    credentials: bool = True  # POST /upload: the token is the credential

    def request(self, target: str) -> tuple[str, dict[str, str], bytes]:
        head, body = multipart(*self.file, **dict(self.fields))
        return self.path.format(target), head, body


def new_video(http: httpx.Client) -> str:
    return created(http, "/videos", {"title": "Expecting"})


MP4 = ("clip.mp4", SAMPLE, "video/mp4")
PNG = ("still.png", png(), "image/png")
WEBVTT = ("en.vtt", VTT, "text/vtt")
UPLOADS = {
    "source": Upload(path="/apivideo/videos/{}/source", file=MP4, ok=201, make=new_video, named="videoId"),
    "upload token": Upload(
        path="/apivideo/upload?token={}",
        file=MP4,
        ok=201,
        make=lambda http: created(http, "/upload-tokens", {}),
        named="token",
        credentials=False,
    ),
    "thumbnail": Upload(
        path="/apivideo/videos/{}/thumbnail", file=PNG, ok=200, make=new_video, named="videoId"
    ),
    "caption": Upload(
        path="/apivideo/videos/{}/captions/en", file=WEBVTT, ok=200, make=new_video, named="videoId"
    ),
    "chapter": Upload(
        path="/apivideo/videos/{}/chapters/en", file=WEBVTT, ok=200, make=new_video, named="videoId"
    ),
    "player logo": Upload(
        path="/apivideo/players/{}/logo",
        file=PNG,
        ok=201,
        make=lambda http: created(http, "/players", {}),
        named="playerId",
        fields=(("link", "https://example.org"),),
    ),
    "live thumbnail": Upload(
        path="/apivideo/live-streams/{}/thumbnail",
        file=PNG,
        ok=201,
        make=lambda http: created(http, "/live-streams", {"name": "Expecting"}),
        named="liveStreamId",
    ),
}
# An id of each kind that names nothing.
UNKNOWN = {
    "videoId": "vi0000000000000000000000",
    "token": "to0000000000000000000000",
    "playerId": "pl0000000000000000000000",
    "liveStreamId": "li0000000000000000000000",
}


def send(root: str, upload: Upload, target: str, headers: dict[str, str], extra: bytes = b"") -> Exchange:
    path, head, body = upload.request(target)
    return send_expecting_continue(root, "POST", path, {**head, **headers}, body + extra)


def credentials(upload: Upload) -> dict[str, str]:
    return DEV if upload.credentials else {}


@pytest.mark.parametrize("name", UPLOADS)
def test_an_upload_that_will_be_taken_gets_100_continue_then_its_answer(root, http, name):
    upload = UPLOADS[name]
    answer = send(root, upload, upload.make(http), credentials(upload))
    assert (answer.continued, answer.status) == (True, upload.ok), answer.body


@pytest.mark.parametrize("name", UPLOADS)
def test_an_upload_to_an_unknown_resource_is_a_404_before_its_body(root, http, name):
    upload = UPLOADS[name]
    answer = send(root, upload, UNKNOWN[upload.named], credentials(upload))
    assert (answer.continued, answer.status) == (False, 404)
    assert json.loads(answer.body)["name"] == upload.named


@pytest.mark.parametrize("name", [name for name, upload in UPLOADS.items() if upload.credentials])
def test_an_upload_with_bad_credentials_is_a_401_before_its_body(root, http, name):
    upload = UPLOADS[name]
    target = upload.make(http)
    for headers in ({}, WRONG):
        answer = send(root, upload, target, headers)
        assert (answer.continued, answer.status) == (False, 401)


@pytest.mark.parametrize("name", UPLOADS)
def test_an_upload_declared_over_the_limit_is_a_413_before_its_body(root, http, name):
    upload = UPLOADS[name]
    answer = send(root, upload, upload.make(http), credentials(upload), b"\0" * UPLOAD_LIMIT)
    assert (answer.continued, answer.status) == (False, 413)


def test_a_second_source_and_a_bad_content_range_are_400s_before_the_body(root, http):
    upload = UPLOADS["source"]
    video_id = upload.make(http)
    assert send(root, upload, video_id, DEV).status == 201
    again = send(root, upload, video_id, DEV)
    assert (again.continued, again.status) == (False, 400)
    assert json.loads(again.body)["type"] == "https://docs.api.video/docs/filealreadyuploaded"
    malformed = send(root, upload, upload.make(http), {**DEV, "Content-Range": "bytes=0-9/10"})
    assert (malformed.continued, malformed.status) == (False, 400)
    assert json.loads(malformed.body)["name"] == "Content-Range"


def test_a_caption_in_a_tag_that_is_no_language_is_a_400_before_its_body(root, http):
    upload = UPLOADS["caption"]
    path, head, body = upload.request(upload.make(http))
    answer = send_expecting_continue(
        root, "POST", path.replace("/en", "/xx-12345678-x"), {**head, **DEV}, body
    )
    assert (answer.continued, answer.status) == (False, 400)
    assert json.loads(answer.body)["name"] == "language"


# --- a JSON write of another vendor -------------------------------------------------------------


def jtv_ingest(root: str, headers: dict[str, str], body: dict) -> Exchange:
    path = "/jtv/metax/3.0/ui/user/stat/expecting@example.org"
    data = json.dumps(body).encode()
    return send_expecting_continue(root, "PUT", path, {"Content-Type": "application/json", **headers}, data)


def test_a_jtv_ingest_that_will_be_taken_gets_100_continue_then_its_answer(root):
    answer = jtv_ingest(root, DEV, {"favorites": ["NNVG10006424"]})
    assert (answer.continued, answer.status) == (True, 200), answer.body


def test_a_jtv_ingest_without_valid_credentials_is_a_401_before_its_body(root):
    for headers in ({}, WRONG):
        answer = jtv_ingest(root, headers, {"favorites": ["NNVG10006424"]})
        assert (answer.continued, answer.status) == (False, 401)
        assert json.loads(answer.body)["message"] == "UNAUTHORIZED"


def test_a_jtv_ingest_declared_over_the_limit_is_a_413_before_its_body(root):
    answer = jtv_ingest(root, DEV, {"user_id": "x" * BODY_LIMIT})
    assert (answer.continued, answer.status) == (False, 413)


def test_a_syngrafii_delete_for_an_unknown_package_is_a_404_before_its_body(root):
    package = "00000000-0000-0000-0000-000000000000"
    data = json.dumps({"packageId": package}).encode()
    answer = send_expecting_continue(
        root,
        "POST",
        f"/syngrafii/api/v1/packages/{package}/videos/delete",
        {"Content-Type": "application/json", "api_key": "dev-key"},
        data,
    )
    assert (answer.continued, answer.status) == (False, 404)
    assert json.loads(answer.body)["error"] == "package_not_found"


# --- the control API and its dashboard -----------------------------------------------------------


def test_a_control_api_write_gets_100_continue_or_its_413_before_the_body(root):
    def clock(data: bytes) -> Exchange:
        return send_expecting_continue(
            root, "PUT", "/__admin/clock", {"Content-Type": "application/json"}, data
        )

    taken = clock(b'{"advance": "0s"}')
    assert (taken.continued, taken.status) == (True, 200)
    too_large = clock(json.dumps({"advance": "0s", "padding": "x" * BODY_LIMIT}).encode())
    assert (too_large.continued, too_large.status) == (False, 413)


def test_a_dashboard_upload_declared_over_the_limit_is_a_413_before_the_body(root):
    head, body = multipart("world.json", b"{" + b" " * UPLOAD_LIMIT + b"}", "application/json")
    answer = send_expecting_continue(root, "POST", "/__admin/ui/import", head, body)
    assert (answer.continued, answer.status) == (False, 413)
