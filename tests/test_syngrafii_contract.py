"""Schemathesis over the Syngrafii spec against the in-process app: every check, the stateful
phase through the spec's links (list -> delete one -> list shows it deleted), responses
validated against the spec, and a guard that the development API key is never refused."""

from __future__ import annotations

import schemathesis
from hypothesis import settings

from conftest import make_app
from contract_support import SETTINGS, dev_credentials_accepted, positive
from vidmock.contract.vendors.syngrafii import align_package_ids
from vidmock.specs.documents import spec_dir

app = make_app()
# Both alternatives of the spec, so Schemathesis generates no stand-in credentials for either.
DEV = {"api_key": "dev-key", "Authorization": "Bearer dev-token"}
credentials_accepted = dev_credentials_accepted("api_key", DEV["api_key"])

schema = schemathesis.openapi.from_path(spec_dir() / "syngrafii.yaml")
schema.app = app
schema.config.update(base_url="http://127.0.0.1/syngrafii/api/v1", headers=DEV)


def consistent(case) -> None:
    """A schema cannot say that the body names the path's package; positive data must."""
    if positive(case):
        align_package_ids(case.path_parameters, case.body)


@schema.parametrize()
@SETTINGS
def test_syngrafii(case):
    consistent(case)
    case.call_and_validate(additional_checks=[credentials_accepted])


class SyngrafiiStateful(schema.as_state_machine()):
    """Also remembers what each scenario deleted, and asserts every later list shows it deleted."""

    def __init__(self) -> None:
        super().__init__()
        self.deleted: dict[str, set[str]] = {}

    def before_call(self, case):
        consistent(case)

    def validate_response(self, response, case, additional_checks=(), **kwargs):
        super().validate_response(response, case, additional_checks=[credentials_accepted], **kwargs)
        if response.status_code != 200:
            return
        body = response.json()
        package = body["packageId"]
        if case.method == "POST":
            self.deleted.setdefault(package, set()).update(item["meetingVideoId"] for item in body["videos"])
        for item in body["videos"]:
            if item["meetingVideoId"] in self.deleted.get(package, ()):
                assert (item["state"], item["url"]) == ("deleted", None), f"{case.operation.label}: {item}"
                assert item["timeDeleted"] is not None


TestSyngrafiiStateful = SyngrafiiStateful.TestCase
TestSyngrafiiStateful.settings = settings(SETTINGS, max_examples=30, stateful_step_count=5)
