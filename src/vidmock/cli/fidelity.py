"""`vidmock fidelity`: how vidmock's spec of an API differs from the vendor's published one."""

from __future__ import annotations

import os
from pathlib import Path

import click
import yaml

from vidmock.fidelity.compare import TARGETS, Report, Target, explain

VARIABLE = "VIDMOCK_VENDOR_SPECS"


def vendor_document(target: Target, given: Path) -> Path:
    """The vendor's published document: `given` itself, or the file the decisions name in it."""
    found = given / target.vendor_file if given.is_dir() else given
    if not found.is_file():
        raise click.UsageError(f"{found} is not a file: {target.vendor} publishes it as {target.vendor_file}")
    return found


def render(report: Report, document: Path) -> str:
    """Every difference, grouped under the decision that explains it (UNEXPLAINED last)."""
    target = report.target
    lines = [
        f"{target.vendor}: openapi/{target.spec} against {document.name}: {len(report.differences)} "
        f"differences, {len(report.unexplained)} unexplained"
    ]
    groups: dict[str, list[str]] = {}
    for difference in report.differences:
        groups.setdefault(difference.why, []).append(difference.line)
    for why, found in sorted(groups.items(), key=lambda item: item[0] == "UNEXPLAINED"):
        lines += ["", f"{why} ({len(found)})", *(f"  {line}" for line in found)]
    for glob in report.stale:
        lines.append(f"STALE decision: '{glob}' matches no difference (openapi/fidelity/{target.key}.yaml)")
    return "\n".join(lines)


@click.command()
@click.argument("api", required=False, type=click.Choice(sorted(TARGETS)))
@click.option(
    "--vendor-spec",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help=f"The vendor's published spec (a file), or a folder holding them by their published names; "
    f"default: ${VARIABLE}. Their licences do not let vidmock ship copies.",
)
def fidelity(api: str | None, vendor_spec: Path | None) -> None:
    """List every operation, parameter, schema field and status in which vidmock's spec of API
    (api.video, Nomad; default both) differs from the vendor's published spec, each under the
    decision that explains it (openapi/fidelity/API.yaml). Exit 1 when a difference has no
    decision or a decision matches nothing, 2 on usage errors."""
    given = vendor_spec or (Path(os.environ[VARIABLE]) if os.environ.get(VARIABLE) else None)
    if given is None:
        raise click.UsageError(f"pass --vendor-spec PATH (or set {VARIABLE}): vidmock ships no vendor spec")
    chosen = [TARGETS[api]] if api else list(TARGETS.values())
    if len(chosen) > 1 and not given.is_dir():
        raise click.UsageError("name the API, or pass a folder holding every vendor's spec")
    clean = True
    for target in chosen:
        document = vendor_document(target, given)
        report = explain(target, yaml.safe_load(document.read_text(encoding="utf-8")))
        click.echo(render(report, document))
        click.echo()
        clean = clean and report.clean
    raise SystemExit(0 if clean else 1)
