"""Schemathesis over openapi/apivideo.yaml against the in-process app: every check, the stateful
phase through the spec's links (create video -> get -> patch -> delete -> get is 404; session
list -> events), responses validated against the spec, and a guard that the dev token is never
refused."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import assume, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection

from conftest import NOW, make_app
from contract_support import SETTINGS, dev_credentials_accepted, positive
from vidmock.contract.vendors import apivideo as contract
from vidmock.contract.vendors.apivideo import is_meaningful_query
from vidmock.contract.wire_text import is_text_on_the_wire
from vidmock.specs.documents import spec_dir

app = make_app()
DEV = {"Authorization": "Bearer dev-token"}
credentials_accepted = dev_credentials_accepted("Authorization", DEV["Authorization"])


def load(target):
    loaded = schemathesis.openapi.from_path(spec_dir() / "apivideo.yaml")
    loaded.app = target
    loaded.config.update(base_url="http://127.0.0.1/apivideo", headers=DEV)
    return loaded


schema = load(app)
# Uploads take a WebVTT file or an image, which random bytes never are: their positive cases
# would all be refused (test_apivideo_captions.py and friends upload real files), so they run
# with the negative checks only, and the state machine leaves them out.
UPLOADS = r"^/(videos/\{videoId\}/(captions|chapters)/\{language\}|players/\{playerId\}/logo)$"
without_uploads = schema.exclude(path_regex=UPLOADS, method="POST")
uploads = schema.include(path_regex=UPLOADS, method="POST")

SESSION_LISTS = {"/analytics/videos/{videoId}", "/analytics/live-streams/{liveStreamId}"}
LISTS = {"/videos", "/live-streams", *SESSION_LISTS}
DEV_KEY = "dev-key"
REFRESH_TOKEN = (
    app.test_client().post("/apivideo/auth/api-key", json={"apiKey": DEV_KEY}).json()["refresh_token"]
)


def skip_meaningless(case) -> None:
    """A schema cannot say that February 30 or a backwards range names no period, that a
    `playerId` names no player, or that uploaded bytes are no WebVTT file or image."""
    if positive(case):
        assume(is_meaningful_query(case.query) and contract.is_meaningful_write(case))


# An upload with a token takes it from the token (a chunk out of order or a second upload are
# 400s no schema can state), like the uploads `contract.is_meaningful_write` names: its positive
# cases prove nothing here; its acceptance and refusals are tested in test_apivideo_upload*.py.
UPLOADS = {("POST", "/upload")}


def skip_uploads_with_positive_data(case) -> None:
    if positive(case):
        assume((case.operation.method.upper(), case.operation.path) not in UPLOADS)


def skip_serialization_artifacts(case) -> None:
    if not positive(case):
        assume(not is_text_on_the_wire(case))


def use_real_credentials(case) -> None:
    if positive(case):
        contract.use_real_credentials(case, DEV_KEY, REFRESH_TOKEN)


@without_uploads.parametrize()
@SETTINGS
def test_apivideo(case):
    skip_meaningless(case)
    skip_uploads_with_positive_data(case)
    skip_serialization_artifacts(case)
    use_real_credentials(case)
    case.call_and_validate(additional_checks=[credentials_accepted])


@uploads.parametrize()
@SETTINGS
def test_apivideo_uploads_refuse_invalid_data(case):
    case.call_and_validate(checks=[negative_data_rejection, not_a_server_error])


# The served files are no API resources: a new player has no logo yet, so the logo's URL, which
# Schemathesis would take for the player's own, is a 404 until one is uploaded (a new live
# stream's thumbnail likewise).
stateful = without_uploads.exclude(path_regex=contract.SERVED_FILES.pattern)


class ApiVideoStateful(stateful.as_state_machine()):
    def before_call(self, case):
        skip_meaningless(case)
        skip_uploads_with_positive_data(case)
        skip_serialization_artifacts(case)
        use_real_credentials(case)
        # Random filters and periods rarely match seeded data, and a link from an empty list leads
        # nowhere. Positive list calls here ask for the first page unfiltered, and session lists
        # for the world's year (which holds every session), so the walk list -> sessions ->
        # events reaches real sessions; the parametrized test above covers the filters.
        if positive(case) and case.operation.method.upper() == "GET" and case.operation.path in LISTS:
            case.query = {k: v for k, v in (case.query or {}).items() if k in ("pageSize", "sortOrder")}
            if case.operation.path in SESSION_LISTS:
                case.query["period"] = str(NOW.year)

    def validate_response(self, response, case, additional_checks=(), **kwargs):
        super().validate_response(response, case, additional_checks=[credentials_accepted], **kwargs)


TestApiVideoStateful = ApiVideoStateful.TestCase
TestApiVideoStateful.settings = settings(SETTINGS, max_examples=40, stateful_step_count=8)


# --- the spec's links, followed on purpose ---------------------------------------------------
# The random walk above mostly lands on videos it created itself, which have no sessions; these
# walks follow the named links through a freshly seeded world so every hop has data behind it.

seeded = load(make_app())


def link_value(spec_links: dict, name: str, parameter: str, body: dict) -> str:
    expression = spec_links[name]["parameters"][parameter]
    assert expression.startswith("$response.body#/")
    value = body
    for part in expression.split("#/", 1)[1].split("/"):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def links_of(path: str, method: str, status: str) -> dict:
    return seeded.raw_schema["paths"][path][method]["responses"][status]["links"]


def call(path: str, method: str = "GET", **parts):
    case = seeded[path][method].Case(headers=dict(DEV), **parts)
    response = case.call_and_validate()
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("list_path", "link", "parameter", "sessions_path"),
    [
        ("/videos", "SessionsOfFirstVideo", "videoId", "/analytics/videos/{videoId}"),
        (
            "/live-streams",
            "SessionsOfFirstLiveStream",
            "liveStreamId",
            "/analytics/live-streams/{liveStreamId}",
        ),
    ],
)
def test_links_lead_from_a_list_through_sessions_to_events(list_path, link, parameter, sessions_path):
    listed = call(list_path)
    owner = link_value(links_of(list_path, "get", "200"), link, parameter, listed)
    found = call(sessions_path, path_parameters={parameter: owner}, query={"period": str(NOW.year)})
    assert found["data"], f"the seeded {parameter} {owner} has sessions"
    session_id = link_value(links_of(sessions_path, "get", "200"), "EventsOfFirstSession", "sessionId", found)
    timeline = call("/analytics/sessions/{sessionId}/events", path_parameters={"sessionId": session_id})
    assert [event["type"] for event in timeline["data"]][:2] == ["ready", "play"]


@pytest.mark.parametrize(
    "header",
    [
        {"Range": "bytes=8014-8275"},
        {"If-Range": '"abc"'},
        {"If-None-Match": "*"},
        {"If-Modified-Since": "Tue, 24 Nov 2026 12:00:00 GMT"},
        {"If-Match": '"abc"'},
        {"If-Unmodified-Since": "Tue, 24 Nov 2026 12:00:00 GMT"},
    ],
)
def test_positive_ranges_and_conditions_on_served_files_are_left_to_the_file_tests(header):
    mp4 = schema["/vod/{videoId}/mp4/source.mp4"]["GET"]
    logo = schema["/player/{playerId}/logo.png"]["GET"]
    video = {"videoId": "vi" + "0" * 22}
    assert not contract.accept(mp4.Case(path_parameters=video, headers=header))
    assert not contract.accept(logo.Case(path_parameters={"playerId": "pl" + "0" * 22}, headers=header))
    assert contract.accept(mp4.Case(path_parameters=video))
