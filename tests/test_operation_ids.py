"""Every served operation is named as a client knows it: api.video's operations by api.video's
own operationIds (the names its SDKs are generated from), Nomad's by those of its published spec
where it has them, every other one by a clean camelCase name. The function serving it is named
beside it (`x-vidmock-handler`), never in the operationId; the journal, its filter, fault rules
and the dashboard show the operationId."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from connexion.utils import get_function_from_name

from conftest import make_app
from vendor_specs import APIVIDEO, NOMAD, vendor_file
from vidmock.specs.documents import load

SERVED = [
    "admin.yaml",
    "apivideo.yaml",
    "ibm-analytics.yaml",
    "ibm-oauth.yaml",
    "jtv-metax.yaml",
    "nomad-media.yaml",
    "syngrafii.yaml",
]
VERBS = ("get", "put", "post", "delete", "patch", "head")
CAMEL = re.compile(r"[a-z][a-zA-Z0-9]*")
BEARER = {"Authorization": "Bearer dev-token"}


def operations(spec: dict) -> dict[tuple[str, str], dict]:
    return {
        (verb, path): item[verb]
        for path, item in spec["paths"].items()
        for verb in VERBS
        if isinstance(item.get(verb), dict)
    }


def vendor_ids(spec: dict) -> dict[tuple[str, str], str]:
    return {key: op["operationId"] for key, op in operations(spec).items() if "operationId" in op}


def test_api_video_operations_carry_api_video_own_operation_ids():
    theirs = vendor_ids(yaml.safe_load(vendor_file(APIVIDEO).read_text()))
    ours = {key: op["operationId"] for key, op in operations(load("apivideo.yaml")).items()}
    assert len(theirs) == 47
    assert {key: ours.get(key) for key in theirs} == theirs
    assert ours[("get", "/videos")] == "LIST-videos"
    assert ours[("post", "/videos/{videoId}/source")] == "POST_videos-videoId-source"


def test_nomad_operations_carry_the_ids_of_its_published_spec_where_it_has_them():
    published = json.loads(vendor_file(NOMAD).read_text())
    ours = {key: op["operationId"] for key, op in operations(load("nomad-media.yaml")).items()}
    shared = [key for key in operations(published) if key in ours]
    assert len(shared) == 9  # the excerpt's others (logout, clear-watchlist) are not served
    named = vendor_ids(published)
    assert {key: ours[key] for key in named if key in ours} == {
        key: named[key] for key in named if key in ours
    }
    assert all(CAMEL.fullmatch(ours[key]) for key in shared if key not in named)
    assert ours[("post", "/admin/user/userVideoTracking/delete")] == "deleteTracking"


@pytest.mark.parametrize("name", SERVED)
def test_every_operation_has_a_clean_name_and_its_handler_beside_it(name):
    found = operations(load(name))
    ids = [op["operationId"] for op in found.values()]
    assert len(set(ids)) == len(ids)
    for (verb, path), op in found.items():
        vendor_form = name == "apivideo.yaml" and re.fullmatch(
            r"(LIST|GET|POST|PATCH|DELETE)[-_][A-Za-z-]+", op["operationId"]
        )
        assert vendor_form or CAMEL.fullmatch(op["operationId"]), (verb, path, op["operationId"])
        assert callable(get_function_from_name(op["x-vidmock-handler"])), (verb, path)


def test_every_link_names_an_operation_of_its_spec():
    for name in SERVED:
        spec = load(name)
        ids = {op["operationId"] for op in operations(spec).values()}
        text = json.dumps(spec)
        for linked in re.findall(r'"operationId": "([^"]+)"', text):
            assert linked in ids, (name, linked)


def test_the_served_spec_names_operations_as_the_vendor_does():
    client = make_app().test_client()
    served = client.get("/apivideo/openapi.json").json()
    assert served["paths"]["/videos"]["get"]["operationId"] == "LIST-videos"
    assert served["paths"]["/videos/{videoId}"]["delete"]["operationId"] == "DELETE-video"
    every = [op["operationId"] for op in operations(served).values()]
    assert not [name for name in every if "." in name]


def test_the_journal_its_filter_fault_rules_and_the_dashboard_use_the_operation_id():
    client = make_app().test_client()
    rule = {"match": {"api": "apivideo", "operationId": "GET-video"}, "status": 503, "times": 1}
    assert client.post("/__admin/faults", json=rule).status_code == 201
    assert client.get("/apivideo/videos/vi0000000000000000000000", headers=BEARER).status_code == 503
    assert client.get("/apivideo/videos", headers=BEARER).status_code == 200
    [entry] = client.get("/__admin/requests", params={"operation_id": "LIST-videos"}).json()["requests"]
    assert entry["path"] == "/apivideo/videos"
    [faulted] = client.get("/__admin/requests", params={"operation_id": "GET-video"}).json()["requests"]
    assert faulted["status"] == 503 and faulted["fault"] == "f1"
    page = client.get(f"/__admin/ui/requests/{faulted['id']}").text
    assert "<dt>Operation</dt><dd>GET-video</dd>" in page
