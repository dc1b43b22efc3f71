"""Schemathesis' console output cut to what a reader of a contract run needs: its failures as
written (each with the curl command that reproduces it), its errors and warnings each once with
one example and a count. Left out: the banner and progress (the run prints its own), the summary
(the contract summary replaces it) and the paths of its reports, which are in the run's working
folder and gone once the run ends (`--report` says where reports go)."""

from __future__ import annotations

import re

_SECTION = re.compile(r"^=+ (.+?) =+$")
_BLOCK = re.compile(r"^_+ (.+?) _+$")
_ITEM = re.compile(r"^\s+- ")
_KEPT = ("FAILURES", "ERRORS", "WARNINGS")
# Schemathesis' trailer of its error section.
_HELP = re.compile(r"\n*Need more help\?\n.*\Z", re.S)


def sections(output: str) -> dict[str, str]:
    """`{title: text}` of the output's `=== TITLE ===` sections."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in output.splitlines():
        if heading := _SECTION.match(line):
            current = found.setdefault(heading[1], [])
        elif current is not None:
            current.append(line)
    return {title: "\n".join(lines).strip("\n") for title, lines in found.items()}


def _blocks(text: str) -> list[tuple[str, str]]:
    """(operation label, body) of a section's `___ label ___` blocks."""
    found: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if heading := _BLOCK.match(line):
            found.append((heading[1], []))
        elif found:
            found[-1][1].append(line)
    return [(label, _HELP.sub("", "\n".join(body)).strip("\n")) for label, body in found]


def once(text: str) -> str:
    """Each distinct block once, under the first operation it hit, with how many more."""
    seen: dict[str, list[str]] = {}
    for label, body in _blocks(text):
        seen.setdefault(body, []).append(label)
    parts = []
    for body, labels in seen.items():
        others = len(labels) - 1
        more = f" (the same for {others} more operation{'s' if others > 1 else ''})" if others else ""
        parts.append(f"{labels[0]}{more}\n{body}")
    return "\n\n".join(parts)


def shorter_lists(text: str) -> str:
    """A warning's list of operations cut to its first, with how many more."""
    lines = text.splitlines()
    kept: list[str] = []
    i = 0
    while i < len(lines):
        kept.append(lines[i])
        if _ITEM.match(lines[i]):
            j = i + 1
            while j < len(lines) and _ITEM.match(lines[j]):
                j += 1
            if j - i > 1:
                indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                kept.append(f"{indent}- ... and {j - i - 1} more")
            i = j
            continue
        i += 1
    return "\n".join(kept)


def condense(output: str) -> str:
    """The failures, errors and warnings of a Schemathesis run's output; empty when it has none."""
    found = sections(output)
    parts = []
    for title in _KEPT:
        if title not in found:
            continue
        text = found[title]
        if title == "ERRORS":
            text = once(text)
        elif title == "WARNINGS":
            text = shorter_lists(text)
        parts.append(f"{title}\n{text}")
    return "\n\n".join(parts)
