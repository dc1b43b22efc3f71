"""An error forced by `Prefer: code=N` or by a fault rule is the real error of the same operation
and status: the same fields with the same values, the same headers. Only a text describing a
wrong value (the `detail` of a 400) may differ, since no value was wrong."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import NOW
from faults_support import SYNGRAFII_PACKAGE
from vidmock.testing import running

VIDEO = "vixNEJlFegVeUpxTe8qCfj5z"  # a seeded video with its MP4 and no French captions
UNKNOWN_VIDEO = "vi0000000000000000000000"
UNKNOWN_PACKAGE = "00000000-0000-4000-8000-000000000000"
WINDOW = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-24T00:00:00Z"}
# Headers that say how an answer was forced, or follow from the length of its text.
NOT_COMPARED = {"preference-applied", "content-length", "date", "server"}
TEXT = "<text describing the wrong value>"


@pytest.fixture(scope="module")
def mock():
    with running(now=NOW, validate_responses=True) as built:
        yield built


class Call:
    """One request to vendor `key`: the method, a path below its base URL (or from the mock's
    root when it starts with `//`) and httpx's keyword arguments."""

    def __init__(self, key: str, method: str, path: str, **kwargs: Any) -> None:
        self.key, self.method, self.path, self.kwargs = key, method, path, kwargs

    def send(self, mock, **headers: str):
        url = mock.root + self.path[1:] if self.path.startswith("//") else self.path
        kwargs = {**self.kwargs, "headers": {**self.kwargs.get("headers", {}), **headers}}
        return mock.client(self.key).request(self.method, url, **kwargs)


BAD_TOKEN = {"Authorization": "Bearer not-a-token"}
GRANT = {"grant_type": "client_credentials"}
IBM_TOKEN = "//ibm-analytics/oauth2/token"
LOGIN = {"userName": "dev@nomad.example", "password": "dev-password"}

# (case, the request answered a real error, the same operation asked well, status, JSON pointers
# of the texts that describe the wrong value)
CASES = [
    (
        "apivideo-404-names-videoId",
        Call("apivideo", "GET", f"/videos/{UNKNOWN_VIDEO}"),
        Call("apivideo", "GET", f"/videos/{UNKNOWN_VIDEO}"),
        404,
        (),
    ),
    (
        "apivideo-404-names-language",
        Call("apivideo", "GET", f"/videos/{VIDEO}/captions/fr"),
        Call("apivideo", "GET", f"/videos/{VIDEO}/captions/fr"),
        404,
        (),
    ),
    (
        "apivideo-401",
        Call("apivideo", "GET", f"/videos/{VIDEO}", headers=BAD_TOKEN),
        Call("apivideo", "GET", f"/videos/{VIDEO}"),
        401,
        (),
    ),
    (
        "apivideo-400-names-the-field",
        Call("apivideo", "POST", "/videos", json={"title": 5}),
        Call("apivideo", "POST", "/videos", json={"title": "Holiday"}),
        400,
        ("/detail", "/problems/0/detail"),
    ),
    (
        "apivideo-400-refuses-the-api-key",
        Call("apivideo", "POST", "/auth/api-key", json={"apiKey": "wrong-key"}),
        Call("apivideo", "POST", "/auth/api-key", json={"apiKey": "dev-key"}),
        400,
        (),
    ),
    (
        "apivideo-416",
        Call("apivideo", "GET", f"/vod/{VIDEO}/mp4/source.mp4", headers={"Range": "bytes=999999999-"}),
        Call("apivideo", "GET", f"/vod/{VIDEO}/mp4/source.mp4"),
        416,
        ("/detail",),  # the range asked for: a forced 416 names the first byte past the end
    ),
    (
        "ibm-401",
        Call("ibm-analytics", "GET", "/views", params=WINDOW, headers={"Authorization": "not-a-jwt"}),
        Call("ibm-analytics", "GET", "/views", params=WINDOW),
        401,
        (),
    ),
    (
        "ibm-400-names-the-parameter",
        Call("ibm-analytics", "GET", "/views", params={**WINDOW, "date_time_from": "yesterday"}),
        Call("ibm-analytics", "GET", "/views", params=WINDOW),
        400,
        ("/errors/0/detail",),
    ),
    (
        "ibm-oauth-401-invalid-client",
        Call("ibm-analytics", "POST", IBM_TOKEN, data=GRANT, auth=("dev-client", "x")),
        Call("ibm-analytics", "POST", IBM_TOKEN, data=GRANT, auth=("dev-client", "dev-secret")),
        401,
        (),
    ),
    (
        "jtv-401",
        Call("jtv", "GET", "/metax/2.1/activity/fav/user@example.org", headers=BAD_TOKEN),
        Call("jtv", "GET", "/metax/2.1/activity/fav/user@example.org"),
        401,
        (),
    ),
    (
        "jtv-token-endpoint-401",
        Call("jtv", "POST", "/ums/2.0/oauth/", data=GRANT, auth=("dev-client", "x")),
        Call("jtv", "POST", "/ums/2.0/oauth/", data=GRANT, auth=("dev-client", "dev-secret")),
        401,
        (),
    ),
    (
        "jtv-400-names-the-field",
        Call("jtv", "GET", "/metax/2.1/activity/fav/user@example.org", params={"size": "huge"}),
        Call("jtv", "GET", "/metax/2.1/activity/fav/user@example.org"),
        400,
        ("/reason",),
    ),
    (
        "nomad-401",
        Call("nomad", "GET", "/media/my-content", headers=BAD_TOKEN),
        Call("nomad", "GET", "/media/my-content"),
        401,
        (),
    ),
    (
        "nomad-404-of-a-login",
        Call("nomad", "POST", "/account/login", json={**LOGIN, "password": "x"}),
        Call("nomad", "POST", "/account/login", json=LOGIN),
        404,
        (),
    ),
    (
        "nomad-400-names-the-field",
        Call("nomad", "POST", "/account/login", json={**LOGIN, "userName": 5}),
        Call("nomad", "POST", "/account/login", json=LOGIN),
        400,
        ("/detail", "/errors/userName/0"),
    ),
    (
        "syngrafii-403",
        Call("syngrafii", "GET", f"/packages/{SYNGRAFII_PACKAGE}/videos", headers={"api_key": "wrong-key"}),
        Call("syngrafii", "GET", f"/packages/{SYNGRAFII_PACKAGE}/videos"),
        403,
        (),
    ),
    (
        "syngrafii-404-names-the-package",
        Call("syngrafii", "GET", f"/packages/{UNKNOWN_PACKAGE}/videos"),
        Call("syngrafii", "GET", f"/packages/{UNKNOWN_PACKAGE}/videos"),
        404,
        (),
    ),
    (
        "syngrafii-400-names-the-field",
        Call("syngrafii", "POST", f"/packages/{SYNGRAFII_PACKAGE}/videos/delete", json={"packageId": 5}),
        Call(
            "syngrafii",
            "POST",
            f"/packages/{SYNGRAFII_PACKAGE}/videos/delete",
            json={"packageId": SYNGRAFII_PACKAGE},
        ),
        400,
        ("/message",),
    ),
]


