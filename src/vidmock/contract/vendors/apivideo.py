"""What contract tests must know of api.video that a schema cannot say: a `period` that fits the
pattern may still name no real day, week or range; only credentials the server issued are
accepted; a `playerId` must name an existing player, a `language` registered subtags, an
uploaded caption or chapter file must be WebVTT and a logo or thumbnail a small JPEG or PNG
(such positive cases are left out: their acceptance is tested with real files); and a client
trades its API key for a bearer token."""

from __future__ import annotations

import re
from typing import Any

from vidmock.apis.apivideo.analytics.periods import parse_period
from vidmock.contract.credentials import Auth, Credentials, CredentialsError, post
from vidmock.http.errors import ApiError
from vidmock.specs.documents import load

DEV = Credentials(api_key="dev-key")
# What a test client sends to be let in by the mock.
DEV_HEADERS = {"Authorization": "Bearer dev-token"}


def is_meaningful_query(query: dict[str, Any] | None) -> bool:
    """False for a query the API must reject though each value fits the schema."""
    period = (query or {}).get("period")
    if not isinstance(period, str):
        return True
    try:
        parse_period(period)
    except ApiError:
        return False
    return True


def authenticate(creds: Credentials, base_url: str) -> Auth:
    """`--api-key` runs `POST <base URL>/auth/api-key` (or `--token-url`) for a bearer token, and
    is sent as HTTP Basic where that scheme is chosen; `--token` is used as is."""
    if creds.api_key:
        answer = post(creds.token_url or f"{base_url}/auth/api-key", json_body={"apiKey": creds.api_key})
        facts = {"api_key": creds.api_key, "refresh_token": str(answer.get("refresh_token", ""))}
        # The key itself is a credential too: HTTP Basic, the key as the user name.
        schemes = {
            "bearerAuth": {"bearer": str(answer.get("access_token"))},
            "basicAuth": {"username": creds.api_key, "password": ""},
        }
        return Auth(schemes=schemes, facts=facts)
    if creds.token:
        return Auth(schemes={"bearerAuth": {"bearer": creds.token}})
    raise CredentialsError("api.video needs --api-key or --token")


# The files the mock serves in place of api.video's CDN are no API resources: a new video has no
# MP4 and a new player no logo until one is uploaded, so a 404 there after a create is right.
# The stateful walk, which takes their URLs for the created resource's own, does not visit them
# (the parametrized phases and the tests do).
SERVED_FILES = re.compile(r"^/(vod|player|player-assets|live)/")


# Any text fits these headers, but what they get depends on the file's length and ETag, which no
# schema knows (a range past the end is a 416, an `If-Match` of another tag a 412, a matching
# `If-None-Match` a 304); the tests send them about known files.
FILE_HEADERS = frozenset(
    {"range", "if-range", "if-none-match", "if-modified-since", "if-match", "if-unmodified-since"}
)


def accept(case: Any) -> bool:
    if _in_stateful_walk(case) and SERVED_FILES.match(case.operation.path):
        return False
    sent = {name.lower() for name in case.headers or {}}
    if SERVED_FILES.match(case.operation.path) and FILE_HEADERS & sent:
        return False
    return is_meaningful_query(case.query) and is_meaningful_write(case)


def _in_stateful_walk(case: Any) -> bool:
    return bool(case.meta) and case.meta.phase.name.value == "stateful"


def use_real_credentials(case: Any, api_key: str, refresh_token: str) -> None:
    """Any string fits the schema of `apiKey` and `refreshToken`, but only credentials the server
    issued are accepted (a 400, as api.video answers); positive cases send real ones."""
    if not isinstance(case.body, dict):
        return
    if case.operation.path == "/auth/api-key":
        case.body = {**case.body, "apiKey": api_key}
    elif case.operation.path == "/auth/refresh" and not str(case.body.get("refreshToken", "")).startswith(
        "ey"
    ):
        case.body = {**case.body, "refreshToken": refresh_token}


# The spec's syntax of a tag: a malformed tag is invalid data, a well-formed one may still be unknown.
WELL_FORMED_TAG = re.compile(load("apivideo.yaml")["components"]["schemas"]["LanguageTag"]["pattern"])
# Uploads whose file must be WebVTT (captions, chapters) or a small JPEG or PNG (logos,
# thumbnails), or whose `Content-Range` must follow the chunks received before it (a video's
# source): random bytes fit `format: binary`, so their positive cases prove nothing; the tests
# upload real files.
UPLOADS = frozenset(
    {
        ("POST", "/videos/{videoId}/source"),
        ("POST", "/videos/{videoId}/thumbnail"),
        ("POST", "/videos/{videoId}/captions/{language}"),
        ("POST", "/videos/{videoId}/chapters/{language}"),
        ("POST", "/players/{playerId}/logo"),
        ("POST", "/live-streams/{liveStreamId}/thumbnail"),
    }
)


def is_meaningful_write(case: Any) -> bool:
    """False for a write the API must refuse though it fits the schema: a `playerId` naming no
    player (any string fits), a well-formed language tag whose subtags are not registered, an
    upload of random bytes."""
    if isinstance(case.body, dict) and isinstance(case.body.get("playerId"), str):
        return False
    language = (case.path_parameters or {}).get("language")
    if isinstance(language, str) and WELL_FORMED_TAG.fullmatch(language) and not _registered(language):
        return False
    return (case.operation.method.upper(), case.operation.path) not in UPLOADS


def prepare(case: Any, facts: dict[str, str]) -> None:
    if "api_key" in facts:
        use_real_credentials(case, facts["api_key"], facts["refresh_token"])


def _registered(tag: str) -> bool:
    import langcodes  # here: a tenth of a second of import, paid by the rare case with a tag

    return langcodes.tag_is_valid(tag)
