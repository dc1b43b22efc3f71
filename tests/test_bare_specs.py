"""Each spec alone, as a client would take it (no project hooks): what the spec allows the mock
accepts, and what the spec forbids the mock refuses, for every operation of every API and the
admin API.

Three operations are left out because the vendor answers a schema-valid request with a 400 for
a rule no schema can state, and the mock keeps the vendor's answer: api.video's
`POST /auth/api-key` and `POST /auth/refresh` (an unknown key or token is a documented 400
`authenticationinvalid_credentials`) and Syngrafii's `POST /packages/{packageId}/videos/delete`
(a body `packageId` other than the path's is a 400 `package_invalid_id`). Their refusals are
tested in the vendors' own test files. The admin `POST /import` is left out too: its schema
names the snapshot's format and version, but rows that break a table's columns or keys are
refused by the store as a whole (tested in test_admin_state.py); so are `POST /faults` and
`PUT /latency`, whose rules are checked as a whole (one outcome, retryAfter only with 429/503,
a uniform delay's bounds in order: tested in test_fault_rules.py), and the journal's filters,
where `body_equals` must be JSON and comes with `body_pointer` (tested in test_journal.py).

api.video's `POST /videos` and `POST /live-streams` take a `playerId` that must name an existing
player (a 400 naming `playerId` otherwise), a reference no schema can state: they are run with
the negative check only, and the reference is tested in test_apivideo_players.py. Their PATCH
operations stay in: an unknown video or live stream is a 404 before the body is looked at."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from conftest import make_app
from vidmock.specs import spec_dir

app = make_app()
SETTINGS = settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
CHECKS = [positive_data_acceptance, negative_data_rejection]


def bare(spec: str, prefix: str, headers: dict[str, str]):
    schema = schemathesis.openapi.from_path(spec_dir() / spec)
    schema.app = app
    schema.config.update(base_url=f"http://127.0.0.1{prefix}", headers=headers)
    return schema


BEARER = {"Authorization": "Bearer dev-token"}
ibm = bare("ibm-analytics.yaml", "/ibm-analytics/v1", {"Authorization": "dev-token"})
ibm_oauth = bare("ibm-oauth.yaml", "/ibm-analytics/oauth2", {"Authorization": "dev-token"})
apivideo_all = bare("apivideo.yaml", "/apivideo", BEARER).exclude(path_regex="^/auth/")
PLAYER_REFERENCES = "^/(videos|live-streams)$"
apivideo = apivideo_all.exclude(path_regex=PLAYER_REFERENCES, method="POST")
apivideo_references = apivideo_all.include(path_regex=PLAYER_REFERENCES, method="POST")
jtv = bare("jtv-metax.yaml", "/jtv", BEARER)
nomad = bare("nomad-media.yaml", "/nomad/api", BEARER)
syngrafii = bare("syngrafii.yaml", "/syngrafii/api/v1", {"api_key": "dev-key"}).exclude(
    path="/packages/{packageId}/videos/delete"
)
admin = (
    bare("admin.yaml", "/__admin", {})
    .exclude(path="/import")
    .exclude(path="/faults", method="POST")
    .exclude(path="/latency", method="PUT")
    .exclude(path_regex="^/requests")
)


@ibm.parametrize()
@SETTINGS
def test_ibm_analytics(case):
    case.call_and_validate(checks=CHECKS)


@ibm_oauth.parametrize()
@SETTINGS
def test_ibm_oauth(case):
    case.call_and_validate(checks=CHECKS)


@apivideo.parametrize()
@SETTINGS
def test_apivideo(case):
    case.call_and_validate(checks=CHECKS)


@apivideo_references.parametrize()
@SETTINGS
def test_apivideo_player_references(case):
    case.call_and_validate(checks=[negative_data_rejection])


@jtv.parametrize()
@SETTINGS
def test_jtv(case):
    case.call_and_validate(checks=CHECKS)


@nomad.parametrize()
@SETTINGS
def test_nomad(case):
    case.call_and_validate(checks=CHECKS)


@syngrafii.parametrize()
@SETTINGS
def test_syngrafii(case):
    case.call_and_validate(checks=CHECKS)


@admin.parametrize()
@SETTINGS
def test_admin(case):
    case.call_and_validate(checks=CHECKS)
