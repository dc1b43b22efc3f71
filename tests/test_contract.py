"""Schemathesis over the specs against the in-process app: every check, stateful phase included,
responses validated against the spec, and a guard that the dev token is never refused."""

from __future__ import annotations

import schemathesis
from hypothesis import assume, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from conftest import make_app
from contract_support import SETTINGS, dev_credentials_accepted, positive
from vidmock.contract.vendors.ibm_analytics import is_meaningful_query
from vidmock.specs.documents import spec_dir

credentials_accepted = dev_credentials_accepted("Authorization", "dev-token")

app = make_app()


def load(spec: str, base_path: str, headers: dict[str, str] | None = None, on=app):
    schema = schemathesis.openapi.from_path(spec_dir() / spec)
    schema.app = on
    schema.config.update(base_url=f"http://127.0.0.1{base_path}", headers=headers or {})
    return schema


ibm = load("ibm-analytics.yaml", "/ibm-analytics/v1", {"Authorization": "dev-token"})
ibm_oauth = load("ibm-oauth.yaml", "/ibm-analytics/oauth2")
# The control API's cases add fault rules and latency (delays of minutes among them): on an app of
# their own they never reach the vendor cases. No rule or latency applies to /__admin itself.
admin = load("admin.yaml", "/__admin", on=make_app())


def skip_meaningless(case) -> None:
    """A schema cannot say that a period runs forwards; such positive cases are not valid data."""
    if positive(case):
        assume(is_meaningful_query(case.query))


@ibm.parametrize()
@SETTINGS
def test_ibm_analytics(case):
    skip_meaningless(case)
    case.call_and_validate(additional_checks=[credentials_accepted])


@ibm_oauth.parametrize()
@SETTINGS
def test_ibm_oauth(case):
    case.call_and_validate()


def small_worlds_only(case) -> None:
    """Seeding a medium or large world per example would take minutes; small proves the contract."""
    if isinstance(case.body, dict) and case.body.get("size") in ("medium", "large"):
        case.body["size"] = "small"


def excluded_for(case) -> list:
    """Refusals a schema cannot express: a snapshot's rows are checked against the store's
    tables (which the spec does not repeat), the clock stays inside a range of dates, the
    journal's `body_equals` must be JSON and comes with `body_pointer`, and a fault rule or
    latency is checked as a whole (one outcome, an effect, retryAfter with 429/503, a uniform
    delay's bounds in order, durations with units)."""
    refusable = (
        case.path == "/import"
        or (case.path.startswith("/requests") and case.method == "GET")
        or (case.path, case.method) in (("/clock", "PUT"), ("/faults", "POST"), ("/latency", "PUT"))
    )
    return [positive_data_acceptance] if refusable else []


@admin.parametrize()
@SETTINGS
def test_admin(case):
    small_worlds_only(case)
    case.call_and_validate(excluded_checks=excluded_for(case))


class IbmStateful(ibm.as_state_machine()):
    def before_call(self, case):
        skip_meaningless(case)

    def validate_response(self, response, case, additional_checks=(), **kwargs):
        super().validate_response(response, case, additional_checks=[credentials_accepted], **kwargs)


TestIbmStateful = IbmStateful.TestCase
TestIbmStateful.settings = settings(SETTINGS, max_examples=20, stateful_step_count=4)


class AdminStateful(admin.as_state_machine()):
    def before_call(self, case):
        small_worlds_only(case)

    def validate_response(self, response, case, additional_checks=(), **kwargs):
        case.validate_response(response, excluded_checks=excluded_for(case), recorder=self.recorder)


TestAdminStateful = AdminStateful.TestCase
TestAdminStateful.settings = settings(SETTINGS, max_examples=15, stateful_step_count=4)
