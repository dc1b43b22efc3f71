"""Connexion operations decorated once, at start-up.

Stock Connexion 3.3 wraps each handler in its parameter and response decorators on every
request (`AsyncOperation.fn` builds a new decorator, whose wrapper calls `decorate` again),
and each wrapping reads the handler's signature with `inspect.signature` three times. None
of that depends on the request: the request-dependent parts (the parsed request, the operation
in the context) are read inside the decorated function when it runs. What the operation fixes
for the handler's arguments (its parameter lists, their defaults, its URI parser) is worked
out on its first request, not on each.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from connexion.apps.asynchronous import AsyncApi, AsyncOperation
from connexion.context import context, operation, receive, scope
from connexion.decorators import StarletteDecorator
from connexion.decorators.parameter import (
    CONTEXT_NAME,
    AsyncParameterDecorator,
    _get_query_defaults,
    _get_val_from_param,
    unwrap_decorators,
)
from connexion.lifecycle import ConnexionRequest
from connexion.utils import deep_merge, inspect_function_arguments

from vidmock.http.body_limit import declares_body
from vidmock.http.file_parts import renamed_part
from vidmock.http.json_bodies import parsed_body
from vidmock.http.requests import DirectRequest
from vidmock.http.validators import CHECKED_QUERY


class _ValidatedBodyRequest(DirectRequest):
    """The body a handler gets is the value the JSON body validator parsed and checked.

    Stock Connexion reads the bytes again for the handler, its own way: as UTF-8 whatever the
    validator decoded, and as raw bytes under `text/json` or without a `Content-Type` (where
    the validator had read JSON), so the two could see different bodies. A multipart body is
    read again too; its one file part gets the field name the validator read it as
    (`vidmock.http.file_parts`). The query is the one the parameter validator read and checked,
    not read a second time."""

    @property
    def query_params(self) -> dict[str, Any]:
        checked = self.scope.get("state", {}).get(CHECKED_QUERY)
        return checked if checked is not None else super().query_params

    async def get_body(self) -> Any:
        parsed, value = parsed_body(self.scope)
        return value if parsed else await super().get_body()

    async def _split_form_files(self) -> None:
        await super()._split_form_files()
        renamed = renamed_part(self.scope)
        if renamed is not None:
            sent_as, field = renamed
            self._files[field] = self._files.pop(sent_as)


class _Arguments(AsyncParameterDecorator):
    """Connexion's parameter decorator, with what the operation fixes worked out once.

    For a request with no body to an operation that takes none (every read), the handler's
    arguments are its path and query parameters and the security context, made as Connexion
    makes them, without its per-request copies of the operation's parameter lists and without
    looking for a body or form files that cannot be there. Anything else goes to Connexion's."""

    def __call__(self, function: Callable) -> Callable:
        arguments, has_kwargs = inspect_function_arguments(unwrap_decorators(function))
        stock = super().__call__(function)
        # Connexion runs a regular expression over each name on each request; the names an
        # operation is sent are few (strict validation refuses the undeclared ones).
        sanitize = functools.lru_cache(maxsize=256)(self.sanitize_fn)

        @functools.cache
        def plan() -> _Plan:
            # Worked out on the first request: the operation is in Connexion's context there.
            return _Plan.of(operation)

        @functools.wraps(function)
        async def wrapper(request: ConnexionRequest) -> Any:
            fixed = plan()
            if fixed.takes_body or declares_body(request.scope):
                return await stock(request)
            kwargs = {}
            for name, value in request.path_params.items():
                known = fixed.path.get(name)
                kwargs[sanitize(name)] = value if known is None else _get_val_from_param(value, known)
            query = request.query_params
            if fixed.flat_defaults:
                query = {**fixed.query_defaults, **query}
            elif fixed.query_defaults:
                query = deep_merge(copy.deepcopy(fixed.query_defaults), query)
            # Connexion's `_query_args_helper`, less its three debug log calls a parameter.
            for key, value in query.items():
                name, known = sanitize(key), fixed.query.get(key)
                if known is not None and (has_kwargs or name in arguments):
                    kwargs[name] = _get_val_from_param(value, known)
            for key, value in context.items():
                if has_kwargs or key in arguments:
                    kwargs[key] = value
            if CONTEXT_NAME in arguments:
                kwargs[CONTEXT_NAME] = context
            return await function(**kwargs)

        return wrapper


@dataclass(frozen=True)
class _Plan:
    """What an operation fixes for its handler's arguments."""

    takes_body: bool
    path: dict[str, dict]
    query: dict[str, dict]
    query_defaults: dict[str, Any]
    # Defaults none of which is a list or an object: merged into the query as they are (Connexion
    # deep-copies and deep-merges them, for objects, on every request).
    flat_defaults: bool

    @classmethod
    def of(cls, fixed: Any) -> _Plan:
        query = {p["name"]: p for p in fixed.parameters if p["in"] == "query"}
        defaults = _get_query_defaults(query)
        return cls(
            fixed.is_request_body_defined,
            {p["name"]: p for p in fixed.parameters if p["in"] == "path"},
            query,
            defaults,
            bool(defaults) and not any(isinstance(value, (dict, list)) for value in defaults.values()),
        )


class _DecorateOnce(StarletteDecorator):
    @property
    def _parameter_decorator_cls(self) -> type[AsyncParameterDecorator]:
        return _Arguments

    @functools.cached_property
    def _uri_parser(self) -> Any:
        # Made on the first request (the operation is known there) and kept: Connexion makes
        # one per request, though nothing it holds depends on the request.
        return self.uri_parser

    def __call__(self, function: Callable) -> Callable:
        decorated = self.decorate(function)

        @functools.wraps(function)
        async def wrapper(*_args: Any, **_kwargs: Any) -> Any:
            request = _ValidatedBodyRequest(scope, receive, uri_parser=self._uri_parser)
            return await decorated(request)

        return wrapper


class OnceDecoratedOperation(AsyncOperation):
    @functools.cached_property
    def fn(self) -> Callable:
        return _DecorateOnce(pythonic_params=self.pythonic_params, jsonifier=self.jsonifier)(self._fn)


class OnceDecoratedApi(AsyncApi):
    def make_operation(self, operation) -> AsyncOperation:
        return OnceDecoratedOperation.from_operation(
            operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )
