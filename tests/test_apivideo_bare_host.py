"""api.video served alone at the bare host (`vidmock serve --api apivideo`), as the browser
uploader reaches it with `apiHost: "127.0.0.1:PORT"`: its preflight is let through with the
headers it sends, and a token upload in `part N/M` chunks lands, the `videoId` field riding
along from the second chunk on."""

from __future__ import annotations

from starlette.testclient import TestClient

from apivideo_uploads import SAMPLE, source_of
from conftest import make_app

ORIGIN = "http://127.0.0.1:5173"


def test_the_browser_uploaders_chunks_reach_the_bare_host():
    mock = TestClient(make_app(api="apivideo"), base_url="https://127.0.0.1:8443")
    token = mock.post("/upload-tokens", headers={"Authorization": "Bearer dev-token"}, json={}).json()[
        "token"
    ]
    preflight = mock.options(
        f"/upload?token={token}",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-range,av-origin-client",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert "content-range" in allowed and "av-origin-client" in allowed

    half = len(SAMPLE) // 2
    video_id = None
    for number, chunk in ((1, SAMPLE[:half]), (2, SAMPLE[half:])):
        answer = mock.post(
            f"/upload?token={token}",
            headers={
                "Origin": ORIGIN,
                "Content-Range": f"part {number}/2",
                "AV-Origin-Client": "typescript-uploader:1.1.6",
            },
            files={"file": ("clip.mp4", chunk, "video/mp4")},
            data={"videoId": video_id} if video_id else {},
        )
        assert answer.status_code == 201, answer.json()
        assert answer.headers["access-control-allow-origin"] == ORIGIN
        video_id = answer.json()["videoId"]
    assert source_of(mock, video_id) == SAMPLE
    assert answer.json()["assets"]["hls"] == f"https://127.0.0.1:8443/vod/{video_id}/hls/manifest.m3u8"
