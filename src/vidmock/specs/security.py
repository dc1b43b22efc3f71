"""Connexion's security handlers, reading each verifying function's signature once, and
refusing a credential header sent twice.

Stock Connexion 3.3 asks `inspect.signature` on every request, twice, whether the function
(an API's `x-apikeyInfoFunc`, `x-bearerInfoFunc`, ...) takes `required_scopes` and `request`;
the answer is the function's and never changes. It also reads the first of two `Authorization`
(or API key) header lines and ignores the other; which credential was meant is a guess, so
that is a 400 naming the header (`vidmock.http.errors.single_header`)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from connexion.security import SECURITY_HANDLERS, AbstractSecurityHandler, ApiKeySecurityHandler
from connexion.utils import inspect_function_arguments

from vidmock.http.errors import single_header


@functools.cache
def _accepts(function: Callable, keyword: str) -> bool:
    arguments, has_kwargs = inspect_function_arguments(function)
    return has_kwargs or keyword in arguments


class _SignatureReadOnce:
    @staticmethod
    def _accepts_kwarg(func: Callable, keyword: str) -> bool:
        return _accepts(func, keyword)

    @staticmethod
    def get_auth_header_value(request):
        # Basic and bearer schemes read `Authorization` here.
        single_header(request.headers, "Authorization")
        return AbstractSecurityHandler.get_auth_header_value(request)


class _ApiKeyHeaderOnce(ApiKeySecurityHandler):
    def _get_verify_func(self, api_key_info_func, loc, name, required_scopes):
        verify = super()._get_verify_func(api_key_info_func, loc, name, required_scopes)
        if loc != "header":
            return verify

        def wrapper(request):
            single_header(request.headers, name)
            return verify(request)

        return wrapper


def _handler(handler: type) -> type:
    base = _ApiKeyHeaderOnce if handler is ApiKeySecurityHandler else handler
    return type(handler.__name__, (_SignatureReadOnce, base), {})


# For `security_map`: every scheme type Connexion knows, with the signature read once.
SECURITY_MAP = {scheme: _handler(handler) for scheme, handler in SECURITY_HANDLERS.items()}
