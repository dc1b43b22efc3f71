"""`vidmock contract API --base-url` takes the API's own base URL (the banner's), sends every call
to a route of the spec there, and fails loudly when the base URL is wrong: a route that is not
there answers 404 to everything, which the checks alone would take for missing resources."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from click.testing import CliRunner

from conftest import NOW
from live import served_apart
from vidmock.app import create_app
from vidmock.cli.main import main
from vidmock.config import Config
from vidmock.specs.documents import methods_by_path

QUICK = ["--max-examples", "3", "--seed", "7", "--phases", "examples,fuzzing"]


def mock():
    return create_app(Config(now=NOW, size="small"))


def contract(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, ["contract", *args])
    return outcome.exit_code, outcome.output


def journal(root: str, api: str) -> list[dict]:
    with urllib.request.urlopen(f"{root}/__admin/requests?api={api}&limit=1000") as answer:
        return json.loads(answer.read())["requests"]


def routes_of(spec: str, prefix: str) -> re.Pattern[str]:
    """Any path of the spec under `prefix`, path parameters being one segment each."""
    paths = [re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(prefix + path)) for path in methods_by_path(spec)]
    return re.compile("|".join(f"(?:{p})" for p in paths) + r"\Z")


def test_syngrafii_at_its_base_url_passes_and_every_call_reaches_a_route():
    with served_apart(mock) as root:
        # In the default world, whose journal is read here (a run's own tenant goes with it).
        code, output = contract(
            "syngrafii",
            "--base-url",
            f"{root}/syngrafii/api/v1",
            "--api-key",
            "dev-key",
            "--keep-changes",
            *QUICK,
        )
        sent = journal(root, "syngrafii")
    assert code == 0, output[-4000:]
    assert "NOT FOUND" not in output
    routed = routes_of("syngrafii.yaml", "/syngrafii/api/v1")
    # Schemathesis' own capability probe (`/schemathesis-probe...`) aside, every call hits a route.
    ours = [entry["path"] for entry in sent if "/schemathesis-probe" not in entry["path"]]
    assert len(ours) > 10
    assert [path for path in ours if not routed.match(path)] == []


def test_a_doubled_base_path_stops_the_run_as_not_found():
    with served_apart(mock) as root:
        code, output = contract(
            "syngrafii", "--base-url", f"{root}/syngrafii/api/v1/api/v1", "--api-key", "dev-key", *QUICK
        )
    assert code == 1
    assert "STOPPED syngrafii (syngrafii.yaml): NOT FOUND — is --base-url right?" in output
    assert re.search(r"│ syngrafii.yaml: all 3 operations\s+│ not run\s+│ NOT FOUND", output), output[-4000:]
    assert "0 passed, 0 failed, 0 errored, 0 skipped, 3 not run -> FAILED (exit 1)" in output


# Per vendor, a base URL that misses: its base path doubled, or the mock's root for a vendor whose
# base path is the host root. Tokens are given so no token flow stops the run before testing.
WRONG = [
    ("ibm-analytics", "/ibm-analytics/v1/v1", ["--token", "dev-token"]),
    ("apivideo", "/apivideo/apivideo", ["--token", "dev-token"]),
    ("jtv", "/jtv/jtv", ["--token", "dev-token"]),
    ("nomad", "/nomad/api/api", ["--token", "dev-token"]),
    ("syngrafii", "/syngrafii", ["--api-key", "dev-key"]),
]


@pytest.mark.parametrize(("api", "path", "creds"), WRONG, ids=[w[0] for w in WRONG])
def test_each_vendor_at_a_wrong_base_url_is_not_found(api, path, creds):
    with served_apart(mock) as root:
        code, output = contract(
            api, "--base-url", root + path, *creds, "--max-examples", "2", "--phases", "examples"
        )
    assert code == 1
    # The run probes from the tenant it was given (`/t/contract-.../`), below the URL given.
    url = re.escape(root) + r"(/t/contract-[0-9a-f]+)?" + re.escape(path)
    assert re.search(rf"STOPPED {api} \([^)]+\): NOT FOUND — is --base-url right\? nothing at {url}", output)
    assert " 0 passed, 0 failed, 0 errored, 0 skipped" in output


def test_a_token_flow_at_a_wrong_base_url_says_not_found():
    with served_apart(mock) as root:
        code, output = contract("nomad", "--base-url", f"{root}/nomad", *QUICK)
    assert code == 1
    # The run's requests go to its own tenant of the mock (`/t/NAME` before the path).
    assert re.search(
        rf"the token flow at {re.escape(root)}/t/contract-\w+/nomad/account/login was refused: 404", output
    )
    assert "NOT FOUND — is --base-url right?" in output


def test_the_help_says_what_the_base_url_is():
    output = CliRunner().invoke(main, ["contract", "--help"], terminal_width=200).output
    flat = " ".join(output.split())
    assert "http://127.0.0.1:8000/ibm-analytics/v1" in flat
    assert "/v1 swapped for /oauth2" in flat
    assert "With --all: the root of a mock serving every API" in flat
    assert "--keep-changes" in flat


def test_ibm_behind_another_path_tests_its_api_and_says_why_not_its_oauth_server():
    from vidmock.apis import find_api
    from vidmock.apis.base_urls import mount_urls
    from vidmock.contract.credentials import Credentials, CredentialsError, flow_url

    ibm = find_api("ibm-analytics")
    assert [url for _, url in mount_urls(ibm, "https://proxy.example/ibm/v1/")] == [
        "https://proxy.example/ibm/v1",
        "https://proxy.example/ibm/oauth2",
    ]
    assert [url for _, url in mount_urls(ibm, "https://proxy.example/ibm")] == [
        "https://proxy.example/ibm",
        None,
    ]
    with pytest.raises(CredentialsError, match="pass --token-url"):
        flow_url(Credentials(client_id="c", client_secret="s"), None, "/token", "IBM's token flow")
    given = Credentials(token_url="https://video.ibm.com/oauth2/token")
    assert flow_url(given, None, "/token", "IBM's token flow") == "https://video.ibm.com/oauth2/token"
