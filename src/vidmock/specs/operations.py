"""Connexion operations decorated once, at start-up.

Stock Connexion 3.3 wraps each handler in its parameter and response decorators on every
request (`AsyncOperation.fn` builds a new decorator, whose wrapper calls `decorate` again),
and each wrapping reads the handler's signature with `inspect.signature` three times. None
of that depends on the request: the request-dependent parts (the parsed request, the operation
in the context) are read inside the decorated function when it runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from connexion.apps.asynchronous import AsyncApi, AsyncOperation
from connexion.context import receive, scope
from connexion.decorators import StarletteDecorator
from connexion.lifecycle import ConnexionRequest

from vidmock.http.file_parts import renamed_part
from vidmock.http.json_bodies import parsed_body
from vidmock.http.validators import CHECKED_QUERY


class _ValidatedBodyRequest(ConnexionRequest):
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


class _DecorateOnce(StarletteDecorator):
    def __call__(self, function: Callable) -> Callable:
        decorated = self.decorate(function)

        @functools.wraps(function)
        async def wrapper(*_args: Any, **_kwargs: Any) -> Any:
            request = _ValidatedBodyRequest(scope, receive, uri_parser=self.uri_parser)
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
