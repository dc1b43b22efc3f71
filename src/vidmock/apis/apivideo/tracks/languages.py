"""Languages of captions and chapters: BCP 47 tags (RFC 5646), checked by `langcodes`
against the IANA language subtag registry it ships.

The spec's `pattern` already refuses an ill-formed tag; here a well-formed tag whose subtags
are not registered (`qq`, `en-YY`) is refused, and the tag is put in its canonical case
(RFC 5646 §2.1.1: `en-us` -> `en-US`, `ZH-hant` -> `zh-Hant`) so that both spellings name the
same caption. Subtags are not replaced (`iw` stays `iw`), so what is stored is what was sent."""

from __future__ import annotations

from vidmock.http.errors import ApiError


def canonical_language(tag: str) -> str:
    """The tag in canonical case; a 400 naming `language` when it is not a valid BCP 47 tag."""
    import langcodes  # here: its tables take a tenth of a second to import, at the first caption

    if not langcodes.tag_is_valid(tag):
        raise ApiError(400, f"'{tag}' is not a valid BCP 47 language tag (RFC 5646)", parameter="language")
    return langcodes.Language.get(tag, normalize=False).to_tag()
