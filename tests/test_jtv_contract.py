"""Schemathesis over `openapi/jtv-metax.yaml` against the in-process app: every check, the
stateful phase through the spec's links (ingest -> favorites / pause time / watch history),
responses validated against the spec, and a guard that the dev credentials are never refused."""

from __future__ import annotations

import schemathesis
from hypothesis import assume, settings

from conftest import make_app
from contract_support import SETTINGS, positive
from vidmock.contract.vendors.jtv import accept
from vidmock.specs.documents import spec_dir

app = make_app()

# Bearer for the MetaX calls, HTTP Basic for the token endpoint: each scheme its own credential.
CONFIG = schemathesis.Config.from_dict(
    {
        "auth": {
            "openapi": {
                "bearerAuth": {"bearer": "dev-token"},
                "basicAuth": {"username": "dev-client", "password": "dev-secret"},
            }
        }
    }
)
jtv = schemathesis.openapi.from_path(spec_dir() / "jtv-metax.yaml", config=CONFIG)
jtv.app = app
jtv.config.update(base_url="http://127.0.0.1/jtv")


GOOD = {"Bearer dev-token", "Basic ZGV2LWNsaWVudDpkZXYtc2VjcmV0"}  # dev-token; dev-client:dev-secret


def credentials_accepted(ctx, response, case):
    """A run where the configured credentials are missing or refused passes silently otherwise."""
    if not positive(case):
        return
    sent = response.request.headers.get("Authorization")
    if sent not in GOOD:
        raise AssertionError(f"{case.operation.label}: the dev credentials were not sent (got {sent!r})")
    if response.status_code in (401, 403):
        raise AssertionError(f"{case.operation.label}: the dev credentials were refused")


def skip_unsendable(case) -> None:
    if positive(case):
        assume(accept(case))


@jtv.parametrize()
@SETTINGS
def test_jtv(case):
    skip_unsendable(case)
    case.call_and_validate(additional_checks=[credentials_accepted])


class JtvStateful(jtv.as_state_machine()):
    def before_call(self, case):
        skip_unsendable(case)

    def validate_response(self, response, case, additional_checks=(), **kwargs):
        super().validate_response(response, case, additional_checks=[credentials_accepted], **kwargs)


TestJtvStateful = JtvStateful.TestCase
TestJtvStateful.settings = settings(SETTINGS, max_examples=30, stateful_step_count=5)
