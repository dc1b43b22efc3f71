"""The dashboard's files (its stylesheet and scripts, the world's snapshot download), answered as
every file the mock serves is: validators, conditional requests, byte ranges
(`vidmock.http.served_files`)."""

from __future__ import annotations

from importlib import resources

from flask import Response, abort, request

from vidmock.http.served_files import ServedFile, answer, media_type_of

STATIC = resources.files("vidmock.dashboard") / "static"


def static_files() -> dict[str, ServedFile]:
    """Every file of `static/` by name, read once when the dashboard is built."""
    return {
        entry.name: ServedFile(entry.read_bytes(), media_type_of(entry.name))
        for entry in STATIC.iterdir()
        if entry.is_file()
    }


def static_view(files: dict[str, ServedFile]):
    """The view of `/static/<filename>` over `files` (Flask's own static view is replaced: its
    Werkzeug answers a 416 where RFC 9110 serves the file, see `vidmock.http.served_files`)."""

    def static(filename: str) -> Response:
        found = files.get(filename)
        if found is None:
            abort(404)
        return served(found)

    return static


def served(file: ServedFile) -> Response:
    """`file` answered to the dashboard's current request; a 412 or 416 says why in plain text."""
    given = answer(request.method, request.headers, file)
    if given.refused_header is not None:
        text = f"{given.detail} ({given.refused_header})\n"
        return Response(text, given.status, given.headers, mimetype="text/plain")
    return Response(given.body, given.status, given.headers, content_type=given.media_type)
