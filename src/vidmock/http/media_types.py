"""Media types (RFC 9110 §8.3) parsed once, the same way, wherever the mock reads one.

Type, subtype and parameter names are case-insensitive, whitespace may surround the `;`
separators and parameter values may be quoted strings. Werkzeug's header parser (already
installed with Flask) does the tokenising; this module adds what it leaves out: it refuses
what is not `type "/" subtype`, and it writes the one canonical form the rest of the stack
compares against.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from werkzeug.http import parse_options_header, quote_header_value

# RFC 9110 §5.6.2: token = 1*tchar.
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_TYPE_SUBTYPE = re.compile(rf"({_TOKEN})/({_TOKEN})")
FORM = "application/x-www-form-urlencoded"


class MediaTypeError(ValueError):
    """A `Content-Type` value that is not a media type."""


class UnsupportedCharset(MediaTypeError):
    """A well-formed media type whose charset Python cannot decode."""


@dataclass(frozen=True)
class MediaType:
    """`type/subtype` and parameters, all names lowercased; a `charset` value lowercased too
    (RFC 9110 §8.3.2: charset names are case-insensitive)."""

    type: str
    subtype: str
    parameters: tuple[tuple[str, str], ...] = ()

    @property
    def essence(self) -> str:
        """`type/subtype`, e.g. `application/json`."""
        return f"{self.type}/{self.subtype}"

    @property
    def charset(self) -> str | None:
        return dict(self.parameters).get("charset")

    @property
    def is_json(self) -> bool:
        """JSON under any name: `*/json` or a `+json` structured suffix (RFC 6839 §3.1)."""
        return self.subtype == "json" or self.subtype.endswith("+json")

    def canonical(self) -> str:
        """`type/subtype;name=value`, no whitespace, values quoted only where they must be.

        No spaces because Connexion finds the charset by `parameter.startswith("charset=")`."""
        params = "".join(f";{name}={quote_header_value(value)}" for name, value in self.parameters)
        return self.essence + params


def parse_media_type(value: str) -> MediaType:
    """Parse a `Content-Type` field value, e.g. `Application/JSON; Charset="UTF-8"`.

    Raises `MediaTypeError` when the value is not `type/subtype` followed by parameters, and
    `UnsupportedCharset` when its charset is not one Python knows (`codecs.lookup`)."""
    essence, options = parse_options_header(value)
    match = _TYPE_SUBTYPE.fullmatch(essence.strip())
    if match is None:
        raise MediaTypeError(f"'{value}' is not a media type (expected type/subtype, e.g. application/json)")
    parameters = tuple((name.lower(), _value(name.lower(), text)) for name, text in options.items())
    media_type = MediaType(match.group(1).lower(), match.group(2).lower(), parameters)
    if media_type.charset is not None:
        try:
            codecs.lookup(media_type.charset)
        except LookupError:
            raise UnsupportedCharset(f"charset '{media_type.charset}' is not supported") from None
    return media_type


def _value(name: str, text: str) -> str:
    return text.lower() if name == "charset" else text
