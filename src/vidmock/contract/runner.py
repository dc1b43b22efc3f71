"""One contract run: Schemathesis' own engine (its CLI, in a child process per spec so each
vendor's hooks stay its own) with every check on, then a per-operation summary from its JUnit
report, how each phase ended, and what each operation answered.

Before any case is generated the base URL is probed (vidmock.contract.routes): when nothing there
answers, or answers the spec's paths, the spec's run stops with that one reason. Everything a run
writes goes to a working folder its caller owns (the command's temporary folder, removed when the
reports the user chose are written)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vidmock.apis import base_urls
from vidmock.contract import phases, routes
from vidmock.contract.credentials import Auth, Credentials, CredentialsError
from vidmock.contract.output import condense
from vidmock.contract.profiles import Profile
from vidmock.specs import documents as specs
from vidmock.specs.documents import spec_dir

PHASES = ("examples", "coverage", "fuzzing", "stateful")
REPORTS = ("junit", "html", "markdown", "coverage")
WRITES = ("POST", "PUT", "PATCH", "DELETE")


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
    status: str  # passed, failed, errored, skipped, not run
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
    # Operations that answered nothing but 404, like a route that is not there.
    not_found: list[str] = field(default_factory=list)
    # Operations that answered a write (POST, PUT, PATCH, DELETE) with a 2xx.
    wrote: list[str] = field(default_factory=list)

    # Operations that answered nothing but 401/403 to the calls made with the run's credentials.
    auth_rejected: list[str] = field(default_factory=list)
    phases: list[phases.PhaseOutcome] = field(default_factory=list)
    # Why the run stopped before generating a case (nothing answers at the base URL, say).
    stopped: str | None = None
    # Per operation label, the status of every call the run made.
    answered: dict[str, list[int]] = field(default_factory=dict)
    # Per operation label of the spec, the response keys it documents ("200", "4XX", "default").
    documented: dict[str, list[str]] = field(default_factory=dict)
    # Schemathesis' output cut to what a reader needs (see vidmock.contract.output).
    details: str = ""

    @property
    def failed(self) -> bool:
        return (
            self.stopped is not None
            or self.exit_code != 0
            or any(op.status in ("failed", "errored") for op in self.operations)
            or any(phase.status in ("failed", "errored") for phase in self.phases)
        )


@dataclass
class Result:
    runs: list[SpecRun] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # things that stopped a vendor before testing
    notes: list[str] = field(default_factory=list)  # what was not tested, and why

    @property
    def operations(self) -> list[Operation]:
        return [op for run in self.runs for op in run.operations]

    @property
    def wrote(self) -> list[str]:
        """`api: METHOD /path` of every operation that wrote."""
        return [f"{run.api}: {label}" for run in self.runs for label in run.wrote]

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(run.failed for run in self.runs)


# Told what a run is doing: the vendor's key and one line (a phase done, with its counts).
Notify = Callable[[str, str], None]


def _silent(_api: str, _line: str) -> None:
    pass


def run_vendor(
    profile: Profile,
    base_url: str,
    creds: Credentials,
    options: Options,
    workdir: Path,
    notify: Notify = _silent,
) -> Result:
    """Every mount of the vendor: its API at `base_url` (see vidmock.apis.base_urls), the others beside."""
    result = Result()
    base_url = base_url.rstrip("/")
    notify(profile.key, f"authenticating ({base_url})")
    try:
        auth = profile.authenticate(creds, base_url)
    except CredentialsError as exc:
        result.errors.append(f"{profile.api.title}: {exc}")
        notify(profile.key, f"stopped: {exc}")
        return result
    for mount, url in base_urls.mount_urls(profile.api, base_url):
        if url is None:
            own = base_urls.api_mount(profile.api).base_path
            result.notes.append(
                f"{profile.api.title} {mount.title or mount.spec} ({mount.spec}) not tested: --base-url "
                f"does not end in {own}, so where it sits beside the API cannot be told"
            )
            continue
        result.runs.append(run_spec(profile, mount.spec, url, auth, options, workdir, notify))
    return result


def _toml_config(auth: Auth) -> str:
    # JSON string literals are valid TOML basic strings. Refused credentials are judged from the
    # run's positive calls (`_auth_rejected`), not from Schemathesis' `missing_auth` warning.
    lines: list[str] = []
    for scheme, values in auth.schemes.items():
        lines.append(f"[auth.openapi.{json.dumps(scheme)}]")
        lines.extend(f"{key} = {json.dumps(value)}" for key, value in values.items())
        lines.append("")
    return "\n".join(lines)


def run_spec(
    profile: Profile,
    spec: str,
    url: str,
    auth: Auth,
    options: Options,
    workdir: Path,
    notify: Notify = _silent,
) -> SpecRun:
    stem = Path(spec).stem
    document = specs.load(spec)
    notify(profile.key, f"{spec} at {url}: probing")
    probe = routes.probe(document, url, min(options.request_timeout, 10.0))
    if (reason := probe.stop_reason()) is not None:
        notify(profile.key, f"{spec} stopped: {reason}")
        operations = [Operation(label, spec, "not run", [reason]) for label in routes.labels(document)]
        return SpecRun(
            profile.key,
            spec,
            url,
            1,
            "",
            operations,
            None,
            stopped=reason,
            documented=routes.documented(document),
        )
    config = workdir / f"{stem}.toml"
    declared = (document.get("components") or {}).get("securitySchemes") or {}
    # Only the spec's own schemes: Schemathesis warns of any other.
    used = Auth({k: v for k, v in auth.schemes.items() if k in declared}, auth.facts)
    config.write_text(_toml_config(used))
    junit = workdir / f"{stem}.junit.xml"
    html_dir = workdir / f"{stem}-html"
    statuses = workdir / f"{stem}.statuses"
    outcomes = workdir / f"{stem}.phases.json"
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
    run = {"api": profile.key, "facts": auth.facts, "statuses": str(statuses), "phases": str(outcomes)}
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "vidmock.contract.hooks",
        "VIDMOCK_CONTRACT": json.dumps(run),
        "NO_COLOR": "1",
    }
    notify(profile.key, f"{spec} at {url}: {', '.join(options.phases)}")
    returncode, output = _stream(command, env, workdir, lambda line: notify(profile.key, f"{spec} {line}"))
    junit_text = junit.read_text() if junit.exists() else None
    operations = _operations(junit_text, spec) if junit_text else []
    answered, positive = _statuses(statuses)
    not_found = routes.not_found(probe.unrouted, answered, [op.label for op in operations])
    rejected = phases.rejected({label: s for by_label in positive.values() for label, s in by_label.items()})
    outcome = phases.read(outcomes, positive)
    for op in operations:
        if op.label in rejected:
            op.status = "failed"
            op.problems.append("Credentials rejected: every call answered 401/403")
        if op.label in not_found:
            op.status = "failed"
            op.problems.append("NOT FOUND: every call answered 404, as to a path that is not routed")
    stateful = next((phase for phase in outcome if phase.name == "stateful"), None)
    if stateful is not None and stateful.status == "errored":
        # Schemathesis' JUnit passes a stateful walk whose calls got no answer.
        for op in operations:
            if op.label == "Stateful tests" and op.status == "passed":
                op.status = "errored"
                op.problems.append(stateful.problem)
    html = html_dir if html_dir.exists() else None
    return SpecRun(profile.key, spec, url, returncode, output, operations, junit_text, html,
                   not_found, _writes(answered), rejected, outcome, answered=answered,
                   documented=routes.documented(document), details=condense(output))  # fmt: skip


# A phase's end in Schemathesis' output (`✅  Coverage (in 3.00s)`), then a line of its counts.
_PHASE = re.compile(r"^\W*\s(Examples|Coverage|Fuzzing|Stateful)\s+\((.*)\)\s*$")
_COUNT = re.compile(r"(\d+) (passed|failed|errored|errors?|skipped)")


def _stream(
    command: list[str], env: dict[str, str], cwd: Path, phase_done: Callable[[str], None]
) -> tuple[int, str]:
    """Run Schemathesis, telling `phase_done` of each phase's end as it comes; its exit code and
    its output."""
    lines: list[str] = []
    phase: tuple[str, str] | None = None
    with subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line)
            if found := _PHASE.match(line):
                phase = (found[1].lower(), found[2])
                if phase[1] == "disabled":  # a phase not chosen
                    phase = None
                elif not phase[1].startswith("in "):  # skipped or interrupted: no counts follow
                    phase_done(f"{phase[0]}: {phase[1]}")
                    phase = None
            elif phase is not None and (counts := _COUNT.findall(line)):
                shown = ", ".join(f"{n} {'errored' if w.startswith('error') else w}" for n, w in counts)
                phase_done(f"{phase[0]}: {shown} ({phase[1]})")
                phase = None
    return child.returncode, "".join(lines)


def _statuses(path: Path) -> tuple[dict[str, list[int]], dict[str, dict[str, list[int]]]]:
    """Per operation label, the status of every call the run's hooks saw; and per phase and
    label, those of its positive calls (sent with the run's credentials and valid data)."""
    answered: dict[str, list[int]] = {}
    positive: dict[str, dict[str, list[int]]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            label, mode, phase, status = line.rsplit("\t", 3)
            answered.setdefault(label, []).append(int(status))
            if mode == "positive":
                positive.setdefault(phase, {}).setdefault(label, []).append(int(status))
    return answered, positive


def _writes(answered: dict[str, list[int]]) -> list[str]:
    return [
        label
        for label, statuses in answered.items()
        if label.split(" ", 1)[0] in WRITES and any(200 <= status < 300 for status in statuses)
    ]


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


def run_contract(
    profiles: list[Profile],
    base_url: str,
    creds: Credentials | None,
    options: Options,
    every: bool = False,
    notify: Notify = _silent,
    workdir: Path | None = None,
) -> Result:
    """Every profile; `creds` None means each vendor's dev credentials. `base_url` is the API's
    base URL (see vidmock.apis.base_urls), or with `every` the root of a mock serving all APIs.
    What Schemathesis writes (its reports among it) goes under `workdir`, which the caller
    removes once it has copied what it keeps; without one, a temporary folder removed before
    returning (the runs' `html_dir` are then None)."""
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="vidmock-contract-") as tmp:
            result = run_contract(profiles, base_url, creds, options, every, notify, Path(tmp))
        for run in result.runs:
            run.html_dir = None
        return result
    result = Result()
    for prof in profiles:
        folder = workdir / prof.key
        folder.mkdir()
        base = base_urls.base_url(prof.api, base_url) if every else base_url
        part = run_vendor(prof, base, creds or prof.dev, options, folder, notify)
        result.errors += part.errors
        result.notes += part.notes
        result.runs += part.runs
    return result
