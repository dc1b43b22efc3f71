"""No credential in clear anywhere in the journal, for every vendor's way of authenticating:
headers, cookies, query strings, form and JSON bodies, requests and answers."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest

from journal_support import mock_and_client
from vidmock.journal.redaction import Redactor, fingerprint

SYNGRAFII_VIDEOS = "/syngrafii/api/v1/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos"
IBM_RANGE = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-02T00:00:00Z"}
# Every development credential, and the Basic header that carries the OAuth client.
DEV_SECRETS = [
    "dev-token",
    "dev-key",
    "dev-secret",
    "dev-password",
    base64.b64encode(b"dev-client:dev-secret").decode(),
]


def ok(answer) -> None:
    assert answer.status_code == 200, answer.text


def issued(answer, *fields: str) -> list[str]:
    assert answer.status_code == 200, answer.text
    tokens = [answer.json()[field] for field in fields]
    assert all(token.startswith("eyJ") for token in tokens)  # JWTs, as the vendors issue
    return tokens


def ibm(client) -> list[str]:
    form = {"grant_type": "client_credentials", "client_id": "dev-client", "client_secret": "dev-secret"}
    [by_form] = issued(client.post("/ibm-analytics/oauth2/token", data=form), "access_token")
    [by_basic] = issued(
        client.post(
            "/ibm-analytics/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=("dev-client", "dev-secret"),
        ),
        "access_token",
    )
    for token in (by_form, by_basic, "dev-token"):  # IBM's raw `Authorization: <JWT>`
        ok(client.get("/ibm-analytics/v1/views", params=IBM_RANGE, headers={"Authorization": token}))
    return [by_form, by_basic]


def apivideo(client) -> list[str]:
    access, refresh = issued(
        client.post("/apivideo/auth/api-key", json={"apiKey": "dev-key"}), "access_token", "refresh_token"
    )
    again = issued(
        client.post("/apivideo/auth/refresh", json={"refreshToken": refresh}), "access_token", "refresh_token"
    )
    ok(client.get("/apivideo/videos", headers={"Authorization": f"Bearer {access}"}))
    # A wrong key: the answer's message names the development key.
    assert client.post("/apivideo/auth/api-key", json={"apiKey": "not-my-key"}).status_code == 400
    return [access, refresh, *again]


def jtv(client) -> list[str]:
    [token] = issued(
        client.post(
            "/jtv/ums/2.0/oauth/",
            data={"grant_type": "client_credentials"},
            auth=("dev-client", "dev-secret"),
        ),
        "access_token",
    )
    ok(client.get("/jtv/metax/2.1/activity/fav/nobody", headers={"Authorization": f"Bearer {token}"}))
    return [token]


def nomad(client) -> list[str]:
    login = {"userName": "dev@nomad.example", "password": "dev-password"}
    token, refresh = issued(client.post("/nomad/api/account/login", json=login), "token", "refreshToken")
    again = issued(
        client.post("/nomad/api/account/refresh-token", json={"refreshToken": refresh}),
        "token",
        "refreshToken",
    )
    ok(client.get("/nomad/api/media/my-content", headers={"Authorization": f"Bearer {token}"}))
    return [token, refresh, *again]


def syngrafii(client) -> list[str]:
    ok(client.get(SYNGRAFII_VIDEOS, headers={"api_key": "dev-key"}))
    ok(client.get(SYNGRAFII_VIDEOS, headers={"Authorization": "Bearer dev-token"}))
    return []


@pytest.mark.parametrize("mode", ["in-process", "live"])
@pytest.mark.parametrize("flow", [ibm, apivideo, jtv, nomad, syngrafii], ids=lambda f: f.__name__)
def test_no_credential_is_journaled_in_clear(mode, flow):
    with mock_and_client(mode) as (mock, client):
        tokens = flow(client)
        entries = mock.requests()
        served = [e for e in entries if e["api"] != "admin"]
        assert served and all(e["status"] in (200, 400) for e in served)
        everything = json.dumps(entries) + json.dumps(client.get("/__admin/requests").json())
        for secret in [*DEV_SECRETS, *tokens]:
            assert secret not in everything, f"{secret[:20]}... is journaled in clear"


def test_a_redacted_credential_keeps_its_scheme_and_a_fingerprint_to_compare():
    with mock_and_client("in-process") as (mock, client):
        client.get("/apivideo/videos", headers={"Authorization": "Bearer dev-token"})
        client.get(SYNGRAFII_VIDEOS, headers={"api_key": "dev-key"})
        apivideo_call, syngrafii_call = reversed(mock.requests())
        assert apivideo_call["request"]["headers"]["authorization"] == f"Bearer {fingerprint('dev-token')}"
        assert syngrafii_call["request"]["headers"]["api_key"] == fingerprint("dev-key")
        assert fingerprint("dev-token") == "sha256:" + hashlib.sha256(b"dev-token").hexdigest()[:8]


def test_secret_body_fields_match_by_fingerprint():
    with mock_and_client("in-process") as (mock, client):
        client.post(
            "/nomad/api/account/login", json={"userName": "dev@nomad.example", "password": "dev-password"}
        )
        [login] = mock.requests(api="nomad")
        assert login["request"]["body"]["json"] == {
            "userName": "dev@nomad.example",
            "password": fingerprint("dev-password"),
        }
        assert login["response"]["body"]["json"]["token"].startswith("sha256:")
        assert mock.count(body={"/password": fingerprint("dev-password")}) == 1


def test_cookies_queries_and_unparsed_json_are_redacted_too():
    with mock_and_client("in-process") as (mock, client):
        client.get(
            "/apivideo/videos",
            params={"access_token": "s3cret-query-token", "title": "kept"},
            headers={"Authorization": "Bearer dev-token", "Cookie": "session=s3cret-cookie; theme=dark"},
        )
        cut = b'{"apiKey": "s3cret-in-a-broken-document", "title": "kept"'  # not JSON: kept as text
        client.post("/apivideo/auth/api-key", content=cut, headers={"Content-Type": "application/json"})
        dumped = json.dumps(mock.requests())
        assert "s3cret" not in dumped
        first, second = reversed(mock.requests())
        assert first["query"] == f"access_token={fingerprint('s3cret-query-token')}&title=kept"
        assert first["request"]["headers"]["cookie"] == (
            f"session={fingerprint('s3cret-cookie')}; theme={fingerprint('dark')}"
        )
        assert '"title": "kept"' in second["request"]["body"]["text"]


def test_the_redactor_reads_names_without_regard_to_case_dash_or_underscore():
    redactor = Redactor(["apiKey"])
    assert redactor.json({"API-KEY": "a", "api_key": "b", "Api_Key": 1, "other": "c"}) == {
        "API-KEY": fingerprint("a"),
        "api_key": fingerprint("b"),
        "Api_Key": fingerprint("1"),
        "other": "c",
    }
    assert (
        redactor.header("Set-Cookie", "sid=abc; Path=/; HttpOnly")
        == f"sid={fingerprint('abc')}; Path=/; HttpOnly"
    )
    assert redactor.header("X-Request-Id", "r-1") == "r-1"
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
    assert redactor.text(f"token {jwt} here") == f"token {fingerprint(jwt)} here"


def test_a_webhooks_signature_secret_is_not_journaled_in_clear():
    dev = {"Authorization": "Bearer dev-token"}
    with mock_and_client("in-process") as (mock, client):
        hook = {"url": "http://192.0.2.10/hooks", "events": ["live-stream.broadcast.started"]}
        assert client.post("/apivideo/webhooks", json=hook, headers=dev).status_code == 201
        stream = client.get("/apivideo/live-streams", headers=dev).json()["data"][0]["liveStreamId"]
        ok(client.post(f"/__admin/apivideo/live-streams/{stream}/broadcast"))
        ok(client.post("/__admin/apivideo/webhook-deliveries/flush"))
        [delivery] = client.get("/__admin/apivideo/webhook-deliveries").json()["deliveries"]
        secret = delivery["signatureSecret"]
        assert secret.startswith("sig_sec_")
        journaled = json.dumps(mock.requests(api="admin"))
        assert secret not in journaled and fingerprint(secret) in journaled