# Statuses no operation documents, which only a fault rule forces.
RULE_ONLY = [
    (
        "apivideo-415-names-Content-Type",
        Call("apivideo", "POST", "/videos", content=b"title", headers={"Content-Type": "text/plain"}),
        Call("apivideo", "POST", "/videos", json={"title": "Holiday"}),
        415,
        ("/detail",),
    ),
    (
        "apivideo-405-allows-the-paths-methods",
        Call("apivideo", "DELETE", "/videos"),
        Call("apivideo", "GET", "/videos"),
        405,
        ("/detail",),
    ),
    (
        "nomad-415-names-Content-Type",
        Call("nomad", "POST", "/account/login", content=b"x", headers={"Content-Type": "text/plain"}),
        Call("nomad", "POST", "/account/login", json=LOGIN),
        415,
        ("/detail", "/errors/Content-Type/0"),
    ),
]


def by_prefer(mock, call: Call, status: int, case: str):
    return call.send(mock, Prefer=f"code={status}")


def by_fault_rule(mock, call: Call, status: int, case: str):
    # The rule matches this request only, by a header no operation reads.
    match = {"api": call.key, "header": {"name": "X-Case", "value": case}}
    added = mock.app.test_client().post(
        "/__admin/faults", json={"match": match, "status": status, "times": 1}
    )
    assert added.status_code == 201, added.text
    return call.send(mock, **{"X-Case": case})


