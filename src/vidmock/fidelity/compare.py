"""The differences between vidmock's spec of an API and the vendor's published spec, one line
each (`POST /videos: request field playerId only in vidmock`), each with the decision that
explains it.

Decisions live beside the specs, in `openapi/fidelity/<api>.yaml`:

    vendor: apivideo-2021-02.yaml        # the published document compared against
    decisions:
      - match: ["GET /vod/*: operation only in vidmock"]   # `*` stands for any text
        why: The files api.video's CDN serves are no API operations ...

A difference no decision matches is UNEXPLAINED, and a decision that matches nothing is stale:
either makes `vidmock fidelity` exit 1, so drift from the vendor is something someone explains."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from vidmock.fidelity.facts import Field, OperationFacts, operations
from vidmock.specs.documents import load, spec_dir

UNEXPLAINED = "UNEXPLAINED"


@dataclass(frozen=True)
class Target:
    """An API whose spec follows a published one: its spec, the vendor's name, the decisions."""

    key: str
    spec: str
    vendor: str

    @cached_property
    def decisions_file(self) -> Path:
        return spec_dir() / "fidelity" / f"{self.key}.yaml"

    @cached_property
    def config(self) -> dict[str, Any]:
        return yaml.safe_load(self.decisions_file.read_text(encoding="utf-8"))

    @property
    def vendor_file(self) -> str:
        """The file name of the published document the decisions were written against."""
        return str(self.config["vendor"])


TARGETS = {
    "apivideo": Target("apivideo", "apivideo.yaml", "api.video"),
    "nomad": Target("nomad", "nomad-media.yaml", "Nomad"),
}


@dataclass(frozen=True)
class Difference:
    line: str  # `POST /videos: status 403 only in vidmock`
    why: str  # the decision, or UNEXPLAINED


def _only(kind: str, ours: dict[str, Any], theirs: dict[str, Any], prefix: str, vendor: str) -> list[str]:
    found = [f"{prefix}{kind} {key} only in vidmock" for key in ours if key not in theirs]
    found += [f"{prefix}{kind} {key} only in {vendor}" for key in theirs if key not in ours]
    return found


def _fields(
    kind: str, ours: dict[str, Field], theirs: dict[str, Field], prefix: str, vendor: str
) -> list[str]:
    found = _only(kind, ours, theirs, prefix, vendor)
    for key in ours:
        if key not in theirs:
            continue
        mine, other = ours[key], theirs[key]
        if mine.type != other.type and "any" not in (mine.type, other.type):
            found.append(f"{prefix}{kind} {key} type {mine.type} in vidmock, {other.type} in {vendor}")
        if mine.required != other.required:
            word = "required" if mine.required else "optional"
            theirs_word = "required" if other.required else "optional"
            found.append(f"{prefix}{kind} {key} {word} in vidmock, {theirs_word} in {vendor}")
    return found


def _operation(label: str, ours: OperationFacts, theirs: OperationFacts, vendor: str) -> list[str]:
    prefix = f"{label}: "
    found = []
    if theirs.operation_id is None and ours.operation_id is not None:
        found.append(f"{prefix}operationId {ours.operation_id} only in vidmock")
    elif ours.operation_id != theirs.operation_id:
        found.append(f"{prefix}operationId {ours.operation_id} in vidmock, {theirs.operation_id} in {vendor}")
    found += _fields("parameter", ours.parameters, theirs.parameters, prefix, vendor)
    found += _fields("request field", ours.request, theirs.request, prefix, vendor)
    found += _only("status", ours.responses, theirs.responses, prefix, vendor)
    for status, fields in ours.responses.items():
        if status in theirs.responses:
            found += _fields(f"{status} field", fields, theirs.responses[status], prefix, vendor)
    return found


def differences(ours: dict[str, Any], theirs: dict[str, Any], vendor: str) -> list[str]:
    """Every difference of `ours` from `theirs`, in the order of `ours`' operations, then the
    vendor's operations vidmock does not serve."""
    mine, other = operations(ours), operations(theirs)
    found = []
    for label, facts in mine.items():
        if label in other:
            found += _operation(label, facts, other[label], vendor)
        else:
            found.append(f"{label}: operation only in vidmock")
    found += [f"{label}: operation only in {vendor}" for label in other if label not in mine]
    return found


def _pattern(glob: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in glob.split("*")) + r"\Z", re.S)


@dataclass
class Report:
    target: Target
    differences: list[Difference]
    stale: list[str]  # decisions' match patterns that matched no difference

    @property
    def unexplained(self) -> list[Difference]:
        return [d for d in self.differences if d.why == UNEXPLAINED]

    @property
    def clean(self) -> bool:
        return not self.unexplained and not self.stale


def explain(target: Target, published: dict[str, Any]) -> Report:
    """Compare `target`'s spec with `published` (the vendor's document) and give each
    difference its decision."""
    decisions = [
        (glob, _pattern(glob), str(entry["why"]).strip())
        for entry in target.config.get("decisions", [])
        for glob in entry["match"]
    ]
    used: set[str] = set()
    found = []
    for line in differences(load(target.spec), published, target.vendor):
        why = UNEXPLAINED
        for glob, pattern, text in decisions:
            if pattern.match(line):
                why = text
                used.add(glob)
                break
        found.append(Difference(line, why))
    return Report(target, found, [glob for glob, _p, _t in decisions if glob not in used])
