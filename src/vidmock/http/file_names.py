"""The name of an uploaded file (a multipart/form-data part, RFC 7578) as its sender meant it.

- `filename*` (RFC 6266 §4.3 with RFC 8187's `UTF-8''na%C3%AFve.mp4`) wins over `filename`,
  in whichever order they come: a client sends both so that older readers get an ASCII name.
  python-multipart, which parses the part for Starlette, drops `filename*` (RFC 7578 §4.2 does
  not allow it in form data), so the part's `Content-Disposition` is read again for it with
  the standard library's RFC 2231 decoding (`email`), continuations (`filename*0*=`) included.
- RFC 2047 encoded words in `filename` (`=?utf-8?B?0JLQuNC00LXQvi5tcDQ=?=`, as .NET writes a
  name that is not ASCII) are decoded (`email.header`); a word that does not decode stays as sent.
- A path is dropped, Windows' and POSIX' alike (`C:\\Users\\me\\clip.mp4`, `/home/me/clip.mp4`):
  the name is what follows the last `\\` or `/`.
"""

from __future__ import annotations

from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import collapse_rfc2231_value

from starlette.datastructures import UploadFile


def upload_name(upload: UploadFile) -> str:
    """The file name of an uploaded part, without its path; "" when it has none."""
    name = _extended(upload.headers.get("content-disposition")) or _encoded_words(upload.filename or "")
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _extended(disposition: str | None) -> str | None:
    if not disposition:
        return None
    header = Message()
    header["Content-Disposition"] = disposition
    for key, value in header.get_params(failobj=[], header="content-disposition"):
        # An RFC 2231 parameter comes as (charset, language, text); a plain one as text.
        if key == "filename" and isinstance(value, tuple):
            return collapse_rfc2231_value(value)
    return None


def _encoded_words(name: str) -> str:
    if "=?" not in name:
        return name
    try:
        return str(make_header(decode_header(name)))
    except (MessageError, LookupError, UnicodeError):
        return name