@pytest.mark.parametrize("force", [by_prefer, by_fault_rule], ids=["prefer", "fault-rule"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_forced_error_is_the_real_error_of_its_operation(mock, case, force):
    name, failing, asked_well, status, texts = case
    real = failing.send(mock)
    assert real.status_code == status, real.text
    forced = force(mock, asked_well, status, name)
    assert forced.status_code == real.status_code, forced.text
    assert _headers(forced) == _headers(real)
    assert _body(forced, texts) == _body(real, texts)


@pytest.mark.parametrize("case", RULE_ONLY, ids=[c[0] for c in RULE_ONLY])
def test_a_status_only_a_rule_forces_is_the_real_error_too(mock, case):
    name, failing, asked_well, status, texts = case
    real = failing.send(mock)
    assert real.status_code == status, real.text
    forced = by_fault_rule(mock, asked_well, status, name)
    assert forced.status_code == real.status_code, forced.text
    assert _headers(forced) == _headers(real)
    assert _body(forced, texts) == _body(real, texts)


def test_the_reported_instance_a_forced_404_of_a_video_names_videoId(mock):
    answer = mock.client("apivideo").get(f"/videos/{VIDEO}", headers={"Prefer": "code=404"})
    assert answer.status_code == 404
    assert answer.json() == {
        "type": "https://docs.api.video/docs/resourcenot_found",
        "title": "The requested resource was not found.",
        "name": "videoId",
        "status": 404,
        "detail": f"No resource has the videoId '{VIDEO}'",
    }


def test_a_forced_400_explains_itself_where_a_real_one_describes_the_value(mock):
    prefer = {"Prefer": "code=400"}
    answer = mock.client("apivideo").post("/videos", json={"title": "Holiday"}, headers=prefer)
    problem = {
        "type": "https://docs.api.video/docs/attributeinvalid",
        "title": "This attribute is invalid.",
        "name": "title",
        "status": 400,
        "detail": "Forced by 'Prefer: code=400' (at 'title')",
    }
    assert answer.json() == {**problem, "problems": [problem]}


def test_a_forced_429_of_api_video_carries_its_rate_limit_headers(mock):
    rule = {"match": {"api": "apivideo", "path": "/videos"}, "status": 429, "retryAfter": 5, "times": 1}
    assert mock.app.test_client().post("/__admin/faults", json=rule).status_code == 201
    answer = mock.client("apivideo").get("/videos")
    assert answer.status_code == 429
    assert {k: v for k, v in answer.headers.items() if k.startswith(("retry", "x-ratelimit"))} == {
        "retry-after": "5",
        "x-ratelimit-limit": "60",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-retry-after": "5",
    }
    body = answer.json()
    assert (body["type"], body["title"], body["status"]) == (
        "https://docs.api.video/docs/requesttoo_many_requests",
        "Too many requests.",
        429,
    )


def test_without_retry_after_api_videos_429_says_the_whole_window(mock):
    rule = {"match": {"api": "apivideo", "path": "/videos"}, "status": 429, "times": 1}
    assert mock.app.test_client().post("/__admin/faults", json=rule).status_code == 201
    answer = mock.client("apivideo").get("/videos")
    assert "retry-after" not in answer.headers
    assert answer.headers["X-RateLimit-Retry-After"] == "60"


def test_a_forced_409_of_a_picked_thumbnail_names_timecode_as_the_real_one(mock):
    client = mock.client("apivideo")
    video = client.post("/videos", json={"title": "No source yet"}).json()["videoId"]
    pick = {"timecode": "00:00:01.000"}
    real = client.patch(f"/videos/{video}/thumbnail", json=pick)
    forced = client.patch(f"/videos/{video}/thumbnail", json=pick, headers={"Prefer": "code=409"})
    assert (real.status_code, forced.status_code) == (409, 409)
    assert forced.json() == real.json() and real.json()["name"] == "timecode"


def test_a_forced_404_of_an_upload_names_its_token(mock):
    answer = mock.client("apivideo").post(
        "/upload", params={"token": "to123"}, files={"file": ("a.mp4", b"xx")}, headers={"Prefer": "code=404"}
    )
    assert (answer.status_code, answer.json()["name"]) == (404, "token")


def test_a_forced_403_of_syngrafii_refuses_the_credential_sent(mock):
    answer = mock.app.test_client().get(
        f"/syngrafii/api/v1/packages/{SYNGRAFII_PACKAGE}/videos",
        headers={"Authorization": "Bearer dev-token", "Prefer": "code=403"},
    )
    assert answer.status_code == 403
    assert answer.json() == {
        "error": "user_not_authorized",
        "message": "The 'Authorization' bearer token is not valid: it is unknown, malformed or expired.",
    }


def _headers(answer) -> dict[str, str]:
    return {k: v for k, v in answer.headers.items() if k not in NOT_COMPARED}


def _body(answer, texts: tuple[str, ...]) -> Any:
    if not answer.content:
        return answer.content
    body = answer.json()
    for pointer in texts:
        *parents, last = [int(p) if p.isdigit() else p for p in pointer[1:].split("/")]
        target = body
        for part in parents:
            target = target[part]
        assert isinstance(target[last], str) and target[last]
        target[last] = TEXT
    return body
