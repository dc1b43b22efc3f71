"""Every method the mock answers is one a served spec declares, or a read of the documentation.

The app's actual routes are walked, Connexion's (one per operation, plus the HEAD Starlette adds
to each GET), Swagger UI's and the dashboard's Flask rules (plus the HEAD and OPTIONS Flask adds),
and each route is sent every method its spec does not declare: the answer must be a 405 whose
`Allow` lists exactly what the spec declares. A route that belongs to no served spec must be
documentation (a spec as served, Swagger UI), answering GET and HEAD only."""

from __future__ import annotations

import re

import pytest
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from starlette.routing import Mount, Route

from conftest import make_app
from vidmock.app import DASHBOARD_PREFIX
from vidmock.dashboard.mount import DashboardMount

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
DOCUMENTATION = {"GET", "HEAD"}
# What a placeholder of a route is filled with: any value reaches the route (routing comes first).
SAMPLES = {"int": "1"}


def template(path: str) -> str:
    """A route's path with every placeholder, of any router's syntax, written `{}`."""
    return re.sub(r"\{[^}]*\}|<[^>]*>", "{}", path)


def concrete(path: str) -> str:
    """A path the route answers: `{videoId}` -> `x`, Flask's `<int:entry_id>` -> `1`."""
    return re.sub(r"\{([^}:]*)(?::([^}]*))?\}|<(?:([^:>]*):)?[^>]*>", _sample, path)


def _sample(match: re.Match) -> str:
    return SAMPLES.get(match.group(2) or match.group(3) or "", "x")


@pytest.fixture(scope="module", params=[None, "apivideo"], ids=["every API", "api.video alone at the root"])
def app(request):
    built = make_app(api=request.param)
    assert built.test_client().get("/__admin/health").status_code == 200  # builds the middleware
    yield built
    built.world.store.dispose()


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def routes(app) -> dict[str, set[str]]:
    """Every route of the app: its path (placeholders as written) -> the methods it answers."""
    found: dict[str, set[str]] = {}
    for layer in app.middleware.middleware_stack:
        if isinstance(layer, RoutingMiddleware | SwaggerUIMiddleware):
            _walk(layer.router, "", found)
        if isinstance(layer, DashboardMount):
            for rule in layer.wsgi.url_map.iter_rules():
                found.setdefault(DASHBOARD_PREFIX + rule.rule, set()).update(rule.methods or ())
    return found


def _walk(router, prefix: str, found: dict[str, set[str]]) -> None:
    for route in router.routes:
        if isinstance(route, Mount) and hasattr(route.app, "routes"):
            _walk(route.app, prefix + route.path, found)
        elif isinstance(route, Mount):  # a directory of files (Swagger UI's)
            found.setdefault(prefix + route.path + "/{file}", set()).update(DOCUMENTATION)
        elif isinstance(route, Route):
            found.setdefault(prefix + route.path, set()).update(route.methods or ())


@pytest.fixture(scope="module")
def declared(client, routes) -> dict[str, set[str]]:
    """Every path of every served spec (`{prefix}/openapi.json`), as a template -> its methods."""
    table: dict[str, set[str]] = {}
    for path in routes:
        if path.endswith("/openapi.json"):
            spec = client.get(path).json()
            base = spec["servers"][0]["url"].rstrip("/")
            for spec_path, item in spec["paths"].items():
                methods = {m.upper() for m in item if m.upper() in METHODS}
                if item.get("get", {}).get("x-vidmock-served-file"):
                    methods.add("HEAD")  # a served file's read: answered, with no effect
                table[template(base + spec_path)] = methods
    return table


@pytest.fixture(scope="module")
def is_documentation(routes):
    """Whether a path is documentation: a spec as served, or Swagger UI (the control API's at
    `/docs`), below the base of a served spec."""
    bases = [path.removesuffix("/openapi.json") for path in routes if path.endswith("/openapi.json")]

    def check(path: str) -> bool:
        base = max((b for b in bases if path.startswith(b + "/")), key=len, default=None)
        return (
            base is not None
            and re.fullmatch(r"/openapi\.(json|yaml)|/(ui|docs)(/.*)?", path[len(base) :]) is not None
        )

    return check


def test_the_walk_sees_every_surface(app, routes, declared):
    prefixes = [prefix for prefix, _key in app.world.prefixes] + [DASHBOARD_PREFIX]
    assert len(prefixes) in (3, 8)  # api.video alone or the six mounts of five vendors, control, dashboard
    for prefix in prefixes:
        assert any(path.startswith(prefix + "/") for path in declared), prefix
        assert any(path.startswith(prefix + "/") for path in routes), prefix


def test_every_route_belongs_to_a_served_spec_or_is_documentation(routes, declared, is_documentation):
    strays = [path for path in routes if template(path) not in declared and not is_documentation(path)]
    assert strays == []


def test_every_declared_method_is_routed(routes, declared):
    answered: dict[str, set[str]] = {}
    for path, methods in routes.items():
        answered.setdefault(template(path), set()).update(methods)
    missing = {path: methods - answered.get(path, set()) for path, methods in declared.items()}
    assert {path: methods for path, methods in missing.items() if methods} == {}


def test_a_method_no_spec_declares_is_refused_with_the_declared_ones_allowed(
    client, routes, declared, is_documentation
):
    wrong = []
    for path in routes:
        allowed = declared.get(template(path)) or (DOCUMENTATION if is_documentation(path) else set())
        for method in sorted(set(METHODS) - allowed):
            answer = client.request(method, concrete(path))
            allow = {m.strip() for m in answer.headers.get("allow", "").split(",") if m.strip()}
            if answer.status_code != 405 or allow != allowed:
                wrong.append((method, path, answer.status_code, answer.headers.get("allow")))
    assert wrong == []
