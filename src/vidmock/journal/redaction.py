"""Credentials out of the journal: every secret an app sends or the mock issues is replaced by
a short fingerprint (`sha256:` + the first 8 hex digits of its SHA-256), so a test can still
tell which credential was used without the journal ever holding one in clear.

What counts as a secret, from the most to the least structured:
- header, query, form and JSON field names: the generic credential names of HTTP and OAuth 2.0
  (RFC 9110 `Authorization`, RFC 6265 cookies, RFC 6749 `client_secret`, `access_token`, ...),
  each vendor's own (`VendorApi.secret_fields`) and the `apiKey` parameters its spec declares;
  names compare without regard to case, `-` or `_` (`api_key` is `apiKey` is `Api-Key`);
- JWT-shaped strings (RFC 7519 compact form) wherever they stand;
- the configured development credentials (dev token, client secret, API keys, passwords),
  wherever they stand, even inside an error message that quotes one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus

from vidmock.http.json_bodies import MAX_DEPTH, nesting_depth
from vidmock.specs.documents import shared

if TYPE_CHECKING:
    from vidmock.config import Config
    from vidmock.vendor import VendorApi

# Names whose values are credentials in every API (HTTP auth, cookies, OAuth 2.0, API keys).
GENERIC_SECRET_NAMES = (
    "Authorization",
    "Proxy-Authorization",
    "Cookie",
    "Set-Cookie",
    "X-Api-Key",
    "api_key",
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "password",
)
# `Authorization: <scheme> <credentials>`: the scheme stays readable (RFC 9110 §11.4).
AUTHORIZATION_HEADERS = frozenset({"authorization", "proxyauthorization"})
COOKIE_HEADERS = frozenset({"cookie", "setcookie"})
JWT_START = "eyJ"  # `{"` in base64url: every JWT header starts so
JWT = re.compile(JWT_START + r"[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# `"name": "value"` in JSON text that could not be parsed (a cut body, say).
JSON_STRING_MEMBER = re.compile(r'("((?:[^"\\]|\\.)*)"\s*:\s*")((?:[^"\\]|\\.)*)"')
# Known values shorter than this are too likely to be ordinary words to be replaced everywhere.
MIN_KNOWN_VALUE = 6


def fingerprint(value: str | bytes) -> str:
    """`sha256:` + the first 8 hex digits of the value's SHA-256 (UTF-8 for text)."""
    data = value.encode() if isinstance(value, str) else value
    return "sha256:" + hashlib.sha256(data).hexdigest()[:8]


def normalized(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "")


@cache
def spec_credential_names(spec: str) -> frozenset[str]:
    """The header, query and cookie names of the spec's `apiKey` security schemes."""
    schemes = shared(spec).get("components", {}).get("securitySchemes", {})
    return frozenset(s["name"] for s in schemes.values() if s.get("type") == "apiKey" and "name" in s)


