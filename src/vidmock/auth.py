"""Credentials every bearer-style API shares: the fixed development token and the JWTs
that the mock's own token endpoints issue, valid until they expire on the mock's clock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vidmock.clock import Clock
from vidmock.http.errors import ApiError

ALGORITHM = "HS256"


@dataclass(frozen=True)
class IssuedToken:
    value: str
    expires_in: int
    claims: dict[str, Any]


class Tokens:
    def __init__(
        self,
        signing_key: str,
        dev_token: str,
        clock: Clock,
        serial_prefix: str = "",
        tenant: str | None = None,
    ) -> None:
        self._key = signing_key
        # A tenant's tokens carry its name (claim `tenant`) and only its own are accepted: one
        # signing key serves every tenant, yet a token never crosses from one world to another.
        self._tenant = tenant
        self.dev_token = dev_token
        self._clock = clock
        self._serial = 0
        # Set when several processes issue tokens with one key, so no two share a `jti`.
        self._serial_prefix = serial_prefix

    def issue(self, api: str, subject: str, ttl_seconds: int, **claims: Any) -> IssuedToken:
        """A signed JWT for `api` that expires `ttl_seconds` after the clock's now."""
        now = int(self._clock.timestamp())
        # The serial keeps two tokens issued in the same second distinct.
        self._serial += 1
        body = {
            "iss": "vidmock",
            "aud": api,
            "sub": subject,
            "iat": now,
            "exp": now + ttl_seconds,
            "jti": f"{now}-{self._serial_prefix}{self._serial}",
            **claims,
        }
        if self._tenant is not None:
            body["tenant"] = self._tenant
        import jwt  # here: PyJWT loads its crypto backends, 40 ms a mock on the dev token never needs

        return IssuedToken(jwt.encode(body, self._key, algorithm=ALGORITHM), ttl_seconds, body)

    def verify(self, token: str, api: str) -> dict[str, Any] | None:
        """The claims of a valid credential for `api`, or None.

        Expiry is checked against the mock's clock, not the wall clock, so a test can
        advance time and watch a token expire."""
        if token == self.dev_token:
            return {"sub": "dev", "aud": api, "dev": True}
        import jwt

        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=api,
                options={"verify_exp": False, "verify_iat": False},
            )
        except jwt.InvalidTokenError:
            return None
        if claims.get("tenant") != self._tenant:
            return None
        if claims.get("exp", 0) <= self._clock.timestamp():
            return None
        return claims

    def require(self, token: str, api: str) -> dict[str, Any]:
        """The claims of a valid credential for `api`; a 401 naming the reason otherwise."""
        claims = self.verify(token, api)
        if claims is None:
            raise token_refused()
        return claims


def token_refused() -> ApiError:
    """The 401 of a credential `Tokens.require` does not accept."""
    return ApiError(401, "The token is not valid: it is unknown, malformed, for another API or expired")
