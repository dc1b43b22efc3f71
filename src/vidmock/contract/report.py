"""The human summary per operation, and the report files (JUnit, HTML, Markdown)."""

from __future__ import annotations

import html
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from rich.console import Console
from rich.table import Table

from vidmock.contract.runner import Result

ICONS = {"passed": "ok", "failed": "FAILED", "errored": "ERROR", "skipped": "skipped"}


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


def print_summary(console: Console, result: Result) -> None:
    table = Table(title="Contract summary", show_lines=False)
    table.add_column("API")
    table.add_column("operation")
    table.add_column("result")
    table.add_column("problems")
    for run in result.runs:
        for op in run.operations:
            table.add_row(run.api, op.label, ICONS[op.status], "\n".join(problems_of(op.problems)))
    console.print(table)
    for run in result.runs:
        rejected = run.auth_rejected
        if rejected:
            console.print(
                f"[bold red]CREDENTIALS REJECTED[/] by {run.api} ({run.spec}): only 401/403 from "
                + ", ".join(rejected)
            )
        if run.not_found:
            console.print(
                f"[bold red]NOT FOUND — is --base-url right?[/] {run.api} ({run.spec}) at {run.base_url}: "
                "only 404, as to a path that is not routed, from " + ", ".join(run.not_found)
            )
        stopped = run.exit_code not in (0, 1) or (
            run.exit_code and not any(op.status in ("failed", "errored") for op in run.operations)
        )
        if stopped and not rejected:
            console.print(f"[bold red]{run.api} ({run.spec}): Schemathesis stopped[/] (exit {run.exit_code})")
            console.print(run.output[-2000:], markup=False, highlight=False)
    for error in result.errors:
        console.print(f"[bold red]{error}[/]")
    for note in result.notes:
        console.print(f"[yellow]{note}[/]")
    ops = result.operations
    counts = {status: sum(op.status == status for op in ops) for status in ICONS}
    console.print(
        f"{len(ops)} operations: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['errored']} errored, {counts['skipped']} skipped"
        + ("  -> FAILED" if result.failed else "  -> OK")
    )


def write_report(kind: str, path: Path, result: Result) -> Path:
    if kind == "junit":
        merged = ET.Element("testsuites")
        for run in result.runs:
            if run.junit:
                for suite in ET.fromstring(run.junit).iter("testsuite"):
                    suite.set("name", f"{run.api}:{run.spec}")
                    merged.append(suite)
        ET.ElementTree(merged).write(path, encoding="utf-8", xml_declaration=True)
    elif kind == "markdown":
        path.write_text(markdown(result))
    else:  # html: Schemathesis' own report per spec, under one index
        path.mkdir(parents=True, exist_ok=True)
        links = []
        for run in result.runs:
            if run.html_dir is not None:
                name = f"{run.api}-{Path(run.spec).stem}"
                shutil.copytree(run.html_dir, path / name, dirs_exist_ok=True)
                links.append(f'<li><a href="{name}/index.html">{html.escape(name)}</a></li>')
        rows = "".join(
            f"<tr><td>{html.escape(run.api)}</td><td>{html.escape(op.label)}</td><td>{op.status}</td>"
            f"<td>{'<br>'.join(html.escape(p) for p in problems_of(op.problems))}</td></tr>"
            for run in result.runs
            for op in run.operations
        )
        path.joinpath("index.html").write_text(
            "<!doctype html><meta charset=utf-8><title>vidmock contract</title><h1>vidmock contract</h1>"
            f"<table border=1><tr><th>API</th><th>operation</th><th>result</th><th>problems</th></tr>{rows}"
            f"</table><ul>{''.join(links)}</ul>"
        )
    return path


def markdown(result: Result) -> str:
    lines = ["# vidmock contract", "", "| API | operation | result | problems |", "|---|---|---|---|"]
    for run in result.runs:
        for op in run.operations:
            problems = "<br>".join(p.replace("|", "\\|") for p in problems_of(op.problems))
            lines.append(f"| {run.api} | `{op.label}` | {ICONS[op.status]} | {problems} |")
    lines += ["", *(f"- **{e}**" for e in result.errors)]
    for run in result.runs:
        if run.auth_rejected:
            lines.append(f"- **credentials rejected by {run.api}**: {', '.join(run.auth_rejected)}")
        if run.not_found:
            lines.append(
                f"- **NOT FOUND — is --base-url right?** {run.api} at {run.base_url}: "
                + ", ".join(run.not_found)
            )
    lines += [f"- {note}" for note in result.notes]
    return "\n".join(lines) + "\n"
