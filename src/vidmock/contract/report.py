"""The human summary per operation and phase, what the run covered, the verdict line, and the
report files (JUnit, HTML, Markdown, coverage JSON).

One judgement feeds them all: a row reads `ok` only if its calls passed every check, an
operation or phase whose calls got no answer reads `ERROR` with the first error, a spec whose
base URL answers nothing is `not run` with the reason, and the verdict line says FAILED with
exit 1 exactly when some row is not ok or something stopped a vendor."""

from __future__ import annotations

import html
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from rich.console import Console
from rich.table import Table

from vidmock.contract import coverage
from vidmock.contract.runner import Operation, Result, SpecRun

ICONS = {"passed": "ok", "failed": "FAILED", "errored": "ERROR", "skipped": "skipped", "not run": "not run"}


def first_line(problem: str) -> str:
    return next((line.strip() for line in problem.splitlines() if line.strip()), problem)


def problems_of(problems: list[str]) -> list[str]:
    """Each distinct problem once: Schemathesis' title (`- ST108 Response violates schema`) and
    its first line of detail, as its report lists them per failing case."""
    seen: list[str] = []
    for problem in problems:
        lines = [line.strip() for line in problem.splitlines()]
        titles = [i for i, line in enumerate(lines) if line.startswith("- ")]
        for i in titles:
            details = []
            for line in lines[i + 1 :]:
                if line.startswith(("- ", "[", "Schema at", "Reproduce")) or len(details) == 2:
                    break
                if line:
                    details.append(line)
            found = lines[i][2:] + (f": {' '.join(details)}" if details else "")
            if found not in seen:
                seen.append(found)
        if not titles and first_line(problem) not in seen:
            seen.append(first_line(problem))
    return seen


def rows(run: SpecRun) -> list[tuple[str, str, list[str]]]:
    """(operation, result, problems) of the run's rows: a spec that was not run is one row."""
    if run.stopped is not None:
        return [(f"{run.spec}: all {len(run.operations)} operations", "not run", [run.stopped])]
    return [(op.label, op.status, problems_of(op.problems)) for op in run.operations]


def phase_line(run: SpecRun) -> str:
    """`examples ok, ..., stateful ERROR (first error)`: how each phase of the run ended."""
    shown = []
    for phase in run.phases:
        problem = f" ({phase.problem})" if phase.status in ("errored", "failed") and phase.first else ""
        shown.append(f"{phase.name} {ICONS[phase.status]}{problem}")
    return ", ".join(shown)


def print_summary(console: Console, result: Result) -> None:
    for run in result.runs:
        if run.details and run.failed:
            console.rule(f"{run.api} ({run.spec}): what Schemathesis reported", style="dim")
            console.print(run.details, markup=False, highlight=False, soft_wrap=True)
    table = Table(title="Contract summary", show_lines=False)
    table.add_column("API")
    table.add_column("operation")
    table.add_column("result")
    table.add_column("problems")
    for run in result.runs:
        for label, status, problems in rows(run):
            table.add_row(run.api, label, ICONS[status], "\n".join(problems))
    console.print(table)
    for run in result.runs:
        if run.phases:
            console.print(f"{run.api} ({run.spec}) phases: {phase_line(run)}", markup=False, soft_wrap=True)
        if run.stopped is not None:
            console.print(f"[bold red]STOPPED[/] {run.api} ({run.spec}): ", end="", soft_wrap=True)
            console.print(run.stopped, markup=False, soft_wrap=True)
        rejected = run.auth_rejected
        if rejected:
            console.print(
                f"[bold red]CREDENTIALS REJECTED[/] by {run.api} ({run.spec}): only 401/403 from "
                + ", ".join(rejected),
                soft_wrap=True,
            )
        if run.not_found:
            console.print(
                f"[bold red]NOT FOUND — is --base-url right?[/] {run.api} ({run.spec}) at {run.base_url}: "
                "only 404, as to a path that is not routed, from " + ", ".join(run.not_found),
                soft_wrap=True,
            )
        stopped = run.stopped is None and run.exit_code != 0 and not _explained(run)
        if stopped:
            console.print(
                f"[bold red]{run.api} ({run.spec}): Schemathesis stopped[/] (exit {run.exit_code})",
                soft_wrap=True,
            )
            if not run.details:
                console.print(run.output[-2000:], markup=False, highlight=False)
    for error in result.errors:
        console.print(f"[bold red]{error}[/]", soft_wrap=True)
    for note in result.notes:
        console.print(f"[yellow]{note}[/]", soft_wrap=True)
    for api, operations in coverage.by_api(result).items():
        console.print(coverage.line(api, operations), markup=False, soft_wrap=True)


def _explained(run: SpecRun) -> bool:
    """Whether a row or phase of the run already says why Schemathesis exited non-zero."""
    return (
        bool(run.auth_rejected)
        or any(op.status in ("failed", "errored") for op in run.operations)
        or any(phase.status in ("failed", "errored") for phase in run.phases)
    )


def counts(operations: list[Operation]) -> str:
    statuses = ("passed", "failed", "errored", "skipped", "not run")
    number = {status: sum(op.status == status for op in operations) for status in statuses}
    return ", ".join(f"{number[status]} {status}" for status in statuses)


