"""Which Python function serves each operation of a spec.

Every operation carries the name a client knows it by in `operationId` (api.video's own
`LIST-videos`, `POST-video`; elsewhere a camelCase name such as `listViews`), which is what a
generated client, the journal, fault rules and the dashboard show. The function serving it is
named beside it by its import path:

    get:
      operationId: LIST-videos
      x-vidmock-handler: vidmock.apis.apivideo.videos.operations.list_videos

so adding an operation to a spec is those two lines. An operation without the extension is served
by the function its operationId names (Connexion's own rule); the spec tests hold every served
spec to the extension."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connexion.resolver import Resolver
from connexion.utils import get_function_from_name

EXTENSION = "x-vidmock-handler"
_VERBS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def handler_paths(spec: Mapping[str, Any]) -> dict[str, str]:
    """`{operationId: import path of the function serving it}` of every operation of `spec`."""
    found = {}
    for item in spec.get("paths", {}).values():
        for verb in _VERBS:
            operation = item.get(verb)
            if operation and "operationId" in operation:
                found[operation["operationId"]] = operation.get(EXTENSION, operation["operationId"])
    return found


def resolver(spec: Mapping[str, Any]) -> Resolver:
    """A Connexion resolver serving each operation of `spec` with its `x-vidmock-handler`; the
    operation keeps its operationId (what Connexion's router puts in the request scope)."""
    paths = handler_paths(spec)
    return Resolver(lambda operation_id: get_function_from_name(paths.get(operation_id, operation_id)))
