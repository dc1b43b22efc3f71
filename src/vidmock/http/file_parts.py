"""The one file of an upload, whatever the field name of its part.

An upload whose request body schema says `x-vidmock-one-file-part: true` takes exactly one file
part (a part with a `filename`, RFC 7578 §4.2), and reads it as the schema's one `format: binary`
property whatever its field name. api.video does so: its official Node.js client names the part
after the file (`Content-Disposition: form-data; name="clip.mp4"; filename="clip.mp4"`).

- One file part under another name is read as the file field (`file`); the plain fields around
  it are read as sent.
- No file part is a 400 naming the file field: a plain field under its name (a part without a
  `filename`) is no file; no part of that name is left to the schema's `required`.
- Two or more file parts are a 400 naming the file field, never a guess at which was meant (the
  same field sent twice is `repeated_parameter`'s refusal), and so is a file part under another
  name beside a plain field under the file field's.

The body validator applies the rule to the form it parses (`one_file_part`) and keeps the
renaming with the request (`keep_renamed`), so that the handler's own reading of the form
(`renamed_part`) gets the same file under the same name.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from starlette.datastructures import FormData, UploadFile

from vidmock.http.errors import field_error

# The schema extension that turns the rule on.
ONE_FILE_PART = "x-vidmock-one-file-part"
# Where the validator leaves the renaming, in the request's ASGI scope.
_RENAMED = "vidmock.file_part"


def file_field(schema: Mapping[str, Any]) -> str | None:
    """The binary property of a body schema that takes `x-vidmock-one-file-part`; None for any
    other schema. A marked schema with no or several binary properties is a ValueError."""
    if not schema.get(ONE_FILE_PART):
        return None
    binary = [name for name, prop in schema.get("properties", {}).items() if prop.get("format") == "binary"]
    if len(binary) != 1:
        raise ValueError(f"{ONE_FILE_PART} needs exactly one binary property, the schema has {binary}")
    return binary[0]


def one_file_part(form: FormData, field: str) -> tuple[FormData, str | None]:
    """`form` with its one file part under `field`, and the name the part was sent under (None
    when it was sent as `field`, or when there is no part to judge: the schema says so then).

    Raises `ApiError` 400 naming `field` (a form field): no file part but a plain `field`, two
    or more file parts under names other than `field` alone, or a file part under another name
    beside a plain `field`."""
    sent = [name for name, value in form.multi_items() if isinstance(value, UploadFile)]
    if not sent:
        if field in form:
            raise field_error("form", [field], f"The field '{field}' must be a file part (with a filename)")
        return form, None
    if set(sent) == {field}:
        return form, None
    if len(sent) > 1:
        names = ", ".join(f"'{name}'" for name in sent)
        raise field_error(
            "form", [field], f"{len(sent)} file parts were sent ({names}); the upload takes exactly one file"
        )
    [sent_as] = sent
    if field in form:
        raise field_error(
            "form",
            [field],
            f"A file part '{sent_as}' and a plain field '{field}' were sent; the upload takes one file",
        )
    renamed = [(field if name == sent_as else name, value) for name, value in form.multi_items()]
    return FormData(renamed), sent_as


def keep_renamed(scope: MutableMapping[str, Any], sent_as: str, field: str) -> None:
    """Keeps with the request (ASGI `scope`) that its file part `sent_as` is read as `field`."""
    scope.setdefault("extensions", {})[_RENAMED] = (sent_as, field)


def renamed_part(scope: Mapping[str, Any]) -> tuple[str, str] | None:
    """(the name the file part was sent under, the field it is read as), or None."""
    return (scope.get("extensions") or {}).get(_RENAMED)
