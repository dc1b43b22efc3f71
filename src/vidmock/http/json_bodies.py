"""JSON request bodies parsed strictly (RFC 8259), with nesting bounded before parsing.

- JSON is UTF-8 (RFC 8259 §8.1): the bytes are decoded as UTF-8 and nothing else, so a body
  has one text whatever reads it.
- `NaN`, `Infinity` and `-Infinity` are not JSON (RFC 8259 §6), and neither is a number too
  large for a double (`1e400`, which Python would read as infinity): each is a 400 naming its
  place as a JSON pointer (RFC 6901).
- Nesting is bounded at `MAX_DEPTH` levels of arrays and objects, counted without recursion
  before the text reaches the (recursive) parser, so neither parsing, schema validation nor
  anything after them can exhaust the stack.
- A name given twice in one object, at any depth, is a 400 naming the member by its JSON
  pointer: RFC 8259 §4 leaves such a body's meaning unpredictable (Python keeps the last value,
  other parsers the first), and the mock never guesses which value was meant.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Mapping, MutableMapping
from itertools import accumulate
from typing import Any

# Far deeper than any body the vendors' schemas describe (the deepest is 3 levels), and far
# below Python's recursion limit.
MAX_DEPTH = 64

# A JSON string, escapes included, matched without backtracking (the "unrolled loop").
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# Where the body validator leaves the value it parsed, in the request's ASGI scope.
_PARSED = "vidmock.json_body"


class JSONBodyError(ValueError):
    """Why a body was refused: `detail` for people, `pointer` (RFC 6901) to the place, `""` for
    the body as a whole, and `rule`, the JSON Schema keyword it amounts to, if any."""

    def __init__(self, detail: str, pointer: str = "", rule: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.pointer = pointer
        self.rule = rule


class _NotANumber:
    """Stands in for a literal the parser met that is not a JSON number, until its place is known."""

    def __init__(self, text: str) -> None:
        self.text = text


class _Members:
    """Stands in for an object in which a name is given twice, until its place is known."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        self.pairs = pairs


class _Repeated:
    """The second occurrence of `name` in the object at `container` (a JSON pointer)."""

    def __init__(self, name: str, container: str) -> None:
        self.name = name
        self.container = container


def is_utf8(charset: str | None) -> bool:
    """Whether a `Content-Type` charset lets a JSON body through: none, or UTF-8 under any name
    Python knows (`utf-8`, `UTF8`). RFC 8259 §8.1: JSON exchanged between systems is UTF-8."""
    if charset is None:
        return True
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def parse_json_body(raw: bytes) -> Any:
    """The body's value, decoded as UTF-8; None for an empty body.

    Raises `JSONBodyError` (pointer `""` for the body as a whole) for bytes that are not UTF-8
    or text that is not JSON, nesting deeper than `MAX_DEPTH`; and, with the pointer of the first
    in document order, for NaN/Infinity/out-of-range numbers (the value) and a name given twice
    in one object (the member)."""
    if not raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JSONBodyError(f"Malformed JSON body: {exc}") from None
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise JSONBodyError(f"JSON body nested {depth} levels deep; at most {MAX_DEPTH} are accepted")
    # The parser cannot say where it is: what is wrong is marked in place, and found afterwards.
    marked = False

    def not_a_number(literal: str) -> _NotANumber:
        nonlocal marked
        marked = True
        return _NotANumber(literal)

    def finite(literal: str) -> float | _NotANumber:
        value = float(literal)
        return value if math.isfinite(value) else not_a_number(literal)

    def members(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Members:
        nonlocal marked
        found = dict(pairs)
        if len(found) == len(pairs):
            return found
        marked = True
        return _Members(pairs)

    try:
        value = json.loads(text, parse_constant=not_a_number, parse_float=finite, object_pairs_hook=members)
    except ValueError as exc:
        raise JSONBodyError(f"Malformed JSON body: {exc}") from None
    if marked:
        raise _first_problem(value)
    return value


def keep_parsed(scope: MutableMapping[str, Any], value: Any) -> None:
    """Keeps a body's parsed value with its request (ASGI `scope`), for `parsed_body`."""
    scope.setdefault("extensions", {})[_PARSED] = value


def parsed_body(scope: Mapping[str, Any]) -> tuple[bool, Any]:
    """(True, the value `keep_parsed` kept) or (False, None) when no body was parsed: so the
    handler gets the very value the validator checked, never a second reading of the bytes."""
    extensions = scope.get("extensions") or {}
    return (True, extensions[_PARSED]) if _PARSED in extensions else (False, None)


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in `text`, brackets inside strings ignored."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(_DEPTH_STEP[b] for b in brackets), default=0)


def _first_problem(value: Any) -> JSONBodyError:
    # Depth-first in document order; iterative although depth is already bounded.
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, _NotANumber):
            detail = f"{node.text} is not a JSON number (RFC 8259 allows finite numbers only)"
            return JSONBodyError(detail, pointer, rule="type")
        if isinstance(node, _Repeated):
            where = f" (at '{node.container[1:]}')" if node.container else ""
            detail = (
                f"'{node.name}' is given more than once{where}: names in a JSON object must be "
                "unique (RFC 8259 §4), and which value was meant is not guessed"
            )
            return JSONBodyError(detail, pointer)
        if isinstance(node, _Members):
            stack.extend(reversed(_members_to_repeat(pointer, node.pairs)))
        elif isinstance(node, dict):
            stack.extend((f"{pointer}/{_escape(k)}", v) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in reversed(list(enumerate(node))))
    raise AssertionError("a marked body holds a mark")


def _members_to_repeat(pointer: str, pairs: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The members up to the first name seen before, which stands as a `_Repeated`: nothing
    after it in the document comes earlier."""
    seen: set[str] = set()
    members: list[tuple[str, Any]] = []
    for name, member in pairs:
        if name in seen:
            members.append((f"{pointer}/{_escape(name)}", _Repeated(name, pointer)))
            break
        seen.add(name)
        members.append((f"{pointer}/{_escape(name)}", member))
    return members


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
