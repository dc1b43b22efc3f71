"""vidmock's own OpenAPI documents are checked against OpenAPI's schema by the test suite, with
Connexion's validator and an independent one (tests/test_spec_validity.py). Connexion checks a
document again each time an app adds it: for vidmock's eight, about half a second of every
start-up, and of every app a test builds, spent re-proving what the shipped files already are."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from connexion.spec import OpenAPISpecification


def _checked_already(_cls: type, _spec: dict[str, Any]) -> None:
    return None


@contextmanager
def checked_in_tests() -> Iterator[None]:
    """While the block runs, Connexion adds OpenAPI documents without checking them against
    OpenAPI's schema: for vidmock's own documents only (an app of the user's, built meanwhile in
    another thread, would skip its check too; it is not one vidmock builds)."""
    own = OpenAPISpecification.__dict__.get("_validate_spec")
    OpenAPISpecification._validate_spec = classmethod(_checked_already)
    try:
        yield
    finally:
        if own is None:
            del OpenAPISpecification._validate_spec
        else:
            OpenAPISpecification._validate_spec = own
