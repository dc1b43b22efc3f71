"""Each spec alone, as a client would take it (no project hooks): what the spec allows the mock
accepts, and what the spec forbids the mock refuses, for every operation of every API and the
admin API.

Some rules cannot be stated in a schema: api.video's refusal of credentials that do not exist,
and the control API's rules across fields or rows (a snapshot's keys, a fault rule's one outcome,
the journal's paired body filters). `schemathesis.toml` lists them, with the 400 those requests
may get, for every Schemathesis run from the project's root; these tests read the same file.
Each of those refusals is tested in the API's own tests."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from conftest import make_app
from vidmock.specs.documents import spec_dir

app = make_app()
SETTINGS = settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
CHECKS = [positive_data_acceptance, negative_data_rejection]


# What a run from the project's root reads: the rules the schemas cannot state.
CONFIG = schemathesis.Config.from_path(Path(__file__).parents[1] / "schemathesis.toml")


def bare(spec: str, prefix: str, headers: dict[str, str]):
    schema = schemathesis.openapi.from_path(spec_dir() / spec, config=CONFIG)
    schema.app = app
    schema.config.update(base_url=f"http://127.0.0.1{prefix}", headers=headers)
    return schema


BEARER = {"Authorization": "Bearer dev-token"}
ibm = bare("ibm-analytics.yaml", "/ibm-analytics/v1", {"Authorization": "dev-token"})
ibm_oauth = bare("ibm-oauth.yaml", "/ibm-analytics/oauth2", {"Authorization": "dev-token"})
apivideo = bare("apivideo.yaml", "/apivideo", BEARER)
jtv = bare("jtv-metax.yaml", "/jtv", BEARER)
nomad = bare("nomad-media.yaml", "/nomad/api", BEARER)
syngrafii = bare("syngrafii.yaml", "/syngrafii/api/v1", {"api_key": "dev-key"})
admin = bare("admin.yaml", "/__admin", {})


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
