"""Pages that change the world: scenarios (load, export, import), the clock, fault rules and
latency. Each form posts; a refusal re-renders the page with the message (400) and changes
nothing (the control functions check everything before they write); a success redirects
(303) back to the page with what was done, so a reload never repeats the write."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, redirect, request, url_for

from vidmock.admin import control
from vidmock.dashboard.common import current_world, page, refusal
from vidmock.dashboard.files import served
from vidmock.http.errors import ApiError
from vidmock.http.json_bodies import JSONBodyError, parse_json_body
from vidmock.http.served_files import ServedFile
from vidmock.scenarios import list_scenarios

blueprint = Blueprint("controls", __name__)
CLOCK_ACTIONS = ("freeze", "unfreeze", "set", "advance")


def _done(endpoint: str, message: str) -> Response:
    return redirect(url_for(endpoint, done=message), code=303)


def _json(text: bytes | str, what: str) -> Any:
    """JSON from a form, read as the control API reads a JSON body (`parse_json_body`: UTF-8,
    finite numbers, each name once per object); a refusal is an `ApiError` 400 naming the place."""
    try:
        return parse_json_body(text.encode() if isinstance(text, str) else text)
    except JSONBodyError as exc:
        if not exc.pointer:
            raise ApiError(400, f"{what} is no JSON: {exc.detail}") from None
        raise ApiError(400, f"{what} is refused: {exc.detail}", pointer=exc.pointer) from None


@blueprint.get("/scenarios")
def scenarios(error: str | None = None, status: int = 200) -> tuple[str, int]:
    world = current_world()
    return page(
        "scenarios.html",
        status,
        scenarios=list_scenarios(),
        world=world,
        error=error,
        done=request.args.get("done"),
    )


@blueprint.post("/scenarios/load")
def load_scenario() -> Any:
    name = request.form.get("name", "")
    try:
        control.load_scenario(current_world(), name)
    except ApiError as exc:
        return scenarios(refusal(exc), 400 if exc.status == 400 else exc.status)
    return _done("controls.scenarios", f"Scenario {name} loaded")


@blueprint.get("/export")
def export() -> Response:
    """A read, so a GET: the world as the snapshot `POST /__admin/import` takes."""
    body = json.dumps(control.export(current_world())).encode()
    stamp = current_world().clock.now().strftime("%Y%m%dT%H%M%SZ")
    disposition = {"Content-Disposition": f'attachment; filename="vidmock-{stamp}.json"'}
    return served(ServedFile(body, "application/json", headers=disposition))


@blueprint.post("/import")
def import_snapshot() -> Any:
    upload = request.files.get("snapshot")
    if upload is None or not upload.filename:
        return scenarios("Choose a snapshot file (JSON, as exported) to import", 400)
    try:
        body = _json(upload.read(), "The file")
    except ApiError as exc:
        return scenarios(refusal(exc), 400)
    try:
        answer = control.import_snapshot(current_world(), body)
    except ApiError as exc:
        return scenarios(refusal(exc), 400)
    rows = sum(answer["counts"].values()) if isinstance(answer["counts"], dict) else answer["counts"]
    return _done("controls.scenarios", f"Imported {upload.filename} ({rows} rows)")


@blueprint.get("/clock")
def clock(error: str | None = None, status: int = 200, form: dict[str, str] | None = None) -> tuple[str, int]:
    return page(
        "clock.html",
        status,
        clock=control.clock(current_world()),
        error=error,
        done=request.args.get("done"),
        form=form or {},
    )


@blueprint.post("/clock")
def set_clock() -> Any:
    form = {name: request.form.get(name, "").strip() for name in ("action", "now", "advance")}
    action = form["action"]
    if action not in CLOCK_ACTIONS:
        return clock(f"Unknown action '{action}'; one of {', '.join(CLOCK_ACTIONS)}", 400, form)
    body: dict[str, Any] = {}
    if action in ("freeze", "unfreeze"):
        body["frozen"] = action == "freeze"
    else:
        field = "now" if action == "set" else "advance"
        if not form[field]:
            wanted = "a date-time" if action == "set" else "a duration"
            return clock(f"Give {wanted} to {action} the clock", 400, form)
        body[field] = form[field]
    try:
        answer = control.set_clock(current_world(), body)
    except ApiError as exc:
        return clock(refusal(exc), 400, form)
    return _done("controls.clock", f"Clock {action}: now {answer['now']}")


@blueprint.get("/faults")
def faults(
    error: str | None = None, status: int = 200, form: dict[str, str] | None = None
) -> tuple[str, int]:
    world = current_world()
    latency = world.faults.latency
    return page(
        "faults.html",
        status,
        rules=world.faults.listing(),
        latency=latency.spec if latency else None,
        apis=world.vendor_keys,
        error=error,
        done=request.args.get("done"),
        form=form or {},
    )


@blueprint.post("/faults")
def add_fault() -> Any:
    form = {name: request.form.get(name, "").strip() for name in ("rule", "api", "path", "status", "times")}
    try:
        rule = _json(form["rule"], "The rule") if form["rule"] else _rule_from_fields(form)
    except ApiError as exc:
        return faults(refusal(exc), 400, form)
    if rule is None:
        return faults("Give the rule as JSON, or at least a status", 400, form)
    try:
        added = control.add_fault(current_world(), rule)
    except ApiError as exc:
        return faults(refusal(exc), 400, form)
    return _done("controls.faults", f"Fault rule {added['id']} added")


def _rule_from_fields(form: dict[str, str]) -> dict[str, Any] | None:
    """The few fields as a rule; numbers that do not parse are passed on as text, so the rule
    parser names the field (`/status`) as the HTTP API would."""
    if not form["status"]:
        return None
    match = {key: form[key] for key in ("api", "path") if form[key]}
    rule: dict[str, Any] = {"match": match, "status": _number(form["status"])}
    if form["times"]:
        rule["times"] = _number(form["times"])
    return rule


def _number(text: str) -> int | str:
    return int(text) if text.isascii() and text.isdigit() else text


@blueprint.post("/faults/<rule_id>/delete")
def remove_fault(rule_id: str) -> Any:
    if not current_world().faults.remove(rule_id):
        return faults(f"No fault rule '{rule_id}' (a rule with times retires once spent)", 404)
    return _done("controls.faults", f"Fault rule {rule_id} removed")


@blueprint.post("/latency")
def set_latency() -> Any:
    text = request.form.get("delay", "").strip()
    try:
        delay = _json(text, "The delay") if text else None
    except ApiError as exc:
        return faults(refusal(exc), 400, {"delay": text})
    try:
        answer = control.set_latency(current_world(), delay)
    except ApiError as exc:
        return faults(refusal(exc), 400, {"delay": text})
    return _done("controls.faults", f"Latency {'set' if answer['delay'] else 'removed'}")
