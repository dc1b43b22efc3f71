"""Connexion's security handlers, reading each verifying function's signature once.

Stock Connexion 3.3 asks `inspect.signature` on every request, twice, whether the function
(an API's `x-apikeyInfoFunc`, `x-bearerInfoFunc`, ...) takes `required_scopes` and `request`;
the answer is the function's and never changes."""

from __future__ import annotations

import functools
from collections.abc import Callable

from connexion.security import SECURITY_HANDLERS
from connexion.utils import inspect_function_arguments


@functools.cache
def _accepts(function: Callable, keyword: str) -> bool:
    arguments, has_kwargs = inspect_function_arguments(function)
    return has_kwargs or keyword in arguments


class _SignatureReadOnce:
    @staticmethod
    def _accepts_kwarg(func: Callable, keyword: str) -> bool:
        return _accepts(func, keyword)


# For `security_map`: every scheme type Connexion knows, with the signature read once.
SECURITY_MAP = {
    scheme: type(handler.__name__, (_SignatureReadOnce, handler), {})
    for scheme, handler in SECURITY_HANDLERS.items()
}
