"""The dashboard: a server-rendered Flask app over the running mock's `World`, mounted at
`/__admin/ui` (`vidmock.dashboard.mount`). Every write goes through `vidmock.admin.control`,
the functions the control API's operations call, so a form follows the HTTP API's rules.

Cross-site requests: the dashboard is guarded like `/__admin` (loopback, or the admin token),
but a page on another site open in the same browser could still post a form to it. Every POST
must therefore come from the dashboard's own origin: `Sec-Fetch-Site` `same-origin` (or `none`,
typed by the user) when the browser sends it, otherwise an `Origin` equal to the dashboard's
host; a request with neither (curl, a test client) is a deliberate local call and is let in."""

from __future__ import annotations

import functools
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, jsonify, request

from vidmock.dashboard import charts, controls, files, pages, requests_page
from vidmock.dashboard.common import breakable, current_world
from vidmock.dashboard.mount import DASHBOARD_SPEC
from vidmock.http.errors import repeated_parameter
from vidmock.specs.documents import load

FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
NAV = [
    ("pages.overview", "Overview"),
    ("pages.state", "State"),
    ("requests.listing", "Requests"),
    ("controls.scenarios", "Scenarios"),
    ("controls.clock", "Clock"),
    ("controls.faults", "Faults"),
    ("charts.ibm", "IBM charts"),
]


def create_dashboard(admin_prefix: str = "/__admin") -> Flask:
    """The Flask app over the world of each request's tenant; `admin_prefix` is where the
    control API is mounted."""
    app = Flask(__name__, static_folder=None)
    app.add_url_rule("/static/<path:filename>", "static", files.static_view(files.static_files()))
    app.config["ADMIN_PREFIX"] = admin_prefix
    for module in (pages, requests_page, controls, charts):
        app.register_blueprint(module.blueprint)
    app.before_request(_same_origin_posts)
    app.before_request(_forms_only)
    app.before_request(_one_value_each)
    app.context_processor(_common)
    app.add_template_filter(breakable)
    # What the dashboard answers, for people and for Schemathesis (see DASHBOARD_SPEC).
    app.add_url_rule("/openapi.json", "spec", _spec, provide_automatic_options=False)
    return app


def _spec() -> Any:
    return jsonify(load(DASHBOARD_SPEC))


def _forms_only() -> None:
    # A form that reads no field would take any other body as an empty form and act on it.
    if request.method == "POST" and request.mimetype and request.mimetype not in FORMS:
        abort(415, f"a form is posted as {' or '.join(FORMS)}, not {request.mimetype}")


def _common() -> dict[str, Any]:
    world = current_world()
    return {"nav": NAV, "now": world.clock.now(), "frozen": world.clock.frozen, "tenant": world.tenant}


def _same_origin_posts() -> None:
    if request.method in ("GET", "HEAD"):
        return
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        if site not in ("same-origin", "none"):
            abort(403, f"cross-site form post refused (Sec-Fetch-Site: {site})")
        return
    origin = request.headers.get("Origin")
    if origin is not None and origin != "null" and urlsplit(origin).netloc != request.host:
        abort(403, f"form post from another origin refused ({origin})")
    if origin == "null":
        abort(403, "form post from an opaque origin refused")


def _one_value_each() -> None:
    # Every field the dashboard reads takes one value; `args.get` would keep the first unseen.
    # Fields it does not read are ignored, as a page ignores them, repeated or not.
    for location, fields in (("query", request.args), ("form", request.form)):
        for name, values in fields.lists():
            if len(values) > 1 and name in _fields_read():
                abort(400, repeated_parameter(location, name, len(values), "it takes one value").detail)


@cache
def _fields_read() -> frozenset[str]:
    """The names of every parameter and form field the dashboard's spec declares."""
    spec = load(DASHBOARD_SPEC)

    def resolved(node: dict) -> dict:
        while "$ref" in node:  # '#/components/...'
            node = functools.reduce(dict.__getitem__, node["$ref"].removeprefix("#/").split("/"), spec)
        return node

    names: set[str] = set()
    for item in spec["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            names.update(resolved(parameter)["name"] for parameter in operation.get("parameters", []))
            for media in resolved(operation.get("requestBody", {})).get("content", {}).values():
                names.update(resolved(media.get("schema", {})).get("properties", {}))
    return frozenset(names)
