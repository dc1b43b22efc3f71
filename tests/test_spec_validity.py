"""Every spec is a valid OpenAPI document to an independent validator (openapi-spec-validator),
so other tools (Swagger UI, Prism, code generators) read it as vidmock does; and to Connexion's
own, which vidmock's apps skip at start-up (vidmock.specs.checked) because it runs here."""

from __future__ import annotations

import pytest
import yaml
from connexion.exceptions import InvalidSpecification
from connexion.spec import Specification
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from vidmock.specs.checked import checked_in_tests
from vidmock.specs.documents import load, spec_dir

SPECS = sorted(path.name for path in spec_dir().glob("*.yaml"))


def test_every_spec_is_checked():
    assert len(SPECS) == 8


@pytest.mark.parametrize("name", SPECS)
def test_spec_is_valid_openapi(name):
    with (spec_dir() / name).open() as handle:
        spec = yaml.safe_load(handle)
    validate(spec)


def test_the_validator_refuses_a_broken_spec():
    # The check above can fail: a parameter without `in` is not OpenAPI.
    with (spec_dir() / "admin.yaml").open() as handle:
        spec = yaml.safe_load(handle)
    spec["paths"]["/scenarios/{name}"]["post"]["parameters"][0].pop("in")
    with pytest.raises(OpenAPIValidationError):
        validate(spec)


@pytest.mark.parametrize("name", SPECS)
def test_spec_passes_connexions_check(name):
    Specification.from_dict(load(name))


def test_connexion_checks_other_documents_after_vidmocks_are_added():
    broken = load("admin.yaml")
    broken["paths"]["/scenarios/{name}"]["post"]["parameters"][0].pop("in")
    with checked_in_tests():
        Specification.from_dict(load("admin.yaml"))
    with pytest.raises(InvalidSpecification):
        Specification.from_dict(broken)
