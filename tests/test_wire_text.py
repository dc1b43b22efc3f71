"""Which negative cases are left out of contract runs and bare `schemathesis run`s as valid once
on the wire: a scalar among a query parameter's strings is sent as text."""

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
from vidmock.specs import spec_dir

VIDEOS = schemathesis.openapi.from_path(spec_dir() / "apivideo.yaml")["/videos"]["GET"]
NEGATIVE = schemathesis.GenerationMode.NEGATIVE


def negative_case(query: dict, parameter: str, operator: OperatorKind = OperatorKind.CHANGE_TYPE):
    """A stateful-phase negative case of api.video `GET /videos` with one mutation of `parameter`."""
    mutation = Mutation(
        path=(parameter,),
        parameter_location=ParameterLocation.QUERY,
        schema_pointer=f"/properties/{parameter}",
        channel=MutationChannel.SCHEMA,
        operator=operator,
        keywords=("type",),
        parameter=parameter,
        original_value=None,
        new_value=None,
    )
    data = StatefulPhaseData(
        description=None,
        parameter=parameter,
        parameter_location=ParameterLocation.QUERY,
        location=None,
        mutations=(mutation,),
    )
    meta = CaseMetadata(
        generation=GenerationInfo(time=0.0, mode=NEGATIVE),
        components={ParameterLocation.QUERY: ComponentInfo(mode=NEGATIVE)},
        phase=PhaseInfo(name=TestPhase.STATEFUL, data=data),
    )
    return VIDEOS.Case(query=query, _meta=meta)


@pytest.mark.parametrize(
    "query",
    [
        {"metadata": {"Author": None}},
        {"metadata": {"Author": 5, "Format": True}},
        {"tags[]": [False, 1.5]},
    ],
    ids=["null value", "number and boolean", "tags"],
)
@pytest.mark.parametrize("operator", [OperatorKind.CHANGE_TYPE, OperatorKind.NEGATE_CONSTRAINTS])
def test_scalars_among_a_query_parameters_strings_are_text_on_the_wire(query, operator):
    parameter = next(iter(query))
    assert is_text_on_the_wire(negative_case(query, parameter, operator))


@pytest.mark.parametrize(
    ("query", "parameter", "operator"),
    [
        ({"metadata": {"Author": {"nested": "x"}}}, "metadata", OperatorKind.CHANGE_TYPE),
        ({"metadata": "Author"}, "metadata", OperatorKind.CHANGE_TYPE),
        ({"pageSize": "ten"}, "pageSize", OperatorKind.CHANGE_TYPE),
        # A list is a key sent twice (`metadata[k]=a&metadata[k]=b`), which the mock refuses.
        ({"metadata": {"a": 5, "k": ["a", "b"]}}, "metadata", OperatorKind.NEGATE_CONSTRAINTS),
    ],
    ids=["nested object", "metadata not an object", "page size of another type", "a key sent twice"],
)
def test_other_negative_cases_are_still_invalid_data(query, parameter, operator):
    assert not is_text_on_the_wire(negative_case(query, parameter, operator))


def test_the_projects_schemathesis_toml_loads_the_filter():
    toml = Path(__file__).parents[1] / "schemathesis.toml"
    schemathesis.Config.from_path(toml)  # the hooks it names load
    hooks = importlib.import_module(tomllib.loads(toml.read_text())["hooks"])
    assert not hooks.filter_case(None, negative_case({"metadata": {"Author": 5}}, "metadata"))
    assert hooks.filter_case(None, negative_case({"pageSize": "ten"}, "pageSize"))
