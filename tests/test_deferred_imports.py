"""The console script leaves the modules Connexion imports but a served mock never uses
(`requests`, `httpx`, `starlette.testclient`) unloaded until something uses them."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap

import pytest

from vidmock.cli.deferred_imports import deferred_imports

# `vidmock serve` through the console script's own `main`, with uvicorn's `run` replaced by
# requests sent straight to the app: which of the watched modules did serving load?
SERVE_AND_LOOK = textwrap.dedent(
    """
    import asyncio, json, sys
    import uvicorn
    from vidmock.cli import script

    WATCHED = ("requests", "httpx", "starlette.testclient")


    async def get(app, target, headers=()):
        path, _, query = target.partition("?")
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
            "root_path": "", "headers": [(b"host", b"127.0.0.1")] + list(headers),
            "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000),
        }
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        await app(scope, receive, send)
        return sent[0]["status"]


    def run(app, **options):
        ibm = "/ibm-analytics/v1/total-views/summary?date_time_from=2026-01-01T00:00:00Z"
        ibm += "&date_time_to=2026-02-01T00:00:00Z"
        statuses = [
            asyncio.run(get(app, "/__admin/health")),
            asyncio.run(get(app, ibm, [(b"authorization", b"dev-token")])),
        ]
        loaded = [name for name in WATCHED if name in sys.modules]
        import connexion.apps.abstract, connexion.json_schema
        used = {
            "requests.get": connexion.json_schema.requests.get.__module__,
            "test client": type(connexion.apps.abstract.TestClient(app)).__module__,
        }
        print(json.dumps({"statuses": statuses, "loaded": loaded, "used": used}))


    uvicorn.run = run
    sys.argv = ["vidmock", "serve", "--size", "small", "--quiet", "--port", "8999"]
    script.main()
    """
)


def test_a_served_mock_answers_without_loading_what_connexion_imports_for_other_uses(tmp_path):
    env = {"VIDMOCK_STATE_DIR": str(tmp_path), "VIDMOCK_CACHE_DIR": str(tmp_path / "cache")}
    ran = subprocess.run(
        [sys.executable, "-c", SERVE_AND_LOOK],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
    assert ran.returncode == 0, ran.stderr
    found = json.loads(ran.stdout.strip().splitlines()[-1])
    assert found["statuses"] == [200, 200]
    assert found["loaded"] == []
    # Connexion's own uses still reach the real modules, loaded then.
    assert found["used"] == {"requests.get": "requests.api", "test client": "starlette.testclient"}


@pytest.fixture
def probe(tmp_path, monkeypatch):
    """A module `vm_probe` on the path that writes a line to `loads.txt` each time it runs."""
    marker = tmp_path / "loads.txt"
    (tmp_path / "vm_probe.py").write_text(
        textwrap.dedent(
            f"""
            with open({str(marker)!r}, "a") as out:
                out.write("loaded\\n")
            ANSWER = 42

            def make(x):
                return ("made", x)
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield marker
    sys.modules.pop("vm_probe", None)


def _loads(marker) -> int:
    return len(marker.read_text().splitlines()) if marker.exists() else 0


def test_a_deferred_module_runs_on_its_first_use_and_answers_as_itself(probe):
    with deferred_imports({"vm_probe": ("make",)}):
        import vm_probe
        from vm_probe import make

        assert _loads(probe) == 0
        assert make(3) == ("made", 3)
        assert _loads(probe) == 1
        assert vm_probe.ANSWER == 42
        assert importlib.import_module("vm_probe").ANSWER == 42  # the real one now
    assert _loads(probe) == 1
    assert sys.modules["vm_probe"].make is vm_probe.make  # the stand-in took the real names


def test_an_attribute_read_loads_the_module_once(probe):
    with deferred_imports({"vm_probe": ()}):
        import vm_probe
    assert "vm_probe" not in sys.modules  # the stand-in is left to its importers only
    assert vm_probe.ANSWER == 42
    assert vm_probe.make(1) == ("made", 1)
    import vm_probe as again

    assert again.ANSWER == 42
    assert _loads(probe) == 1


def test_an_unused_stand_in_leaves_later_imports_to_load_the_real_module(probe):
    with deferred_imports({"vm_probe": ()}):
        import vm_probe  # noqa: F401
    import vm_probe as real

    assert _loads(probe) == 1
    assert real.make("x") == ("made", "x")


def test_a_module_already_loaded_is_not_replaced(probe):
    import vm_probe as loaded

    with deferred_imports({"vm_probe": ()}):
        import vm_probe
    assert vm_probe is loaded
    assert _loads(probe) == 1