class Redactor:
    """Replaces credentials by fingerprints in headers, query strings, form and JSON bodies and
    free text. Built once per app; every method is pure."""

    def __init__(self, names: Iterable[str], known_values: Iterable[str] = ()) -> None:
        self.names = frozenset(normalized(n) for n in (*GENERIC_SECRET_NAMES, *names))
        values = sorted({v for v in known_values if v and len(v) >= MIN_KNOWN_VALUE}, key=len, reverse=True)
        self._literals = tuple(values)
        # Longest first, so a value containing another is replaced whole.
        self._values = re.compile("|".join([JWT.pattern, *(re.escape(v) for v in values)]))
        self.is_secret = cache(self._is_secret)

    def _is_secret(self, name: str) -> bool:
        return normalized(name) in self.names

    def holds_values(self, text: str) -> bool:
        """Whether a JWT or a known credential may stand in `text`: substring tests, much faster
        than the one regex that replaces them."""
        return JWT_START in text or any(literal in text for literal in self._literals)

    def text(self, value: str) -> str:
        """JWTs and known credentials anywhere in `value` replaced by their fingerprints."""
        if not self.holds_values(value):
            return value
        return self._values.sub(lambda m: fingerprint(m.group()), value)

    def header(self, name: str, value: str) -> str:
        key = normalized(name)
        if key in AUTHORIZATION_HEADERS:
            scheme, space, credentials = value.strip().partition(" ")
            if space and credentials.strip():
                return f"{scheme} {fingerprint(credentials.strip())}"
            return fingerprint(value)
        if key in COOKIE_HEADERS:
            return self._cookies(value, attributes=key == "setcookie")
        if key in self.names:
            return fingerprint(value)
        return self.text(value)

    def query(self, query: str) -> str:
        """A query string (or a form body) with the values of secret names fingerprinted; every
        other byte as sent."""
        if not query:
            return query
        parts = []
        for part in query.split("&"):
            name, equals, value = part.partition("=")
            if equals and self.is_secret(unquote_plus(name)):
                part = f"{name}={fingerprint(unquote_plus(value))}"
            parts.append(self.text(part))
        return "&".join(parts)

    def json(self, value: Any) -> Any:
        """A parsed JSON document with secret members fingerprinted (their whole value, even
        when it is an object), JWTs and known credentials in strings too."""
        if isinstance(value, dict):
            return {
                key: self._secret_member(member) if self.is_secret(key) else self.json(member)
                for key, member in value.items()
            }
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def parse_json(self, text: str) -> tuple[Any, bool]:
        """`text` parsed and redacted as by `json()`, and whether anything was redacted;
        ValueError when it is not JSON. Secret members go as the parser builds each object, so
        a document with no JWT or known credential in it is never walked again."""
        if nesting_depth(text) > MAX_DEPTH:
            # Python's parser recurses per level; a body the API refused for its depth is kept as text.
            raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
        redacted = False

        def members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            nonlocal redacted
            found = {}
            for key, member in pairs:
                if self.is_secret(key):
                    redacted = True
                    member = self._secret_member(member)
                found[key] = member
            return found

        document = json.loads(text, object_pairs_hook=members)
        if self.holds_values(text):
            return self._strings(document), True
        return document, redacted

    def _strings(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: self._strings(member) for key, member in value.items()}
        if isinstance(value, list):
            return [self._strings(item) for item in value]
        return self.text(value) if isinstance(value, str) else value

    def json_text(self, value: str) -> str:
        """JSON text that could not be parsed: string members with secret names fingerprinted."""

        def member(match: re.Match[str]) -> str:
            if not self.is_secret(match.group(2)):
                return match.group()
            return f'{match.group(1)}{fingerprint(match.group(3))}"'

        # A member name that is a secret's is one in the normalised text too: without one, the
        # member-by-member regex (the slow part, over a large response cut at the limit) is moot.
        plain = normalized(value)
        if not any(name in plain for name in self.names):
            return self.text(value)
        return self.text(JSON_STRING_MEMBER.sub(member, value))

    def _secret_member(self, value: Any) -> Any:
        if value is None:
            return None
        return fingerprint(value if isinstance(value, str) else json.dumps(value, sort_keys=True))

    def _cookies(self, value: str, *, attributes: bool) -> str:
        # `Cookie: a=1; b=2` holds cookies only (RFC 6265 §4.2); `Set-Cookie: a=1; Path=/;
        # HttpOnly` one cookie, then its attributes, which stay readable (§4.1).
        pairs = [pair.strip() for pair in value.split(";")]
        cookies, kept = (pairs[:1], pairs[1:]) if attributes else (pairs, [])
        redacted = []
        for pair in cookies:
            name, equals, cookie = pair.partition("=")
            redacted.append(f"{name}={fingerprint(cookie)}" if equals else fingerprint(name))
        return "; ".join(redacted + kept)


def redactor_for(apis: Iterable[VendorApi], config: Config) -> Redactor:
    """Every vendor's secret fields and spec credentials, and the configured credentials."""
    apis = list(apis)
    names = [name for api in apis for name in api.secret_fields]
    names += [name for api in apis for mount in api.mounts for name in spec_credential_names(mount.spec)]
    known = [config.dev_token, config.client_secret, config.admin_token or ""]
    known += [value for api in apis for value in api.dev_secrets]
    return Redactor(names, known)
