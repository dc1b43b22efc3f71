"""A contract run against a served vidmock leaves its worlds as they were: it runs in a tenant of
its own (or, on a vidmock making none for it, the store is exported before the run and imported
back after); `--keep-changes` keeps the run's writes in the default world. A control API that
refuses (it wants `VIDMOCK_ADMIN_TOKEN`) or a target that is not a vidmock is said plainly, with
what wrote."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from conftest import NOW
from live import served_apart
from vidmock.app import create_app
from vidmock.cli.main import main
from vidmock.config import Config
from vidmock.contract import mock_state

# The fuzzing phase creates api.video videos and live streams, and deletes some.
WRITING_RUN = ["--api-key", "dev-key", "--max-examples", "3", "--seed", "3", "--phases", "fuzzing"]
SECRET = "s3cret-admin-token"
# An operation the run's calls wrote through, as the run lists them.
WROTE = re.compile(r"apivideo: (POST|PUT|PATCH|DELETE) /")


def mock():
    return create_app(Config(now=NOW, size="small"))


class ControlGuard:
    """ASGI wrapper standing for a control API that lets in only `Bearer <token>`; with `refuse`,
    it refuses only those calls (method and path prefix, such as `POST /__admin/import`) even
    with the token, each with its status; `no_tenants` stands for a vidmock making none (503)."""

    def __init__(self, app, token: str | None = SECRET, refuse=(), status=403, no_tenants=False):
        self.app, self.token, self.refuse, self.status = app, token, list(refuse), status
        if no_tenants:
            self.refuse.append(("PUT", "/__admin/tenants/", 503))

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith("/__admin"):
            headers = dict(scope["headers"])
            allowed = (
                self.token is not None and headers.get(b"authorization") == f"Bearer {self.token}".encode()
            )
            refused = [s for m, p, s in self.refuse if scope["method"] == m and scope["path"].startswith(p)]
            if not allowed or refused:
                status = refused[0] if refused else self.status
                while (await receive()).get("more_body"):  # read the upload, as a server does
                    pass
                body = json.dumps({"title": "Refused", "status": status, "detail": "admin token needed"})
                await send(
                    {
                        "type": "http.response.start",
                        "status": status,
                        "headers": [(b"content-type", b"application/problem+json")],
                    }
                )
                await send({"type": "http.response.body", "body": body.encode()})
                return
        await self.app(scope, receive, send)


def export(root: str, token: str | None = None) -> bytes:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with urllib.request.urlopen(urllib.request.Request(f"{root}/__admin/export", headers=headers)) as answer:
        return answer.read()


def run(root: str, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    args = ["contract", "apivideo", "--base-url", f"{root}/apivideo", *WRITING_RUN, *extra]
    outcome = CliRunner().invoke(main, args, env=env)
    return outcome.exit_code, outcome.output


def tenants(root: str) -> list[str]:
    with urllib.request.urlopen(f"{root}/__admin/tenants") as answer:
        return [tenant["name"] for tenant in json.load(answer)["tenants"]]


def test_the_run_has_a_tenant_of_its_own_and_the_default_world_is_untouched_unless_kept():
    with served_apart(mock) as root:
        before = export(root)
        code, output = run(root)
        after, left = export(root), tenants(root)
        kept_code, kept_output = run(root, "--keep-changes")
        kept = export(root)
    assert code == 0, output[-4000:]
    flat = " ".join(output.split())
    ran_in = re.search(
        r"the run has a tenant of its own, (contract-[0-9a-f]{12}), dropped after the run", flat
    )
    assert ran_in, flat[-3000:]
    assert f"Ran in tenant {ran_in[1]} of the mock at {root}, dropped after" in flat
    assert WROTE.search(output)  # it did write, in its tenant
    assert after == before and left == ["default"]
    assert kept_code == 0, kept_output[-4000:]
    assert "Kept (--keep-changes)" in kept_output and WROTE.search(kept_output)
    assert kept != before


def test_a_vidmock_making_no_tenant_has_its_store_restored_byte_for_byte():
    with served_apart(lambda: ControlGuard(mock(), no_tenants=True)) as root:
        before = export(root, SECRET)
        code, output = run(root, env={"VIDMOCK_ADMIN_TOKEN": SECRET})
        after = export(root, SECRET)
    assert code == 0, output[-4000:]
    assert "its store is snapshotted, and restored after the run" in output
    assert f"Restored the mock's store at {root} as it was before the run" in " ".join(output.split())
    assert after == before


def test_the_admin_token_of_the_environment_opens_a_guarded_control_api():
    with served_apart(lambda: ControlGuard(mock())) as root:
        before = export(root, SECRET)
        code, output = run(root, env={"VIDMOCK_ADMIN_TOKEN": SECRET})
        after = export(root, SECRET)
    assert code == 0, output[-4000:]
    assert "Ran in tenant contract-" in output
    assert after == before


def test_a_refused_control_api_is_said_with_what_wrote():
    with served_apart(lambda: ControlGuard(mock())) as root:
        before = export(root, SECRET)
        code, output = run(root, env={"VIDMOCK_ADMIN_TOKEN": ""})
        after = export(root, SECRET)
    assert code == 0, output[-4000:]  # the contract held; the store is the user's to reset
    flat = " ".join(output.split())
    assert f"Cannot snapshot: GET {root}/__admin/health answered 403 admin token needed" in flat
    assert "set VIDMOCK_ADMIN_TOKEN" in flat
    assert re.search(
        r"NOT RESTORED: the control API at \S+ refused\. Data was written by: .*" + WROTE.pattern,
        flat,
    )
    assert after != before


def test_a_refused_restore_fails_the_run_and_keeps_the_snapshot_for_import():
    guarded = lambda: ControlGuard(mock(), refuse=[("POST", "/__admin/import", 403)], no_tenants=True)  # noqa: E731
    with served_apart(guarded) as root:
        before = export(root, SECRET)
        code, output = run(root, env={"VIDMOCK_ADMIN_TOKEN": SECRET})
    assert code == 1
    flat = " ".join(output.split())
    assert f"NOT RESTORED: POST {root}/__admin/import answered 403" in flat
    saved = re.search(rf"vidmock import --url {re.escape(root)} (\S+\.json)", flat)
    assert saved, flat[-3000:]
    assert Path(saved[1]).read_bytes() == before
    Path(saved[1]).unlink()


def test_against_anything_but_a_vidmock_the_writes_are_listed():
    # A control API answering 404 everywhere: not a vidmock, so nothing to snapshot.
    with served_apart(lambda: ControlGuard(mock(), token=None, status=404)) as root:
        code, output = run(root)
    assert code == 0, output[-4000:]
    flat = " ".join(output.split())
    assert "snapshotted" not in flat
    assert re.search(rf"Data was written to {re.escape(root)}/apivideo by: .*" + WROTE.pattern, flat)


def test_two_runs_on_one_mock_get_a_tenant_each():
    with served_apart(mock) as root:
        first, second = mock_state.guard(f"{root}/apivideo"), mock_state.guard(f"{root}/syngrafii/api/v1")
        assert first.tenant != second.tenant
        assert first.url(f"{root}/apivideo") == f"{root}/t/{first.tenant}/apivideo"
        assert sorted(tenants(root)) == sorted(["default", first.tenant, second.tenant])
        first.restore()
        second.restore()
        assert tenants(root) == ["default"]
