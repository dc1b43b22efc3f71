"""Each spec alone, as a client would take it (no project hooks), with every Schemathesis check:
what the spec allows the mock accepts, what the spec forbids the mock refuses, and every answer
is one the spec documents, for every operation of every API and the admin API.

Some rules cannot be stated in a schema: api.video's refusal of credentials that do not exist,
and the control API's rules across fields or rows (a snapshot's keys, a fault rule's one outcome,
the journal's paired body filters). `schemathesis.toml` lists them, with the 400 those requests
may get, for every Schemathesis run from the project's root; these tests read the same file.
Each of those refusals is tested in the API's own tests."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth

from conftest import make_app
from vidmock.specs.documents import spec_dir

app = make_app()
SETTINGS = settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


# What a run from the project's root reads: the rules the schemas cannot state.
CONFIG = Path(__file__).parents[1] / "schemathesis.toml"


def bare(spec: str, prefix: str, headers: dict[str, str]):
    # A configuration of its own: specs without a `[[project]]` in the file share its default
    # one, and each schema's base URL and headers would overwrite the last's.
    schema = schemathesis.openapi.from_path(spec_dir() / spec, config=schemathesis.Config.from_path(CONFIG))
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
    case.call_and_validate()


@ibm_oauth.parametrize()
@SETTINGS
def test_ibm_oauth(case):
    case.call_and_validate()


@apivideo.parametrize()
@SETTINGS
def test_apivideo(case):
    case.call_and_validate()


@jtv.parametrize()
@SETTINGS
def test_jtv(case):
    case.call_and_validate()


@nomad.parametrize()
@SETTINGS
def test_nomad(case):
    case.call_and_validate()


@syngrafii.parametrize()
@SETTINGS
def test_syngrafii(case):
    # Syngrafii takes either credential (`api_key` or a bearer token): Schemathesis' ignored-auth
    # check spoils one and leaves the other, which the API rightly accepts.
    case.call_and_validate(excluded_checks=[ignored_auth])


@admin.parametrize()
@SETTINGS
def test_admin(case):
    case.call_and_validate()


def test_each_spec_is_sent_to_its_own_base_url_with_its_own_credentials():
    """Guards the runs above: a spec sent to another API's base URL answers only 404s, which
    positive cases may get."""
    schemas = (ibm, ibm_oauth, apivideo, jtv, nomad, syngrafii, admin)
    assert [(schema.config.base_url, schema.config.headers) for schema in schemas] == [
        ("http://127.0.0.1/ibm-analytics/v1", {"Authorization": "dev-token"}),
        ("http://127.0.0.1/ibm-analytics/oauth2", {"Authorization": "dev-token"}),
        ("http://127.0.0.1/apivideo", BEARER),
        ("http://127.0.0.1/jtv", BEARER),
        ("http://127.0.0.1/nomad/api", BEARER),
        ("http://127.0.0.1/syngrafii/api/v1", {"api_key": "dev-key"}),
        ("http://127.0.0.1/__admin", {}),
    ]


def test_the_control_api_spec_states_the_unknown_members_it_refuses():
    client = app.test_client()
    rule = {"match": {"api": "apivideo", "colour": "red"}, "status": 500}
    refused = client.post("/__admin/faults", json=rule)
    assert refused.status_code == 400
    assert refused.json()["pointer"] == "/match/colour"
    assert "'colour' was unexpected" in refused.json()["detail"]
    spec = schemathesis.openapi.from_path(spec_dir() / "admin.yaml").raw_schema["components"]["schemas"]
    assert [spec[name].get("additionalProperties") for name in ("FaultRule", "NameValue", "Delay")] == [
        False,
        False,
        False,
    ]
    assert spec["FaultRule"]["properties"]["match"]["additionalProperties"] is False
