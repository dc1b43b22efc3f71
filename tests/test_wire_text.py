"""Which negative cases are left out of contract runs and bare `schemathesis run`s: those whose
every mutation is in a query parameter of unconstrained strings, or gives a form's string field a
number or boolean whose text the field accepts; what is sent is text a server may take."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest
import schemathesis
from schemathesis.core.mutations import Mutation, MutationChannel, OperatorKind
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import (
    CaseMetadata,
    ComponentInfo,
    GenerationInfo,
    PhaseInfo,
    StatefulPhaseData,
    TestPhase,
)

from vidmock.contract.wire_text import is_text_on_the_wire
from vidmock.specs.documents import spec_dir

SPEC = schemathesis.openapi.from_path(spec_dir() / "apivideo.yaml")
VIDEOS = SPEC["/videos"]["GET"]
LOGO = SPEC["/players/{playerId}/logo"]["POST"]
PNG = b"\x89PNG\r\n\x1a\n"
NEGATIVE = schemathesis.GenerationMode.NEGATIVE


def mutation(
    parameter: str, operator: OperatorKind = OperatorKind.CHANGE_TYPE, location=ParameterLocation.QUERY
):
    return Mutation(
        path=(parameter,),
        parameter_location=location,
        schema_pointer=f"/properties/{parameter}",
        channel=MutationChannel.SCHEMA,
        operator=operator,
        keywords=("type",),
        parameter=parameter,
        original_value=None,
        new_value=None,
    )


def negative_case(query: dict, *mutations: Mutation, operation=VIDEOS, **fields):
    """A stateful-phase negative case of api.video `GET /videos` (or `operation`), its query as
    it is sent (a deepObject already spread into `name[key]` pairs)."""
    data = StatefulPhaseData(
        description=None,
        parameter=None,
        parameter_location=ParameterLocation.QUERY,
        location=None,
        mutations=mutations,
    )
    meta = CaseMetadata(
        generation=GenerationInfo(time=0.0, mode=NEGATIVE),
        components={ParameterLocation.QUERY: ComponentInfo(mode=NEGATIVE)},
        phase=PhaseInfo(name=TestPhase.STATEFUL, data=data),
    )
    return operation.Case(query=query, _meta=meta, **fields)


def logo_case(link, operator: OperatorKind = OperatorKind.CHANGE_TYPE):
    """A negative `POST /players/{playerId}/logo` whose form field `link` was mutated."""
    return negative_case(
        {},
        mutation("link", operator, location=ParameterLocation.BODY),
        operation=LOGO,
        path_parameters={"playerId": "pl" + "0" * 20},
        body={"file": PNG, "link": link},
        media_type="multipart/form-data",
    )


@pytest.mark.parametrize("link", [False, 5, 1.5], ids=["false", "5", "1.5"])
def test_a_form_string_of_another_scalar_type_is_text_on_the_wire(link):
    assert is_text_on_the_wire(logo_case(link))


@pytest.mark.parametrize(
    ("link", "operator"),
    [
        (None, OperatorKind.CHANGE_TYPE),
        (["a", "b"], OperatorKind.CHANGE_TYPE),
        ("", OperatorKind.NEGATE_CONSTRAINTS),
        ("x" * 2049, OperatorKind.NEGATE_CONSTRAINTS),
    ],
    ids=["null: left out", "a list: sent twice", "empty", "too long"],
)
def test_other_form_mutations_are_still_sent(link, operator):
    assert not is_text_on_the_wire(logo_case(link, operator))


@pytest.mark.parametrize(
    ("query", "mutations"),
    [
        # What a CI run saw accepted: `tags[]=false&metadata[0]=null`, a valid tag and a valid pair.
        ({"tags[]": "false", "metadata[0]": "null"}, [mutation("tags[]"), mutation("metadata")]),
        ({"metadata[Author]": 5}, [mutation("metadata", OperatorKind.NEGATE_CONSTRAINTS)]),
        ({"tags[]": {"rock": "null"}}, [mutation("tags[]")]),
    ],
    ids=["a tag and a pair", "a number among the pairs", "a map sent as its keys"],
)
def test_mutations_of_parameters_of_strings_prove_nothing(query, mutations):
    assert is_text_on_the_wire(negative_case(query, *mutations))


@pytest.mark.parametrize(
    ("query", "mutations"),
    [
        ({"pageSize": "ten"}, [mutation("pageSize")]),
        ({"metadata[0]": "null", "pageSize": "ten"}, [mutation("metadata"), mutation("pageSize")]),
        (
            {"metadata[0]": "null"},
            [mutation("metadata"), mutation("Authorization", location=ParameterLocation.HEADER)],
        ),
        ({"title": 5}, [mutation("title")]),
    ],
    ids=["page size", "a pair and a page size", "a pair and the credentials", "a text parameter"],
)
def test_other_negative_cases_are_still_sent(query, mutations):
    assert not is_text_on_the_wire(negative_case(query, *mutations))


def test_the_projects_schemathesis_toml_loads_the_filter():
    toml = Path(__file__).parents[1] / "schemathesis.toml"
    schemathesis.Config.from_path(toml)  # the hooks it names load
    hooks = importlib.import_module(tomllib.loads(toml.read_text())["hooks"])
    assert not hooks.filter_case(None, negative_case({"metadata[Author]": 5}, mutation("metadata")))
    assert hooks.filter_case(None, negative_case({"pageSize": "ten"}, mutation("pageSize")))
