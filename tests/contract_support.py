"""What every in-process Schemathesis test shares: its settings, and the guard against a run
that passes only because the development credentials were refused everywhere."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def positive(case) -> bool:
    return bool(case.meta) and case.meta.generation.mode == schemathesis.GenerationMode.POSITIVE


def dev_credentials_accepted(header: str, value: str):
    """A check failing any positive case where `header: value` was sent and refused (401/403)."""

    def credentials_accepted(ctx, response, case):
        sent = (case.headers or {}).get(header)
        if positive(case) and response.status_code in (401, 403) and sent == value:
            raise AssertionError(
                f"{case.operation.label}: the dev credentials were refused ({response.status_code})"
            )

    return credentials_accepted
