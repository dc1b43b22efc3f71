"""One contract run: Schemathesis' own engine (its CLI, in a child process per spec so each
vendor's hooks stay its own) with every check on, then a per-operation summary from its JUnit
report, and the report the user chose."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from vidmock import specs
from vidmock.app import mount_prefix
from vidmock.contract.credentials import Auth, Credentials, CredentialsError
from vidmock.contract.profiles import Profile
from vidmock.specs import spec_dir

PHASES = ("examples", "coverage", "fuzzing", "stateful")
REPORTS = ("junit", "html", "markdown")


@dataclass(frozen=True)
class Options:
    max_examples: int = 50
    seed: int | None = None
    phases: tuple[str, ...] = PHASES
    workers: int = 1
    request_timeout: float = 30.0


@dataclass
class Operation:
    label: str
    spec: str
    status: str  # passed, failed, errored, skipped
    problems: list[str] = field(default_factory=list)


@dataclass
class SpecRun:
    api: str
    spec: str
    base_url: str
    exit_code: int
    output: str
    operations: list[Operation]
    junit: str | None
    html_dir: Path | None = None

    @property
    def auth_rejected(self) -> list[str]:
        """Operations that answered nothing but 401/403 to the run's credentials."""
        return _auth_rejected(self.output)


@dataclass
class Result:
    runs: list[SpecRun] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # things that stopped a vendor before testing

    @property
    def operations(self) -> list[Operation]:
        return [op for run in self.runs for op in run.operations]

    @property
    def failed(self) -> bool:
        return (
            bool(self.errors)
            or any(run.exit_code != 0 for run in self.runs)
            or any(op.status in ("failed", "errored") for op in self.operations)
        )


def vendor_root(profile: Profile, base_url: str, alone: bool) -> str:
    """Where the vendor's mounts sit: the base URL itself, or `<base>/<key>` on a whole mock."""
    return base_url.rstrip("/") + ("" if alone else mount_prefix(profile.api, "", False))


def run_vendor(
    profile: Profile, base_url: str, creds: Credentials, options: Options, workdir: Path, alone: bool = True
) -> Result:
    result = Result()
    root = vendor_root(profile, base_url, alone)
    try:
        auth = profile.authenticate(creds, root)
    except CredentialsError as exc:
        result.errors.append(f"{profile.api.title}: {exc}")
        return result
    for mount in profile.api.mounts:
        result.runs.append(run_spec(profile, mount.spec, root + mount.base_path, auth, options, workdir))
    return result


def _toml_config(auth: Auth) -> str:
    # JSON string literals are valid TOML basic strings.
    lines = ["[warnings]", 'fail-on = ["missing_auth"]', ""]
    for scheme, values in auth.schemes.items():
        lines.append(f"[auth.openapi.{json.dumps(scheme)}]")
        lines.extend(f"{key} = {json.dumps(value)}" for key, value in values.items())
        lines.append("")
    return "\n".join(lines)


def run_spec(profile: Profile, spec: str, url: str, auth: Auth, options: Options, workdir: Path) -> SpecRun:
    stem = Path(spec).stem
    config = workdir / f"{stem}.toml"
    declared = (specs.load(spec).get("components") or {}).get("securitySchemes") or {}
    # Only the spec's own schemes: Schemathesis warns of any other.
    used = Auth({k: v for k, v in auth.schemes.items() if k in declared}, auth.facts)
    config.write_text(_toml_config(used))
    junit = workdir / f"{stem}.junit.xml"
    html_dir = workdir / f"{stem}-html"
    command = [
        sys.executable, "-m", "schemathesis.cli", "--no-color", "--config-file", str(config), "run",
        str(spec_dir() / spec), "--url", url, "--checks", "all",
        "--max-examples", str(options.max_examples), "--phases", ",".join(options.phases),
        "--workers", str(options.workers), "--request-timeout", str(options.request_timeout),
        "--suppress-health-check", "all", "--output-truncate", "true",
        "--report", "junit,html", "--report-junit-path", str(junit), "--report-html-path", str(html_dir),
    ]  # fmt: skip
    if options.seed is not None:
        command += ["--seed", str(options.seed)]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "vidmock.contract.hooks",
        "VIDMOCK_CONTRACT": json.dumps({"api": profile.key, "facts": auth.facts}),
        "NO_COLOR": "1",
    }
    # Its working directory is the run's own, where Schemathesis keeps its cache.
    done = subprocess.run(command, env=env, cwd=workdir, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    junit_text = junit.read_text() if junit.exists() else None
    operations = _operations(junit_text, spec) if junit_text else []
    for op in operations:
        if op.label in _auth_rejected(output):
            op.status = "failed"
            op.problems.append("Credentials rejected: every call answered 401/403")
    return SpecRun(profile.key, spec, url, done.returncode, output, operations, junit_text,
                   html_dir if html_dir.exists() else None)  # fmt: skip


def _operations(junit: str, spec: str) -> list[Operation]:
    found = []
    for case in ET.fromstring(junit).iter("testcase"):
        problems = [
            (element.text or element.get("message") or "").strip()
            for element in case
            if element.tag in ("failure", "error")
        ]
        if any(element.tag == "error" for element in case):
            status = "errored"
        elif problems:
            status = "failed"
        elif any(element.tag == "skipped" for element in case):
            status = "skipped"
        else:
            status = "passed"
        found.append(Operation(case.get("name", "?"), spec, status, problems))
    return found


def _auth_rejected(output: str) -> list[str]:
    """The operations Schemathesis' `missing_auth` warning lists (only 401/403 to every call)."""
    labels: list[str] = []
    inside = False
    for line in output.splitlines():
        stripped = line.strip()
        if stripped.startswith(("Authentication failed:", "Missing authentication")):
            inside = True
        elif inside and stripped.startswith(("💡", "===")):
            break
        elif inside and stripped.startswith("- "):
            labels.append(stripped[2:])
    return labels


def run_contract(
    profiles: list[Profile], base_url: str, creds: Credentials | None, options: Options, alone: bool
) -> Result:
    """Every profile against the base URL; `creds` None means each vendor's dev credentials."""
    result = Result()
    with tempfile.TemporaryDirectory(prefix="vidmock-contract-") as tmp:
        for prof in profiles:
            workdir = Path(tmp) / prof.key
            workdir.mkdir()
            part = run_vendor(prof, base_url, creds or prof.dev, options, workdir, alone)
            result.errors += part.errors
            for run in part.runs:
                if run.html_dir is not None:  # the temporary directory goes away
                    run.html_dir = _keep(run.html_dir)
            result.runs += part.runs
    return result


def _keep(directory: Path) -> Path:
    kept = Path(tempfile.mkdtemp(prefix="vidmock-contract-html-"))
    for item in directory.rglob("*"):
        if item.is_file():
            target = kept / item.relative_to(directory)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.read_bytes())
    return kept
