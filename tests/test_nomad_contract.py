"""Schemathesis over openapi/nomad-media.yaml against the in-process app: every check, the
stateful phase through the spec's links (beacon -> my-content -> delete -> my-content),
responses validated against the spec, and a guard that the dev token is never refused."""

from __future__ import annotations

import schemathesis
from hypothesis import settings

from conftest import make_app
from contract_support import SETTINGS, dev_credentials_accepted
from vidmock.specs.documents import spec_dir

credentials_accepted = dev_credentials_accepted("Authorization", "Bearer dev-token")

app = make_app()

nomad = schemathesis.openapi.from_path(spec_dir() / "nomad-media.yaml")
nomad.app = app
nomad.config.update(base_url="http://127.0.0.1/nomad/api", headers={"Authorization": "Bearer dev-token"})


@nomad.parametrize()
@SETTINGS
def test_nomad(case):
    case.call_and_validate(additional_checks=[credentials_accepted])


class NomadStateful(nomad.as_state_machine()):
    def validate_response(self, response, case, additional_checks=(), **kwargs):
        super().validate_response(response, case, additional_checks=[credentials_accepted], **kwargs)


TestNomadStateful = NomadStateful.TestCase
TestNomadStateful.settings = settings(SETTINGS, max_examples=30, stateful_step_count=5)
