"""What contract tests must know of Syngrafii that a schema cannot say: the body's `packageId`
must name the package of the path."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote


def align_package_ids(path_parameters: dict[str, Any] | None, body: Any) -> None:
    """Copy the path's packageId into a generated body, where both are present. Schemathesis
    keeps path parameters percent-encoded; the body needs the value the server decodes."""
    if path_parameters and isinstance(body, dict) and isinstance(path_parameters.get("packageId"), str):
        body["packageId"] = unquote(path_parameters["packageId"])
