"""Two of Connexion's own layers, doing the same work for less on each request.

Routing: stock Connexion routes through a Starlette router that tries each API's mount in
turn, a regular expression and a new child scope per API for every request, before the API's
own routes are tried. The mount whose base path starts the request's path is the one Starlette
would match first (mounts never match in part), so it is found with a string comparison and
handled as Starlette's router handles a match. A path under no base path goes to the stock
router, for its slash redirects and its default.

Request validation: stock Connexion makes a URI parser and a parameter validator for every
request, from the operation's parameters, though neither holds anything of the request. They
are made once per operation here. A request with a body the operation takes goes through
Connexion's own path whole: its body validator is made per request, as it holds the body.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.middleware.routing import RoutingMiddleware, _scope
from starlette.routing import Match, Mount
from starlette.types import Receive, Scope, Send


class PrefixRouting(RoutingMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        mount = self._mount_for(scope) if scope["type"] == "http" else None
        if mount is None:
            await super().__call__(scope, receive, send)
            return
        match, child_scope = mount.matches(scope)
        if match is not Match.FULL:
            await super().__call__(scope, receive, send)
            return
        _scope.set(scope.copy())
        scope.setdefault("router", self.router)
        scope["route"] = mount
        scope.update(child_scope)
        await mount.handle(scope, receive, send)

    def _mount_for(self, scope: Scope) -> Mount | None:
        path, root = scope["path"], scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        for mount in self.router.routes:  # in the order added, as Starlette tries them
            if path.startswith(mount.path + "/"):
                return mount
        return None


class _ValidatedOnce(RequestValidationOperation):
    @cached_property
    def _parameters(self) -> Any:
        operation = self._operation
        return self._validator_map["parameter"](
            operation.parameters,
            uri_parser=operation._uri_parser_class(operation.parameters, operation.body_definition()),
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        mime_type, _encoding = self.extract_content_type(scope["headers"])
        if self._operation.body_schema(mime_type):
            await super().__call__(scope, receive, send)
            return
        # As Connexion orders them: the parameters, then the media type.
        self._parameters.validate(scope)
        self.validate_mime_type(mime_type)
        await self.next_app(scope, receive, send)


class _ValidatedOnceApi(RequestValidationAPI):
    def make_operation(self, operation: Any) -> RequestValidationOperation:
        return _ValidatedOnce(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class ValidationOnce(RequestValidationMiddleware):
    api_cls = _ValidatedOnceApi
