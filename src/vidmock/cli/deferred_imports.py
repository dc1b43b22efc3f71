"""Modules Connexion imports that a served mock does not use, loaded when first used instead.

Connexion imports, at its own import, three packages only some of its functions call:
`requests` (fetching a spec's remote `$ref`s: vidmock's specs have none), `httpx` (calling an
OAuth token-info URL: vidmock checks tokens itself) and `starlette.testclient` (its apps'
`test_client()`). Together they were about 0.1 s of a 0.7 s `vidmock serve` start.

While `deferred_imports()` is open, importing one of them gives a stand-in module: its first
attribute read imports the real module and answers from it, so a caller that does use it gets
the real thing, a little later. The stand-ins are taken out of `sys.modules` when the block
closes, so any later `import` (a test's, a webhook's) loads the real module as usual; only the
modules imported inside the block keep a stand-in."""

from __future__ import annotations

import importlib
import importlib.abc
import sys
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from typing import Any

# Module name -> the names its importers take with `from ... import`, each only called (a
# stand-in callable answers for it); every other use goes through attribute reads.
CONNEXION_UNUSED: Mapping[str, Sequence[str]] = {
    "requests": (),
    "httpx": (),
    "starlette.testclient": ("TestClient",),
}


class _StandIn(types.ModuleType):
    def __init__(self, name: str, called: Sequence[str]) -> None:
        super().__init__(name)
        for attribute in called:
            setattr(self, attribute, _calling(name, attribute))

    def __getattr__(self, attribute: str) -> Any:
        # Reached only for names the stand-in lacks; dunder reads (`__path__`, `__file__`) stay
        # unanswered so that import machinery and tools probing the module do not load it.
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        real = _real(self.__name__)
        # Later reads find the real module's names here without a call.
        self.__dict__.update(real.__dict__)
        return getattr(real, attribute)


def _real(name: str) -> types.ModuleType:
    # Once needed, an import of it inside a block still open is the real module too.
    for finder in sys.meta_path:
        if isinstance(finder, _StandInFinder):
            finder.release(name)
    if isinstance(sys.modules.get(name), _StandIn):
        del sys.modules[name]
    return importlib.import_module(name)


def _calling(name: str, attribute: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real(name), attribute)(*args, **kwargs)

    call.__qualname__ = call.__name__ = attribute
    return call


class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, deferred: dict[str, Sequence[str]]) -> None:
        self._deferred = deferred

    def release(self, name: str) -> None:
        self._deferred.pop(name, None)

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if fullname not in self._deferred:
            return None
        return ModuleSpec(fullname, self)

    def create_module(self, spec: ModuleSpec) -> types.ModuleType:
        return _StandIn(spec.name, self._deferred[spec.name])

    def exec_module(self, module: types.ModuleType) -> None:
        pass


@contextmanager
def deferred_imports(deferred: Mapping[str, Sequence[str]] = CONNEXION_UNUSED) -> Iterator[None]:
    """Within the block, `import <name>` for each name of `deferred` (one not yet imported) gives
    a stand-in that imports the real module on its first use."""
    finder = _StandInFinder({name: called for name, called in deferred.items() if name not in sys.modules})
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        for name in deferred:
            if isinstance(sys.modules.get(name), _StandIn):
                del sys.modules[name]
