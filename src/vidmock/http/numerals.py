"""Parameters read as the types their schemas name, from text spelled as JSON spells numbers.

Python's `int()` and `float()` accept more than a number's JSON spelling (RFC 8259 §6):
`1_000`, ` 5`, `+5` and digits of other scripts (`٣`). A parameter is coerced to an integer or
a number only when its text is such a numeral, so anything else stays text and the parameter
validator refuses it naming the parameter. `NaN` and `Infinity` are read as floats so that the
validator can say they are not finite.

Numbers read out of other text (a header's, a form field's, a file's) are bounded with
`exact_integer` before they go anywhere: the store holds signed 64-bit integers only.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from connexion.exceptions import TypeValidationError
from connexion.utils import coerce_type

# 2^53 - 1: the largest integer every JSON client reads exactly (RFC 8259 §6, I-JSON RFC 7493
# §2.2), and far inside the store's signed 64 bits, so a sum of a few of them fits as well.
LARGEST_EXACT = 2**53 - 1

_NUMERALS = {
    "integer": re.compile(r"-?[0-9]+"),
    "number": re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?|[+-]?(nan|inf|infinity)", re.IGNORECASE),
}


def coerce(definition: dict[str, Any], value: Any, location: str, name: str) -> Any:
    """`value` (text, or a list of texts for an array) as the schema's type where it reads as
    one; what does not stays as it came, for the validator to refuse."""
    schema = definition.get("schema", definition)
    if schema.get("type") == "array" and isinstance(value, list):
        items = {"schema": schema.get("items", {})}
        return [coerce(items, item, location, name) for item in value]
    numeral = _NUMERALS.get(schema.get("type"))
    if numeral is not None and isinstance(value, str) and not numeral.fullmatch(value):
        return value
    with contextlib.suppress(TypeValidationError):
        return coerce_type(definition, value, location, name)
    return value


def exact_integer(digits: str, largest: int = LARGEST_EXACT) -> int | None:
    """The integer the ASCII `digits` spell, or None when it is larger than `largest`. The
    length is judged first, so a numeral of any length is cheap to refuse (Python will not even
    read one of more than 4300 digits)."""
    significant = digits.lstrip("0")
    if len(significant) > len(str(largest)):
        return None
    value = int(significant) if significant else 0
    return value if value <= largest else None
