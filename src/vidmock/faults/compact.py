"""The one-line forms of `vidmock serve --fault` and `--latency`.

    --fault 'API:TARGET=EFFECT WORDS'

TARGET is `*` (every request of the API), a method (`POST`), a path of the spec below the API's
base path (`/videos/{videoId}`), or a method and a path (`POST /videos`). The words after `=`:

    429 | 500 | ...          answer this status with the vendor's error body
    retry-after 5           with 429/503: a Retry-After header (seconds)
    delay 2s | delay 50ms-300ms   a fixed or uniform delay
    drop | malformed        close the connection / cut the body in half
    dribble 100             send the body at 100 bytes per second
    probability 0.5 | times 2 | before | after

e.g. `apivideo:POST /videos=503 retry-after 5 times 2`, `jtv:*=delay 2s`. The latency is
`100ms` (fixed) or `50-300ms` / `50ms-300ms` (uniform).
"""

from __future__ import annotations

import re
from typing import Any

from vidmock.faults.problems import RuleError
from vidmock.faults.rules import METHODS

_WITH_VALUE = {"delay", "dribble", "times", "probability", "retry-after"}
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)?-(\d+(?:\.\d+)?)(ms|s)$")


def parse_compact_fault(text: str) -> dict[str, Any]:
    """The JSON form of a `--fault` text. Raises RuleError saying what is wrong (the pointer
    names the member of the JSON form it would have filled)."""
    head, equals, effects = text.partition("=")
    api, colon, target = head.partition(":")
    if not equals or not colon or not api.strip():
        raise RuleError("", "write API:TARGET=EFFECT, e.g. 'apivideo:POST /videos=500' or 'jtv:*=delay 2s'")
    rule: dict[str, Any] = {"match": {"api": api.strip(), **_target(target.strip())}}
    words = effects.split()
    if not words:
        raise RuleError("", "no effect after '='")
    position = 0
    while position < len(words):
        word = words[position].lower()
        if word in _WITH_VALUE:
            if position + 1 >= len(words):
                raise RuleError("", f"'{word}' needs a value")
            _with_value(rule, word, words[position + 1])
            position += 2
            continue
        if word.isdigit():
            rule["status"] = int(word)
        elif word in ("drop", "malformed"):
            rule[word] = True
        elif word in ("before", "after"):
            rule["when"] = word
        else:
            raise RuleError("", f"unknown word '{words[position]}'")
        position += 1
    return rule


def _target(text: str) -> dict[str, str]:
    if text in ("", "*"):
        return {}
    first, _, rest = text.partition(" ")
    if first.upper() in METHODS:
        path = rest.strip()
        if path and not path.startswith("/"):
            raise RuleError("/match/path", f"'{path}' is not a path (it starts with /)")
        return {"method": first.upper(), **({"path": path} if path else {})}
    if text.startswith("/"):
        return {"path": text}
    raise RuleError("/match", f"'{text}' is neither *, a method, a path nor 'METHOD /path'")


def _with_value(rule: dict[str, Any], word: str, value: str) -> None:
    if word == "delay":
        rule["delay"] = parse_compact_delay(value)
    elif word == "probability":
        try:
            rule["probability"] = float(value)
        except ValueError:
            raise RuleError("/probability", f"'{value}' is not a number") from None
    else:
        key = {"retry-after": "retryAfter"}.get(word, word)
        if not value.isdigit():
            raise RuleError(f"/{key}", f"'{value}' is not a whole number")
        rule[key] = int(value)


def parse_compact_delay(text: str) -> dict[str, Any]:
    """`100ms` -> `{"fixed": "100ms"}`; `50-300ms` or `50ms-300ms` -> a uniform delay."""
    text = text.strip()
    span = _RANGE.match(text)
    if span:
        low, low_unit, high, high_unit = span.groups()
        return {"uniform": [f"{low}{low_unit or high_unit}", f"{high}{high_unit}"]}
    return {"fixed": text}
