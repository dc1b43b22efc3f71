r"""OpenAPI `pattern`s checked as ECMA-262 regular expressions.

OpenAPI 3.0.3 (Schema Object, `pattern`) says a pattern is an ECMA-262 regular expression, and
that is how Swagger UI, Prism and every JavaScript client read it. jsonschema checks `pattern`
with Python's `re.search`, which reads the same text otherwise: `$` also matches before a final
newline (`vi1\n` passes `^vi[0-9A-Za-z]+$`), `\d` and `\w` take any Unicode digit or letter, and
`\Z` is an anchor where ECMA-262 sees a literal `Z`. The validators here swap that one keyword for
regress (the Rust `regress` ECMA-262 engine), so the server refuses exactly what a browser refuses.

Patterns compile in Unicode mode (flag `u`, as JSON Schema 2020-12 core, "Regular Expressions",
asks): a value is read as code points, and Python-only syntax (`\Z`, `(?P<name>`, inline flags) is
a compile error rather than a silent literal. Each pattern compiles once per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import regress
from connexion.datastructures import MediaTypeDict
from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator
from connexion.validators import VALIDATOR_MAP, JSONResponseBodyValidator, TextResponseBodyValidator
from jsonschema import Draft4Validator, Draft202012Validator, ValidationError
from jsonschema.validators import extend

FLAGS = "u"


class PatternError(ValueError):
    """A `pattern` that is not an ECMA-262 regular expression (in Unicode mode)."""


@cache
def compile_pattern(pattern: str) -> regress.Regex:
    """The compiled pattern; raises `PatternError` naming the pattern when it does not compile."""
    try:
        return regress.Regex(pattern, FLAGS)
    except regress.RegressError as exc:
        raise PatternError(f"pattern {pattern!r} is not an ECMA-262 regular expression: {exc}") from None


def matches(pattern: str, value: str) -> bool:
    """Whether `value` matches `pattern` somewhere (a `pattern` is not implicitly anchored)."""
    return compile_pattern(pattern).find(value) is not None


def _pattern_keyword(validator: Any, pattern: str, instance: Any, schema: dict) -> Iterator[ValidationError]:
    # The message is jsonschema's own, so error texts do not change with the engine.
    if validator.is_type(instance, "string") and not matches(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


EcmaDraft4Validator = extend(Draft4Validator, {"pattern": _pattern_keyword})
EcmaRequestValidator = extend(Draft4RequestValidator, {"pattern": _pattern_keyword})
EcmaResponseValidator = extend(Draft4ResponseValidator, {"pattern": _pattern_keyword})
# JSON Schema 2020-12 asks for ECMA-262 patterns too: the scenario files' schema.
EcmaDraft202012Validator = extend(Draft202012Validator, {"pattern": _pattern_keyword})


class EcmaBodyValidation:
    """Mixin for connexion's request body validators (JSON, form): their schema checked with
    ECMA-262 patterns. Connexion builds the jsonschema validator in this property."""

    _schema: dict

    @property
    def _validator(self) -> Any:
        return EcmaRequestValidator(self._schema, format_checker=Draft4Validator.FORMAT_CHECKER)


class JSONResponseValidator(JSONResponseBodyValidator):
    """`validate_responses` for JSON answers, with ECMA-262 patterns."""

    @property
    def validator(self) -> Any:
        return EcmaResponseValidator(self._schema, format_checker=Draft4Validator.FORMAT_CHECKER)


class TextResponseValidator(TextResponseBodyValidator):
    """`validate_responses` for `text/plain` answers, with ECMA-262 patterns."""

    @property
    def validator(self) -> Any:
        return EcmaResponseValidator(self._schema, format_checker=Draft4Validator.FORMAT_CHECKER)


RESPONSE_VALIDATORS = MediaTypeDict(
    {
        **VALIDATOR_MAP["response"],
        "*/*json": JSONResponseValidator,
        "text/plain": TextResponseValidator,
    }
)


def spec_patterns(node: Any, *, names: bool = False) -> Iterator[str]:
    """Every `pattern` string in a parsed spec (schemas, parameters, components), examples and
    defaults aside. `names`: `node` maps property names to schemas (a `properties` object)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if names:
                yield from spec_patterns(value)
            elif key == "pattern" and isinstance(value, str):
                yield value
            elif key not in _VALUES:
                yield from spec_patterns(value, names=key == "properties")
    elif isinstance(node, list):
        for item in node:
            yield from spec_patterns(item)


# Keywords whose content is data, not schema: a `pattern` key inside one is a value.
_VALUES = frozenset({"example", "examples", "default", "enum"})


def check_patterns(spec: dict, name: str) -> None:
    """Compile every pattern of `spec` now, so a spec with Python-only syntax fails at start-up
    (`PatternError` naming the spec file) rather than answering 500 to its first request."""
    for pattern in spec_patterns(spec):
        try:
            compile_pattern(pattern)
        except PatternError as exc:
            raise PatternError(f"{name}: {exc}") from None
