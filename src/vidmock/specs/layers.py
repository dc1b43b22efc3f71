"""Three of Connexion's own layers, doing the same work for less on each request.

Routing: stock Connexion routes through a Starlette router that tries each API's mount in
turn, then each of the API's routes in turn: a regular expression each, for every request. The
mount whose base path starts the request's path is the one Starlette would match first (mounts
never match in part), so it is found with a string comparison. Within it only the routes that
can match are tried, in their order: those whose first path segment is the request's, or a
parameter. The first of them to match fully is the route Starlette would have taken, and it is
handled as Starlette handles a match. Anything else (no route matches, a method the route
lacks, a slash to redirect) goes to the stock routers, as before.

Request validation: stock Connexion makes a URI parser and a parameter validator for every
request, from the operation's parameters, though neither holds anything of the request. They
are made once per operation here. A request with a body the operation takes goes through
Connexion's own path whole: its body validator is made per request, as it holds the body.

Security: the request the credentials are read from is a `DirectRequest`, whose `scope` and
`headers` are read without an `AttributeError` raised and dropped first.
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
from connexion.middleware.security import SecurityAPI, SecurityMiddleware, SecurityOperation
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.types import Receive, Scope, Send

from vidmock.http.requests import DirectRequest


class PrefixRouting(RoutingMiddleware):
    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self._by_segment: dict[int, _RoutesBySegment] = {}  # by the mount's id

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
        for route in self._candidates(mount, route_path(scope)):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
        await mount.handle(scope, receive, send)

    def _mount_for(self, scope: Scope) -> Mount | None:
        path = route_path(scope)
        for mount in self.router.routes:  # in the order added, as Starlette tries them
            if path.startswith(mount.path + "/"):
                return mount
        return None

    def _candidates(self, mount: Mount, path: str) -> list[BaseRoute]:
        if not path.startswith("/"):
            return []
        index = self._by_segment.get(id(mount))
        if index is None:
            index = self._by_segment[id(mount)] = _RoutesBySegment(mount.routes)
        return index.candidates(path.split("/", 2)[1])


class _RoutesBySegment:
    """An API's routes by the literal first segment of their path: for each, the routes that
    start with it or with a parameter, in the API's order."""

    def __init__(self, routes: list[BaseRoute]) -> None:
        firsts = [_literal_first_segment(route) for route in routes]
        self._anywhere = [route for route, first in zip(routes, firsts, strict=True) if first is None]
        self._by_segment = {
            segment: [route for route, first in zip(routes, firsts, strict=True) if first in (segment, None)]
            for segment in set(firsts) - {None}
        }

    def candidates(self, segment: str) -> list[BaseRoute]:
        return self._by_segment.get(segment, self._anywhere)


def _literal_first_segment(route: BaseRoute) -> str | None:
    path = getattr(route, "path", None)
    if not isinstance(route, Route) or not path or not path.startswith("/"):
        return None
    segment = path.split("/", 2)[1]
    return None if "{" in segment else segment


def route_path(scope: Scope) -> str:
    """The path below the `root_path`, as Starlette routes it."""
    path, root = scope["path"], scope.get("root_path", "")
    if not root or not path.startswith(root):
        return path
    if path == root:
        return ""
    return path[len(root) :] if path[len(root)] == "/" else path


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


class _SecuredDirectly(SecurityOperation):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.security:
            await self.verification_fn(DirectRequest(scope))
        await self.next_app(scope, receive, send)


class _SecuredDirectlyApi(SecurityAPI):
    def make_operation(self, operation: Any) -> SecurityOperation:
        return _SecuredDirectly.from_operation(
            operation, next_app=self.next_app, security_handler_factory=self.security_handler_factory
        )


class DirectSecurity(SecurityMiddleware):
    api_cls = _SecuredDirectlyApi