def verdict(result: Result, restored: bool = True) -> str:
    """The run's last line: its counts, why it failed, and its exit code (1 when it failed or
    a served mock's store could not be put back, else 0)."""
    operations = [op for op in result.operations if op.label != "Stateful tests"]
    line = f"{len(operations)} operations: {counts(operations)}"
    stateful = [phase for run in result.runs for phase in run.phases if phase.name == "stateful"]
    if stateful:
        worst = next((p.status for p in stateful if p.status in ("errored", "failed")), stateful[0].status)
        line += f"; stateful phase {ICONS[worst]}"
    reasons = []
    for run in result.runs:
        errored = [phase.name for phase in run.phases if phase.status == "errored"]
        if run.stopped is not None:
            reasons.append(f"{run.api} ({run.spec}) not run: {run.stopped}")
        elif errored:
            reasons.append(f"{run.api} ({run.spec}) phases {', '.join(errored)} errored")
    reasons += [f"{error.split(':', 1)[0]} stopped before testing" for error in result.errors]
    if not restored:
        reasons.append("the mock's store was not restored")
    if result.failed or not restored:
        return f"{line} -> FAILED (exit 1){': ' + '; '.join(reasons) if reasons else ''}"
    return f"{line} -> OK (exit 0)"


def write_report(kind: str, path: Path, result: Result) -> Path:
    """Write the `kind` report (junit, html, markdown, coverage) of `result` to `path`; `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "junit":
        ET.ElementTree(junit(result)).write(path, encoding="utf-8", xml_declaration=True)
    elif kind == "coverage":
        coverage.write(path, result)
    elif kind == "markdown":
        path.write_text(markdown(result), encoding="utf-8")
    else:  # html: Schemathesis' own report per spec, under one index
        path.mkdir(parents=True, exist_ok=True)
        links = []
        for run in result.runs:
            if run.html_dir is not None and run.html_dir.exists():
                name = f"{run.api}-{Path(run.spec).stem}"
                shutil.copytree(run.html_dir, path / name, dirs_exist_ok=True)
                links.append(f'<li><a href="{name}/index.html">{html.escape(name)}</a></li>')
        table = "".join(
            f"<tr><td>{html.escape(run.api)}</td><td>{html.escape(label)}</td><td>{ICONS[status]}</td>"
            f"<td>{'<br>'.join(html.escape(p) for p in problems)}</td></tr>"
            for run in result.runs
            for label, status, problems in rows(run)
        )
        phases = "".join(
            f"<li>{html.escape(run.api)} ({html.escape(run.spec)}): {html.escape(phase_line(run))}</li>"
            for run in result.runs
            if run.phases
        )
        path.joinpath("index.html").write_text(
            "<!doctype html><meta charset=utf-8><title>vidmock contract</title><h1>vidmock contract</h1>"
            f"<table border=1><tr><th>API</th><th>operation</th><th>result</th><th>problems</th></tr>{table}"
            f"</table><ul>{phases}</ul><p>{html.escape(verdict(result))}</p><ul>{''.join(links)}</ul>",
            encoding="utf-8",
        )
    return path


def junit(result: Result) -> ET.Element:
    """One test suite per spec run, one test case per row of the summary and per phase, each
    failed or errored exactly when the summary says so."""
    merged = ET.Element("testsuites", name="vidmock contract")
    for run in result.runs:
        suite = ET.SubElement(merged, "testsuite", name=f"{run.api}:{run.spec}")
        cases = [(op.label, op.status, problems_of(op.problems)) for op in run.operations]
        for phase in run.phases:
            cases.append((f"{phase.name} phase", phase.status, [phase.problem] if phase.first else []))
        for label, status, problems in cases:
            case = ET.SubElement(suite, "testcase", name=label, classname=f"{run.api}:{run.spec}")
            text = "\n".join(problems)
            if status == "failed":
                ET.SubElement(case, "failure", message=first_line(text or "failed")).text = text
            elif status in ("errored", "not run"):
                ET.SubElement(case, "error", message=first_line(text or status)).text = text
            elif status == "skipped":
                ET.SubElement(case, "skipped")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(status == "failed" for _l, status, _p in cases)))
        suite.set("errors", str(sum(status in ("errored", "not run") for _l, status, _p in cases)))
    for error in result.errors:
        suite = ET.SubElement(merged, "testsuite", name=error.split(":", 1)[0], tests="1", errors="1")
        case = ET.SubElement(suite, "testcase", name="authentication")
        ET.SubElement(case, "error", message=first_line(error)).text = error
    return merged


def markdown(result: Result) -> str:
    lines = ["# vidmock contract", "", "| API | operation | result | problems |", "|---|---|---|---|"]
    for run in result.runs:
        for label, status, problems in rows(run):
            shown = "<br>".join(p.replace("|", "\\|") for p in problems)
            lines.append(f"| {run.api} | `{label}` | {ICONS[status]} | {shown} |")
    lines += ["", *(f"- **{e}**" for e in result.errors)]
    for run in result.runs:
        if run.phases:
            lines.append(f"- {run.api} ({run.spec}) phases: {phase_line(run)}")
        if run.stopped is not None:
            lines.append(f"- **{run.api} ({run.spec}) not run**: {run.stopped}")
        if run.auth_rejected:
            lines.append(f"- **credentials rejected by {run.api}**: {', '.join(run.auth_rejected)}")
        if run.not_found:
            lines.append(
                f"- **NOT FOUND — is --base-url right?** {run.api} at {run.base_url}: "
                + ", ".join(run.not_found)
            )
    lines += [f"- {note}" for note in result.notes]
    lines += [f"- {coverage.line(api, ops)}" for api, ops in coverage.by_api(result).items()]
    lines += ["", verdict(result)]
    return "\n".join(lines) + "\n"
